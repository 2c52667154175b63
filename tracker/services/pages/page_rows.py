"""Read-only records as plain rows, for HTML pages that show many of them.

Building ORM objects (identity map, instrumented attributes, eager-load bookkeeping) costs
several times what the SQL does on a page of statements with their accounts, so the pages
that list statements (a speaker's, an event's, the timeline, the home page, search results)
read these few columns as Core rows into small frozen dataclasses instead, in a fixed number
of queries however many statements and accounts a page shows.

The dataclasses mirror the attribute names of the models they stand for (``s.event.name``,
``a.article.outlet.name``...), so templates, ``timeline_svg`` and ``serialize`` read either.
One page's HTML, JSON twin and CSV read the same rows: they carry everything
``serialize.statement`` and ``serialize.speaker_detail`` write, the chain of each account
when asked for (``chains``: the JSON twins and the API write it, the lists do not show it).
Named references, events, articles and hops are the classes ``comparison.rows`` uses too
(``services.pages.rows``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from tracker.models import (
    Account,
    AccountHop,
    Article,
    DatePrecision,
    Event,
    HopRole,
    Outlet,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    SpeakerRole,
    Stance,
    Statement,
    StatementKind,
    Topic,
    statement_topic,
)
from tracker.services.pages.rows import ArticleRow, EventRow, HopRow, OutletRef, Ref, SpeakerRef


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One live account of a statement (``deleted_at`` is always None: only live ones are read);
    ``hops`` is empty unless the chains were read."""

    id: int
    key: str | None
    statement_id: int
    narrator: SpeakerRef | None
    article: ArticleRow[OutletRef] | None
    wording: str
    stance: Stance
    note: str | None
    language: str | None = None
    original_text: str | None = None
    translation_note: str | None = None
    translator: str | None = None
    hops: tuple[HopRow, ...] = ()
    deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StatementRow:
    """A statement with its speaker, event, topics and live accounts (by id)."""

    id: int
    key: str | None
    said_on: date | None
    said_precision: DatePrecision | None
    said_note: str | None
    wording: str
    kind: StatementKind
    language: str | None
    original_text: str | None
    translation_note: str | None
    verdict: str | None
    speaker_candidates: list[list[object]] | None
    speaker: SpeakerRef
    event: EventRow | None
    topics: tuple[Ref, ...]
    accounts: tuple[AccountRow, ...]


@dataclass(frozen=True, slots=True)
class AliasRow:
    """Another name of a speaker."""

    name: str
    is_canonical: bool
    language: str | None
    script: str | None
    romanization: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class RoleRow:
    """A position a speaker held."""

    title: str
    organization: str | None
    start_date: date | None
    start_precision: DatePrecision | None
    end_date: date | None
    end_precision: DatePrecision | None


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A speaker with every name and role, as the speaker's page shows them."""

    id: int
    key: str | None
    name: str
    kind: SpeakerKind
    country: str | None
    wikidata_id: str | None
    description: str | None
    merged_into_id: int | None
    version: int
    aliases: tuple[AliasRow, ...]
    roles: tuple[RoleRow, ...]


_speaker, _alias, _role = Speaker.__table__.c, SpeakerAlias.__table__.c, SpeakerRole.__table__.c
_statement, _event, _topic = Statement.__table__.c, Event.__table__.c, Topic.__table__.c
_account, _article, _outlet = Account.__table__.c, Article.__table__.c, Outlet.__table__.c
_narrators = Speaker.__table__.alias("narrator")
_narrator = _narrators.c
_hop, _hop_speakers, _hop_outlets = (AccountHop.__table__.c, Speaker.__table__.alias("hop_speaker"),
                                     Outlet.__table__.alias("hop_outlet"))

# Built once: constructing a statement and its cache key costs more than running it.
_SPEAKER = select(_speaker.id, _speaker.key, _speaker.name, _speaker.kind, _speaker.country,
                  _speaker.wikidata_id, _speaker.description, _speaker.merged_into_id,
                  _speaker.version).where(
    _speaker.id == bindparam("speaker_id"), _speaker.deleted_at.is_(None))
