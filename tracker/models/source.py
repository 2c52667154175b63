"""Outlets and the articles they publish."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import (
    Base,
    DatePrecision,
    Keyed,
    OutletKind,
    SoftDeleted,
    Timestamped,
    Versioned,
    enum_column,
    intpk,
)


class Outlet(Keyed, Timestamped, SoftDeleted, Versioned, Base):
    """Who published a report: newspaper, agency, broadcaster, government site, social account."""

    __tablename__ = "outlet"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(300))
    sort_name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[OutletKind] = mapped_column(
        enum_column(OutletKind, "outlet_kind"), default=OutletKind.OTHER, index=True
    )
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(String(2000))
    # The web domain, so an imported URL finds its outlet.
    domain: Mapped[str | None] = mapped_column(String(255), unique=True)


class Article(Keyed, Timestamped, SoftDeleted, Versioned, Base):
    """One published piece; it carries many accounts."""

    __tablename__ = "article"

    id: Mapped[intpk]
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id"), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(1000))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_on: Mapped[date | None] = mapped_column(index=True)
    published_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, "published_precision")
    )
    published_note: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)

    outlet: Mapped[Outlet | None] = relationship()
