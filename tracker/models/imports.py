"""Imports: a file started from the upload page (the stored file, where the run is, and its
summary), and how far a ``--commit-every`` import of a file got."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base, UTCDateTime, intpk, utcnow

# queued -> running -> done | failed | cancelled (a queued job can be cancelled before it runs).
IMPORT_STATUSES = ("queued", "running", "done", "failed", "cancelled")


class ImportJob(Base):
    """One uploaded file and its import, run in the background.

    ``total`` and ``done`` are in the unit the importer reports (records or bytes) and are
    written when the run starts and ends; live progress in between is kept beside the stored
    file (services.imports.progress), because on SQLite the import's own transaction holds the
    write lock while it writes. ``summary`` is the ImportResult as JSON, its rejected rows
    bounded (``rejected_total`` counts them all)."""

    __tablename__ = "import_job"

    id: Mapped[intpk]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(1000), default="")
    format: Mapped[str] = mapped_column(String(16))
    skip_bad: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int | None] = mapped_column(BigInteger)
    done: Mapped[int] = mapped_column(BigInteger, default=0)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rejected_total: Mapped[int] = mapped_column(BigInteger, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


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
