"""Per-user API tokens: issued once in plain, stored only as a SHA-256 hash, revoked not deleted."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker.models import ApiToken, User
from tracker.models.base import utcnow
from tracker.services.editing import history

TOKEN_PREFIX = "cqt_"  # noqa: S105 (a label, not a secret)
MAX_NAME = 200


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _document(token: ApiToken) -> dict[str, object]:
    """What a token's revisions record (never the hash)."""
    return {"name": token.name, "user_id": token.user_id,
            "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None}


def issue_token(session: Session, user: User, name: str, *,
                by_user_id: int | None = None) -> tuple[ApiToken, str]:
    """A new token for a user; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:MAX_NAME] or "token", token_hash=hash_token(plain))
    session.add(token)
    session.flush()
    if by_user_id is not None:
        history.record(session, token, "create", None, _document(token), by_user_id,
                       f"created API token “{token.name}”")
    return token, plain


def revoke_token(session: Session, token: ApiToken, *, by_user_id: int | None = None) -> None:
    """Revoke a token (kept, marked revoked)."""
    if token.revoked_at is not None:
        return
    before = _document(token)
    token.revoked_at = utcnow()
    if by_user_id is not None:
        history.record(session, token, "delete", before, _document(token), by_user_id,
                       f"revoked API token “{token.name}”")


def token_for(session: Session, plain: str) -> ApiToken | None:
    """The token a request sent (by its hash), revoked or not, with its user (one query for both:
    every API write asks whether the user is active)."""
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain.strip()))
                          .options(joinedload(ApiToken.user)))


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    """A user's tokens, newest first (revoked ones included, marked)."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                                .order_by(ApiToken.id.desc())))


def token_of(session: Session, user_id: int, token_id: int) -> ApiToken | None:
    """One of a user's tokens (None when it is someone else's)."""
    return session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id))
