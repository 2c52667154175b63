"""The write API's tokens: per-user bearer tokens and the decorator that requires one.

The endpoints themselves (POST / PATCH / DELETE / restore for every resource) are in
tracker/api_records.py; bodies go through services.editing, the forms' own path.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, g, jsonify, request
from sqlalchemy import select
from werkzeug.wrappers import Response

from .db import write_session
from .models import ApiToken
from .models.base import utcnow
from .services.tokens import TOKEN_PREFIX, hash_token, issue_token, revoke_token

bp = Blueprint("api_write", __name__, url_prefix="/api/v1")
__all__ = ["TOKEN_PREFIX", "bp", "hash_token", "issue_token", "revoke_token"]
F = TypeVar("F", bound=Callable[..., Any])


def _unauthorized(message: str) -> Response:
    response = jsonify({"error": {"status": 401, "title": "Unauthorized", "message": message}})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def token_required(view: F) -> F:
    """Require ``Authorization: Bearer <token>`` of an active user's unrevoked token."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _, plain = header.partition(" ")
        if scheme.lower() != "bearer" or not plain.strip():
            return _unauthorized("Send an API token: Authorization: Bearer <token>.")
        session = write_session()
        token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain.strip())))
        if token is None or token.revoked_at is not None or not token.user.active:
            return _unauthorized("This API token is unknown or revoked.")
        token.last_used_at = utcnow()
        g.api_user_id = token.user_id
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def init_app(app: Any) -> None:
    """Register the write API; token-authenticated requests need no CSRF token."""
    from . import api_records
    from .auth import csrf

    for blueprint in (bp, api_records.bp):
        csrf.exempt(blueprint)
        app.register_blueprint(blueprint)
