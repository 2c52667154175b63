"""The write API under /api/v1: POST / PATCH / DELETE with a per-user bearer token.

Bodies are records in the tracker's JSON shape (docs/data-format.md) and go through the same
Loader / RecordReader validation and revision history as seeds, imports and forms.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, g, jsonify, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from .db import get_session, write_session
from .models import ApiToken, Statement, User
from .models.base import utcnow
from .services import history, queries, serialize
from .services.exporters.dump import account as account_record
from .services.exporters.dump import approximate, key_of
from .services.loader import Loader
from .services.records import RecordError

bp = Blueprint("api_write", __name__, url_prefix="/api/v1")
TOKEN_PREFIX = "cqt_"  # noqa: S105 (a label, not a secret)
F = TypeVar("F", bound=Callable[..., Any])


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for a user; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:200] or "token", token_hash=hash_token(plain))
    session.add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, token: ApiToken) -> None:
    """Revoke a token (kept, marked revoked)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()


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


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "Send a JSON object (Content-Type: application/json).")
    return data


def _invalid(exc: RecordError) -> tuple[Response, int]:
    return jsonify({"error": {"status": 422, "title": "Invalid record", "message": str(exc),
                              **exc.as_dict()}}), 422


def _statement_record(s: Statement) -> dict[str, Any]:
    """The statement as the Loader reads it (what PATCH merges the body into)."""
    from .services.dates import format_partial

    return {
        "key": key_of(s), "speaker": key_of(s.speaker), "event": key_of(s.event),
        "said": format_partial(s.said_on, s.said_precision), "said_precision": approximate(s.said_precision),
        "said_note": s.said_note, "wording": s.wording, "kind": s.kind.value, "language": s.language,
        "original_text": s.original_text, "translation_note": s.translation_note, "verdict": s.verdict,
        "speaker_candidates": s.speaker_candidates, "topics": sorted(str(key_of(t)) for t in s.topics),
        "accounts": [account_record(a) for a in s.accounts if a.deleted_at is None],
    }


def _save(record: dict[str, Any], summary: str) -> Statement | tuple[Response, int]:
    session = get_session()
    loader = Loader(session, user_id=g.api_user_id, summary=summary)
    try:
        loader.load("request body", {"statements": [record]})
        session.commit()
    except RecordError as exc:
        session.rollback()
        return _invalid(exc)
    found = session.scalar(select(Statement).where(Statement.key == record["key"]))
    assert found is not None
    return found


@bp.post("/statements")
@token_required
def create_statement() -> Any:
    """Create a statement (with accounts) from a record in the tracker's shape."""
    record = _body()
    record.setdefault("key", f"api:{uuid.uuid4().hex}")
    if isinstance(record.get("key"), str) and get_session().scalar(
            select(Statement.id).where(Statement.key == record["key"])) is not None:
        abort(409, f"A statement with the key “{record['key']}” exists; PATCH it instead.")
    saved = _save(record, "created through the API")
    if isinstance(saved, tuple):
        return saved
    response = jsonify(serialize.statement(saved))
    response.status_code = 201
    response.headers["Location"] = url_for("api.statement", statement_id=saved.id)
    return response


@bp.patch("/statements/<int:statement_id>")
@token_required
def update_statement(statement_id: int) -> Any:
    """Change the fields given in the body; the others stay as they are."""
    found = queries.get_statement(get_session(), statement_id)
    if found is None:
        abort(404, f"There is no statement {statement_id}.")
    changes = _body()
    if "key" in changes and changes["key"] != found.key:
        abort(422, "The key of a statement cannot be changed.")
    if found.key is None:
        found.key = key_of(found)
    saved = _save({**_statement_record(found), **changes}, "changed through the API")
    return saved if isinstance(saved, tuple) else jsonify(serialize.statement(saved))


@bp.delete("/statements/<int:statement_id>")
@token_required
def delete_statement(statement_id: int) -> Any:
    """Delete a statement (soft: it stays in the history and can be restored)."""
    session = get_session()
    found = queries.get_statement(session, statement_id)
    if found is None:
        abort(404, f"There is no statement {statement_id}.")
    before = history.snapshot(found)
    found.deleted_at = utcnow()
    history.record(session, found, "delete", before, None, g.api_user_id, "deleted through the API")
    session.commit()
    return Response(status=204)


def init_app(app: Any) -> None:
    """Register the blueprint; token-authenticated requests need no CSRF token."""
    from .auth import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
