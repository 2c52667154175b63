"""HTML views: one blueprint per resource, thin (parse, call one service, render)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the HTML blueprints."""
    from . import template_helpers
    from .articles import bp as articles_bp
    from .events import bp as events_bp
    from .home import bp as home_bp
    from .outlets import bp as outlets_bp
    from .speakers import bp as speakers_bp
    from .statements import bp as statements_bp
    from .timeline import bp as timeline_bp

    template_helpers.init_app(app)
    app.register_blueprint(home_bp)
    from .conflicts import bp as conflicts_bp
    from .search import bp as search_bp

    app.register_blueprint(conflicts_bp)
    app.register_blueprint(search_bp)
    for browse_bp in (speakers_bp, statements_bp, events_bp, outlets_bp, articles_bp, timeline_bp):
        app.register_blueprint(browse_bp)
    from .auth import bp as auth_bp
    from .edit import bp as edit_records_bp
    from .edit_conflicts import bp as edit_conflicts_bp
    from .edit_statements import bp as edit_statements_bp
    from .history import bp as history_bp
    from .users import bp as users_bp

    for edit_bp in (auth_bp, edit_records_bp, edit_statements_bp, edit_conflicts_bp, history_bp, users_bp):
        app.register_blueprint(edit_bp)
