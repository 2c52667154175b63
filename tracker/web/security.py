"""Security headers on every response; HSTS when the session cookie is for HTTPS only."""

from __future__ import annotations

from flask import Flask, Response

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    """Add the headers."""
    app.config.setdefault("HSTS_MAX_AGE", 365 * 24 * 3600)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("SESSION_COOKIE_SECURE"):  # served over HTTPS: browsers must keep to it
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={int(app.config['HSTS_MAX_AGE'])}; includeSubDomains")
        return response
