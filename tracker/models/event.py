"""Events (nested occasions) and topics."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import (
    Base,
    DatePrecision,
    Keyed,
    SoftDeleted,
    Timestamped,
    Versioned,
    enum_column,
    intpk,
)


class Event(Keyed, Timestamped, SoftDeleted, Versioned, Base):
    """An occasion with a place and dates; events nest (summit > dinner > conversation)."""

    __tablename__ = "event"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(500))
    place: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(index=True)
    start_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, "start_precision")
    )
    end_date: Mapped[date | None]
    end_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, "end_precision")
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)

    parent: Mapped[Event | None] = relationship(remote_side="Event.id", back_populates="children")
    children: Mapped[list[Event]] = relationship(back_populates="parent", order_by="Event.start_date")


class Topic(Keyed, Base):
    """A subject statements are filed under."""

    __tablename__ = "topic"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200), unique=True)
