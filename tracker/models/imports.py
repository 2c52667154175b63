"""Imports started from the upload page: the stored file, where the run is, and its summary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, String, Text
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
