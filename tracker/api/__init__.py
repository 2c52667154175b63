"""The JSON API under /api/v1: reads, token-authenticated writes and the OpenAPI document.

- ``read``: the GET endpoints; ``write``: POST / PATCH / DELETE / restore for every resource,
  through ``services.editing`` (the forms' own path); ``tokens``: the bearer-token check;
  ``representation``: one record's JSON (reads and writes alike); ``openapi`` and ``schemas``:
  the OpenAPI 3 document; ``extract``: proposed statements for an article's text.
- May import ``tracker.web`` (session, errors, CSRF exemption) and the services; nothing here
  is imported by the services or the HTML views.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the API blueprints; token-authenticated writes need no CSRF token."""
    from tracker.api import extract, openapi, read, write
    from tracker.web.auth import csrf

    app.register_blueprint(read.bp)
    csrf.exempt(write.bp)
    app.register_blueprint(write.bp)
    app.register_blueprint(openapi.bp)
    csrf.exempt(extract.bp)
    app.register_blueprint(extract.bp)
