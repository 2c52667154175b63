"""HTML views: one blueprint per resource, thin (parse, call one service, render)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the HTML blueprints."""
    from tracker.views import template_helpers
    from tracker.views.reading.articles import bp as articles_bp
    from tracker.views.reading.events import bp as events_bp
    from tracker.views.reading.home import bp as home_bp
    from tracker.views.reading.outlets import bp as outlets_bp
    from tracker.views.reading.speakers import bp as speakers_bp
    from tracker.views.reading.statements import bp as statements_bp
    from tracker.views.reading.timeline import bp as timeline_bp

    template_helpers.init_app(app)
    app.register_blueprint(home_bp)
    from tracker.views.reading.conflicts import bp as conflicts_bp
    from tracker.views.reading.search import bp as search_bp

    app.register_blueprint(conflicts_bp)
    app.register_blueprint(search_bp)
    for browse_bp in (speakers_bp, statements_bp, events_bp, outlets_bp, articles_bp, timeline_bp):
        app.register_blueprint(browse_bp)
    from tracker.views.accounts.auth import bp as auth_bp
    from tracker.views.accounts.users import bp as users_bp
    from tracker.views.editing.conflicts import bp as edit_conflicts_bp
    from tracker.views.editing.history import bp as history_bp
    from tracker.views.editing.imports import bp as imports_bp
    from tracker.views.editing.proposals import bp as proposals_bp
    from tracker.views.editing.records import bp as edit_records_bp
    from tracker.views.editing.review import bp as edit_review_bp
    from tracker.views.editing.statements import bp as edit_statements_bp

    for edit_bp in (auth_bp, edit_records_bp, edit_statements_bp, edit_conflicts_bp, history_bp, users_bp,
                    proposals_bp, edit_review_bp, imports_bp):
        app.register_blueprint(edit_bp)
