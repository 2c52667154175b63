"""Speakers: who words are attributed to, under all their names."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import (
    Base,
    DatePrecision,
    Keyed,
    SoftDeleted,
    SpeakerKind,
    Timestamped,
    UTCDateTime,
    Versioned,
    enum_column,
    intpk,
    utcnow,
)

if TYPE_CHECKING:
    from tracker.models.user import User


class Speaker(Keyed, Timestamped, SoftDeleted, Versioned, Base):
    """A person, organization or group to whom words are attributed."""

    __tablename__ = "speaker"

    id: Mapped[intpk]
    kind: Mapped[SpeakerKind] = mapped_column(
        enum_column(SpeakerKind, "speaker_kind"), default=SpeakerKind.PERSON, index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    # Case-, accent- and punctuation-folded name for the A–Z index and sorting.
    sort_name: Mapped[str] = mapped_column(String(300), index=True)
    wikidata_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    # Set when an admin merges this speaker into another; its URL then redirects there.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("speaker.id", ondelete="SET NULL"), index=True
    )

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAlias.id"
    )
    roles: Mapped[list[SpeakerRole]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerRole.start_date"
    )


class SpeakerAlias(Base):
    """Another name for a speaker; the canonical name is stored here too so one index finds all."""

    __tablename__ = "speaker_alias"
    __table_args__ = (Index("ix_speaker_alias_speaker_id_name_key", "speaker_id", "name_key"),)

    id: Mapped[intpk]
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    # Folded form (see services.text.name_key): what searches compare against.
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    # The name without titles, suffixes, honorifics or middle names (services.input.names.
    # name_variant): what the resolver finds a near name by, always as an unsure match.
    variant_key: Mapped[str | None] = mapped_column(String(300), index=True)
    is_canonical: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str | None] = mapped_column(String(16))
    script: Mapped[str | None] = mapped_column(String(8))
    romanization: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerRole(Base):
    """A position a speaker held over a span of time."""

    __tablename__ = "speaker_role"

    id: Mapped[intpk]
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    organization: Mapped[str | None] = mapped_column(String(300))
    start_date: Mapped[date | None]
    start_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, "start_precision")
    )
    end_date: Mapped[date | None]
    end_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, "end_precision")
    )

    speaker: Mapped[Speaker] = relationship(back_populates="roles")


class SpeakerReview(Base):
    """Two speakers that may be one person, for an editor to decide: an import found ``speaker``
    (the newer record) named like ``candidate`` but could not be sure (``reason`` says why).
    ``status`` is ``open``, ``merged`` (``speaker`` was merged into ``candidate``) or ``separate``."""

    __tablename__ = "speaker_review"
    __table_args__ = (UniqueConstraint("speaker_id", "candidate_id", name="uq_speaker_review_pair"),)

    id: Mapped[intpk]
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    # Who decided: editors decide (the queue is not admin-only), and the queue says who did.
    decided_by: Mapped[User | None] = relationship()


class SpeakerSource(Base):
    """How a source names a speaker, stored once: the source's own key for it (a LIAR slug
    ``politifact:donald-trump``, a Quotebank ``wikidata:q22686``, a seed key) -> the speaker an
    import resolved it to. The next import finds the speaker by it, whatever its names are by
    then; merging speakers moves the rows (and undoing the merge moves them back)."""

    __tablename__ = "speaker_source"

    id: Mapped[intpk]
    # The key's namespace (``politifact``, ``wikidata``, ``quotebank``), or "" for a plain key.
    source: Mapped[str] = mapped_column(String(32))
    source_key: Mapped[str] = mapped_column(String(200), unique=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