_ALIASES = (select(_alias.name, _alias.is_canonical, _alias.language, _alias.script, _alias.romanization,
                   _alias.note)
            .where(_alias.speaker_id == bindparam("speaker_id")).order_by(_alias.id))
_ROLES = (select(_role.title, _role.organization, _role.start_date, _role.start_precision, _role.end_date,
                 _role.end_precision)
          .where(_role.speaker_id == bindparam("speaker_id")).order_by(_role.start_date, _role.id))
_STATEMENTS = (select(_statement.id, _statement.key, _statement.said_on, _statement.said_precision,
                      _statement.said_note, _statement.wording, _statement.kind, _statement.language,
                      _statement.original_text, _statement.translation_note, _statement.verdict,
                      _statement.speaker_candidates, _speaker.id, _speaker.name, _speaker.kind, _event.id,
                      _event.name, _event.place, _event.start_date, _event.start_precision, _event.end_date,
                      _event.end_precision)
               .select_from(Statement.__table__
                            .join(Speaker.__table__, _speaker.id == _statement.speaker_id)
                            .outerjoin(Event.__table__, _event.id == _statement.event_id))
               .where(_statement.id.in_(bindparam("ids", expanding=True))))
_TOPICS = (select(statement_topic.c.statement_id, _topic.id, _topic.name)
           .select_from(statement_topic.join(Topic.__table__, _topic.id == statement_topic.c.topic_id))
           .where(statement_topic.c.statement_id.in_(bindparam("ids", expanding=True)))
           .order_by(_topic.name))
_ACCOUNTS = (select(_account.statement_id, _account.id, _account.key, _account.wording, _account.stance,
                    _account.note, _account.language, _account.original_text, _account.translation_note,
                    _account.translator, _narrator.id, _narrator.name, _narrator.kind, _article.id,
                    _article.title, _article.url, _article.published_on, _article.published_precision,
                    _article.published_note, _article.authors, _outlet.id, _outlet.name, _outlet.kind)
             .select_from(Account.__table__
                          .outerjoin(_narrators, _narrator.id == _account.narrator_id)
                          .outerjoin(Article.__table__, _article.id == _account.article_id)
                          .outerjoin(Outlet.__table__, _outlet.id == _article.outlet_id))
             .where(_account.statement_id.in_(bindparam("ids", expanding=True)),
                    _account.deleted_at.is_(None))
             .order_by(_account.id))
# The chains of those accounts (live ones of the statements), in hop order.
_HOPS = (select(_hop.account_id, _hop.position, _hop.role, _hop.label, _hop_speakers.c.id,
                _hop_speakers.c.name, _hop_speakers.c.kind, _hop_outlets.c.id, _hop_outlets.c.name,
                _hop_outlets.c.kind)
         .select_from(AccountHop.__table__.join(Account.__table__, _account.id == _hop.account_id)
                      .outerjoin(_hop_speakers, _hop_speakers.c.id == _hop.speaker_id)
                      .outerjoin(_hop_outlets, _hop_outlets.c.id == _hop.outlet_id))
         .where(_account.statement_id.in_(bindparam("ids", expanding=True)), _account.deleted_at.is_(None))
         .order_by(_hop.account_id, _hop.position))


def speaker(session: Session, speaker_id: int) -> SpeakerRow | None:
    """A speaker with names and roles (deleted ones are not found; merged ones are, to
    redirect), in three queries: the speaker's page, its JSON twin and the API read it."""
    found = session.execute(_SPEAKER, {"speaker_id": speaker_id}).first()
    if found is None:
        return None
    aliases = session.execute(_ALIASES, {"speaker_id": speaker_id})
    roles = session.execute(_ROLES, {"speaker_id": speaker_id})
    return SpeakerRow(found.id, found.key, found.name, found.kind, found.country, found.wikidata_id,
                      found.description, found.merged_into_id, found.version,
                      tuple(AliasRow(*a) for a in aliases), tuple(RoleRow(*r) for r in roles))


