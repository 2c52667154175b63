"""Revisions: every create, update and delete records who, when, and the values before/after."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from tracker.models import Base, Revision

_SKIP = {"created_at", "updated_at", "version"}


def _json_safe(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(entity: Base, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The entity's column values as JSON-safe data (plus any child data the caller adds)."""
    mapper = inspect(entity).mapper
    data = {
        attr.key: _json_safe(getattr(entity, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SKIP
    }
    if extra:
        data.update(extra)
    return data


def record(
    session: Session,
    entity: Base,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    user_id: int | None = None,
    summary: str | None = None,
) -> Revision:
    """Add a Revision for an entity (flushes so a new entity has its id)."""
    session.flush()
    revision = Revision(
        entity_type=entity.__tablename__,
        entity_id=inspect(entity).identity[0],  # type: ignore[index]
        action=action,
        user_id=user_id,
        before=before,
        after=after,
        summary=summary,
    )
    session.add(revision)
    return revision
