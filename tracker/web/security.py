"""Security headers on every response; HSTS when the session cookie is for HTTPS only; the
client's address from a trusted proxy (``PROXY_HOPS``)."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    """Add the headers."""
    app.config.setdefault("HSTS_MAX_AGE", 365 * 24 * 3600)
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:  # behind nginx: the client's address (login limits) and scheme come from it
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

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