def _chains(session: Session, params: dict[str, list[int]]) -> dict[int, tuple[HopRow, ...]]:
    chains: dict[int, list[HopRow]] = {}
    for (account_id, position, role, label, speaker_id, speaker_name, speaker_kind, outlet_id, outlet_name,
         outlet_kind) in session.execute(_HOPS, params):
        chains.setdefault(account_id, []).append(HopRow(
            position, HopRole(role), label,
            None if speaker_id is None else SpeakerRef(speaker_id, speaker_name, speaker_kind),
            None if outlet_id is None else OutletRef(outlet_id, outlet_name, outlet_kind)))
    return {account_id: tuple(hops) for account_id, hops in chains.items()}


def statements(session: Session, ids: Sequence[int], *, topics: bool = True,
               accounts: bool = True, chains: bool = False) -> list[StatementRow]:
    """The statements with these ids, in the order given (missing ones left out), with their
    speaker, event, topics and live accounts, in three queries whatever their number (one
    fewer for each of ``topics`` and ``accounts`` a page does not show: left empty then; one
    more for ``chains``, the accounts' hops, which the JSON twins write)."""
    if not ids:
        return []
    params = {"ids": list(ids)}
    by_statement: dict[int, list[Ref]] = {}
    for statement_id, topic_id, topic_name in session.execute(_TOPICS, params) if topics else ():
        by_statement.setdefault(statement_id, []).append(Ref(topic_id, topic_name))
    hops = _chains(session, params) if accounts and chains else {}
    told: dict[int, list[AccountRow]] = {}
    for (statement_id, account_id, key, wording, stance, note, language, original, translation, translator,
         narrator_id, narrator_name, narrator_kind,
         article_id, title, url, published_on, published_precision, published_note, authors, outlet_id,
         outlet_name, outlet_kind) in (session.execute(_ACCOUNTS, params) if accounts else ()):
        article = None if article_id is None else ArticleRow(
            None if outlet_id is None else OutletRef(outlet_id, outlet_name, outlet_kind), article_id, title,
            url, published_on, published_precision, published_note, authors)
        told.setdefault(statement_id, []).append(AccountRow(
            account_id, key, statement_id,
            None if narrator_id is None else SpeakerRef(narrator_id, narrator_name, narrator_kind), article,
            wording, stance, note, language, original, translation, translator, hops.get(account_id, ())))
    rows = {}
    for (sid, key, said_on, precision, note, wording, kind, language, original, translation, verdict,
         candidates, speaker_id, speaker_name, speaker_kind, event_id, event_name, place, start_date,
         start_precision, end_date, end_precision) in session.execute(_STATEMENTS, params):
        event = None if event_id is None else EventRow(event_id, event_name, place, start_date,
                                                       start_precision, end_date, end_precision)
        rows[sid] = StatementRow(
            sid, key, said_on, precision, note, wording, kind, language, original, translation, verdict,
            candidates, SpeakerRef(speaker_id, speaker_name, speaker_kind), event,
            tuple(by_statement.get(sid, ())), tuple(told.get(sid, ())))
    return [rows[i] for i in ids if i in rows]


def statements_in_full(session: Session, ids: Sequence[int]) -> list[StatementRow]:
    """The statements with everything ``serialize.statement`` writes, chains included (the JSON
    twins of the pages that list statements, and the API): four queries."""
    return statements(session, ids, chains=True)


def statement_cards(session: Session, ids: Sequence[int]) -> list[StatementRow]:
    """The statements as cards without their accounts (``_statement_list.html`` with
    ``show_accounts=false``): two queries."""
    return statements(session, ids, accounts=False)


def search_hits(session: Session, ids: Sequence[int]) -> list[StatementRow]:
    """The statements as search hits and their CSV show them (no topics): two queries."""
    return statements(session, ids, topics=False)
