"""Users and the revision history of every record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, UserRole, UTCDateTime, enum_column, intpk, utcnow


class User(Base):
    """An editor or admin; readers need no account."""

    __tablename__ = "user_account"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(320), unique=True)
    # What readers see on history pages (never the email); empty shows as "an editor".
    display_name: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(500))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"), default=UserRole.EDITOR)
    active: Mapped[bool] = mapped_column(default=True)
    # Raised by logout, a password change and deactivation: every older session ends.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Revision(Base):
    """A recorded change to any record: who, when, and the values before and after."""

    __tablename__ = "revision"
    __table_args__ = (Index("ix_revision_entity_type_entity_id_id", "entity_type", "entity_id", "id"),)

    id: Mapped[intpk]
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON)
    summary: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship()


class ImportCheckpoint(Base):
    """How far an import run with ``--commit-every`` got in a file: a rerun of the same file
    (same sha256, same format) resumes after ``records``; removed once the file is all in."""

    __tablename__ = "import_checkpoint"
    __table_args__ = (UniqueConstraint("sha256", "format"),)

    id: Mapped[intpk]
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(500))  # the file's name, for people
    records: Mapped[int]  # records of the file already stored (committed)
    # The first statement id the import created: a statement at or above it came from this
    # file, so a later row with its key adds accounts and never counts as an update.
    first_statement_id: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
