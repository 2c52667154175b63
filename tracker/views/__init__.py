"""HTML views: one blueprint per resource, thin (parse, call one service, render)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the HTML blueprints."""
    from .home import bp as home_bp

    app.register_blueprint(home_bp)
