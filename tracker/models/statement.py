"""Statements, the accounts that carry them, and each account's chain of attribution."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import (
    Base,
    DatePrecision,
    HopRole,
    Keyed,
    SoftDeleted,
    Stance,
    StatementKind,
    Timestamped,
    Versioned,
    enum_column,
    intpk,
)

if TYPE_CHECKING:
    from tracker.models.event import Event, Topic
    from tracker.models.source import Article, Outlet
    from tracker.models.speaker import Speaker

statement_topic = Table(
    "statement_topic",
    Base.metadata,
    Column("statement_id", ForeignKey("statement.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True),
)


_LIVE = text("deleted_at IS NULL")


class Statement(Keyed, Timestamped, SoftDeleted, Versioned, Base):
    """One attributed utterance: who, when (with precision), where, the words, their kind."""

    __tablename__ = "statement"
    __table_args__ = (
        # The speaker timeline and the global timeline read in (date, id) order.
        Index("ix_statement_speaker_id_said_on_id", "speaker_id", "said_on", "id"),
        Index("ix_statement_event_id_said_on_id", "event_id", "said_on", "id"),
        Index("ix_statement_said_on_id", "said_on", "id"),
        # Live statements only (readers never see deleted ones), so a speaker's page, its
        # bounded count and its events list read the index alone (event_id rides along).
        Index("ix_statement_live_speaker", "speaker_id", "said_on", "id", "event_id",
              sqlite_where=_LIVE, postgresql_where=_LIVE),
        # Newest-first walks over every live statement (the search of very common words).
        Index("ix_statement_live_said_on_id", "said_on", "id",
              sqlite_where=_LIVE, postgresql_where=_LIVE),
    )

    id: Mapped[intpk]
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    said_on: Mapped[date | None]
    said_precision: Mapped[DatePrecision | None] = mapped_column(
        enum_column(DatePrecision, "said_precision")
    )
    said_note: Mapped[str | None] = mapped_column(Text)
    wording: Mapped[str] = mapped_column(Text)
    kind: Mapped[StatementKind] = mapped_column(
        enum_column(StatementKind, "statement_kind"), default=StatementKind.DIRECT_QUOTE, index=True
    )
    language: Mapped[str | None] = mapped_column(String(16))
    original_text: Mapped[str | None] = mapped_column(Text)
    translation_note: Mapped[str | None] = mapped_column(Text)
    # A fact-checker's verdict where one exists (LIAR's labels, ClaimReview ratings).
    verdict: Mapped[str | None] = mapped_column(String(64), index=True)
    # Quotebank-style candidate speakers with probabilities: the attribution confidence.
    speaker_candidates: Mapped[list[list[object]] | None] = mapped_column(JSON)

    speaker: Mapped[Speaker] = relationship(foreign_keys=[speaker_id])
    event: Mapped[Event | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=statement_topic, order_by="Topic.name")
    accounts: Mapped[list[Account]] = relationship(
        back_populates="statement", order_by="Account.id", cascade="all, delete-orphan"
    )


class Account(Keyed, Timestamped, SoftDeleted, Versioned, Base):
    """One version of a statement: who gives it, where it was carried, in what words."""

    __tablename__ = "account"

    id: Mapped[intpk]
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    narrator_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"), index=True)
    wording: Mapped[str] = mapped_column(Text)
    stance: Mapped[Stance] = mapped_column(enum_column(Stance, "stance"), default=Stance.AFFIRMS)
    note: Mapped[str | None] = mapped_column(Text)
    # This version in its own words: the language it was given in, its text in that language
    # (the wording above is the English one), how it was translated and by whom. For this
    # version they override the statement's own language and original text.
    language: Mapped[str | None] = mapped_column(String(16))
    original_text: Mapped[str | None] = mapped_column(Text)
    translation_note: Mapped[str | None] = mapped_column(Text)
    translator: Mapped[str | None] = mapped_column(String(300))
    # Where the wording sits in its article's text: a W3C text-quote anchor (the exact passage,
    # some text either side to find it again if the text changes) and character offsets.
    anchor_exact: Mapped[str | None] = mapped_column(Text)
    anchor_prefix: Mapped[str | None] = mapped_column(String(200))
    anchor_suffix: Mapped[str | None] = mapped_column(String(200))
    anchor_start: Mapped[int | None]
    anchor_end: Mapped[int | None]

    statement: Mapped[Statement] = relationship(back_populates="accounts")
    narrator: Mapped[Speaker | None] = relationship(foreign_keys=[narrator_id])
    article: Mapped[Article | None] = relationship()
    hops: Mapped[list[AccountHop]] = relationship(
        back_populates="account", order_by="AccountHop.position", cascade="all, delete-orphan"
    )


class AccountHop(Base):
    """One link in an account's chain of attribution, from the speaker to the outlet."""

    __tablename__ = "account_hop"
    __table_args__ = (UniqueConstraint("account_id", "position"),)

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    position: Mapped[int]
    role: Mapped[HopRole] = mapped_column(enum_column(HopRole, "hop_role"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id"), index=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id"), index=True)
    # Free text for an unnamed link ("other media").
    label: Mapped[str | None] = mapped_column(String(300))

    account: Mapped[Account] = relationship(back_populates="hops")
    speaker: Mapped[Speaker | None] = relationship()
    outlet: Mapped[Outlet | None] = relationship()


class StatementCluster(Base):
    """One quote in several places: a statement whose words nearly repeat an earlier one of the
    same speaker (another outlet's rendering, or the quote entered twice), grouped under the
    earliest statement of the group (``cluster_id``). Each stays its own statement, one moment as
    its source dated it; the statement page lists the others as "also reported as"."""

    __tablename__ = "statement_cluster"

    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"),
                                              primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    # How alike the words are to those of the statement it was matched with (0–100).
    score: Mapped[float]
