"""Records as plain data: the JSON API, JSON twins of pages and CSV all use these.

Each takes a model or the plain row that stands for it (``page_rows``, ``rows``: the same
attribute names), so a page's HTML and its JSON twin read one query's rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from tracker.models import (
    Account,
    AccountHop,
    Article,
    Conflict,
    ConflictMember,
    DatePrecision,
    Event,
    Outlet,
    Speaker,
    Statement,
    StatementKind,
)
from tracker.services.input.dates import format_partial

if TYPE_CHECKING:  # the plain rows carry the same attributes as the models
    from tracker.services.pages.page_rows import AccountRow, SpeakerRow, StatementRow
    from tracker.services.pages.rows import (
        ArticleRow,
        ChainedAccountRow,
        EventRow,
        HopRow,
        OutletRef,
        SpeakerRef,
    )


def speaker_brief(speaker: Speaker | SpeakerRef | SpeakerRow | None) -> dict[str, Any] | None:
    """Id, name and kind."""
    if speaker is None:
        return None
    return {"id": speaker.id, "name": speaker.name, "kind": speaker.kind.value}


def speaker_summary(speaker: Speaker | SpeakerRow, statement_count: int | None = None) -> dict[str, Any]:
    """A speaker for lists."""
    data = {
        **(speaker_brief(speaker) or {}),
        "key": speaker.key,
        "country": speaker.country,
        "wikidata_id": speaker.wikidata_id,
        "aliases": [a.name for a in speaker.aliases if not a.is_canonical],
    }
    if statement_count is not None:
        data["statement_count"] = statement_count
    return data


def speaker_detail(speaker: Speaker | SpeakerRow) -> dict[str, Any]:
    """A speaker with every name and role."""
    return {
        **speaker_summary(speaker),
        "description": speaker.description,
        "aliases": [
            {"name": a.name, "language": a.language, "script": a.script,
             "romanization": a.romanization, "note": a.note}
            for a in speaker.aliases if not a.is_canonical
        ],
        "roles": [
            {"title": r.title, "organization": r.organization,
             "start": format_partial(r.start_date, r.start_precision),
             "end": format_partial(r.end_date, r.end_precision)}
            for r in speaker.roles
        ],
    }


def outlet_brief(outlet: Outlet | OutletRef | None) -> dict[str, Any] | None:
    """Id, name and kind."""
    if outlet is None:
        return None
    return {"id": outlet.id, "name": outlet.name, "kind": outlet.kind.value}


def article_brief(article: Article | ArticleRow[OutletRef] | None) -> dict[str, Any] | None:
    """An article with its outlet and publication date."""
    if article is None:
        return None
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "authors": article.authors,
        "outlet": outlet_brief(article.outlet),
        "published": format_partial(article.published_on, article.published_precision),
        "published_precision": article.published_precision.value if article.published_precision else None,
        "published_note": article.published_note,
    }


def event_brief(event: Event | EventRow | None) -> dict[str, Any] | None:
    """Id, name, place and dates."""
    if event is None:
        return None
    return {"id": event.id, "name": event.name, "place": event.place,
            "start": format_partial(event.start_date, event.start_precision),
            "end": format_partial(event.end_date, event.end_precision)}


def hop(h: AccountHop | HopRow) -> dict[str, Any]:
    """One link of a chain of attribution."""
    return {"position": h.position, "role": h.role.value, "speaker": speaker_brief(h.speaker),
            "outlet": outlet_brief(h.outlet), "label": h.label}


def account(a: Account | ChainedAccountRow | AccountRow) -> dict[str, Any]:
    """An account with its narrator, article and chain."""
    return {
        "id": a.id,
        "key": a.key,
        "statement_id": a.statement_id,
        "narrator": speaker_brief(a.narrator),
        "article": article_brief(a.article),
        "wording": a.wording,
        "stance": a.stance.value,
        "note": a.note,
        "language": a.language,
        "original_text": a.original_text,
        "translation_note": a.translation_note,
        "translator": a.translator,
        "chain": [hop(h) for h in a.hops],
    }


class StatementFields(Protocol):
    """What ``statement_fields`` reads: a Statement, or any plain row of one (``page_rows``, and
    the comparison's rows, which read its topics apart)."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str | None: ...
    @property
    def speaker(self) -> Speaker | SpeakerRef: ...
    @property
    def event(self) -> Event | EventRow | None: ...
    @property
    def said_on(self) -> date | None: ...
    @property
    def said_precision(self) -> DatePrecision | None: ...
    @property
    def said_note(self) -> str | None: ...
    @property
    def wording(self) -> str: ...
    @property
    def kind(self) -> StatementKind: ...
    @property
    def language(self) -> str | None: ...
    @property
    def original_text(self) -> str | None: ...
    @property
    def translation_note(self) -> str | None: ...
    @property
    def verdict(self) -> str | None: ...
    @property
    def speaker_candidates(self) -> list[list[object]] | None: ...


def statement(s: Statement | StatementRow, with_accounts: bool = True) -> dict[str, Any]:
    """A statement with its date precision and, optionally, its accounts."""
    data = statement_fields(s, [t.name for t in s.topics])
    if with_accounts:
        data["accounts"] = [account(a) for a in s.accounts if a.deleted_at is None]
    return data


def statement_fields(s: StatementFields, topics: list[str]) -> dict[str, Any]:
    """A statement's own fields, with the names of its topics."""
    return {
        "id": s.id,
        "key": s.key,
        "speaker": speaker_brief(s.speaker),
        "event": event_brief(s.event),
        "said": format_partial(s.said_on, s.said_precision),
        "said_precision": s.said_precision.value if s.said_precision else None,
        "said_note": s.said_note,
        "wording": s.wording,
        "kind": s.kind.value,
        "language": s.language,
        "original_text": s.original_text,
        "translation_note": s.translation_note,
        "verdict": s.verdict,
        "speaker_candidates": s.speaker_candidates,
        "topics": topics,
    }


def conflict_member(m: ConflictMember) -> dict[str, Any]:
    """One side of a conflict."""
    if m.account is not None:
        return {"position": m.position, "type": "account", "account": account(m.account),
                "statement": statement(m.account.statement, with_accounts=False)}
    assert m.statement is not None
    return {"position": m.position, "type": "statement", "statement": statement(m.statement, False)}


def conflict_summary(c: Conflict) -> dict[str, Any]:
    """A conflict for lists."""
    return {"id": c.id, "key": c.key, "title": c.title, "summary": c.summary,
            "status": c.status.value, "member_count": len(c.members)}


def conflict_detail(c: Conflict) -> dict[str, Any]:
    """A conflict with both (or all) versions and the points on which they differ."""
    return {
        **conflict_summary(c),
        "resolution": c.resolution,
        "members": [conflict_member(m) for m in c.members],
        "points": [
            {"aspect": p.aspect,
             "claims": [{"member_position": cl.member.position, "text": cl.text} for cl in p.claims]}
            for p in c.points
        ],
    }


def account_with_statement(a: Account) -> dict[str, Any]:
    """An account with the statement it tells (without the statement's other accounts)."""
    return {**account(a), "statement": statement(a.statement, with_accounts=False)}


def outlet_summary(outlet: Outlet, articles: int | None = None,
                   accounts: int | None = None) -> dict[str, Any]:
    """An outlet for lists and its own page, with counts when known."""
    data: dict[str, Any] = {
        **(outlet_brief(outlet) or {}), "key": outlet.key, "country": outlet.country,
        "language": outlet.language, "url": outlet.url,
    }
    if articles is not None:
        data["article_count"] = articles
    if accounts is not None:
        data["account_count"] = accounts
    return data


def event_detail(event: Event, statement_count: int | None = None) -> dict[str, Any]:
    """An event with its description, parent id and, when known, its statement count."""
    data = {**(event_brief(event) or {}), "key": event.key, "description": event.description,
            "parent_id": event.parent_id}
    if statement_count is not None:
        data["statement_count"] = statement_count
    return data
