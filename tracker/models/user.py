"""Users and the revision history of every record: revisions, and the import runs that stand
for the ``create`` revisions of the records a bulk import made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
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


class ImportRun(Base):
    """One bulk import of a file (one ``run_import`` call): who, when, which file. It stands for
    the ``create`` revision of every record it made, listed as ranges of ids (``ImportRunRange``);
    that revision's document is not stored (``services.editing.created``)."""

    __tablename__ = "import_run"

    id: Mapped[intpk]
    source: Mapped[str] = mapped_column(String(500))  # the file's name
    format: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    summary: Mapped[str | None] = mapped_column(Text)  # what its records' Created entry says

    user: Mapped[User | None] = relationship()


class ImportRunRange(Base):
    """Records of one kind an import run created: ids ``first_id`` to ``last_id``, every one its.
    Ranges of one kind never overlap (a run trims older ones its ids overlap: an id SQLite gave
    again after a row was removed), so the one holding (kind, id) is the one with the smallest
    ``last_id`` at or above the id: one seek on its index."""

    __tablename__ = "import_run_range"
    __table_args__ = (Index("ix_import_run_range_entity_type_last_id", "entity_type", "last_id"),)

    id: Mapped[intpk]
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_run.id", ondelete="CASCADE"), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    first_id: Mapped[int]
    last_id: Mapped[int]

    run: Mapped[ImportRun] = relationship()
