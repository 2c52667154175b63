"""schema.org JSON-LD (Quotation; ClaimReview where a verdict exists) and TimelineJS JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Account, Conflict, DatePrecision, Event, Speaker, SpeakerKind, Statement
from tracker.services.data.exporters.dump import key_of
from tracker.services.input.dates import format_partial, human_date


def _statements(session: Session, where: Any = None) -> list[Statement]:
    query = (select(Statement).where(Statement.deleted_at.is_(None))
             .options(selectinload(Statement.speaker), selectinload(Statement.event),
                      selectinload(Statement.accounts).options(selectinload(Account.article),
                                                               selectinload(Account.hops)))
             .order_by(Statement.said_on, Statement.key, Statement.id))
    if where is not None:
        query = query.where(where)
    return list(session.scalars(query))


def _person(speaker: Speaker) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person" if speaker.kind == SpeakerKind.PERSON else "Organization",
                            "name": speaker.name}
    if speaker.wikidata_id:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    return data


def account_version(account: Account) -> dict[str, Any] | None:
    """An account given in its own language, as a schema.org Quotation in that language whose
    ``workTranslation`` is the English wording (with its translator); None for an account with
    no words or language of its own."""
    if account.original_text is None and account.language is None:
        return None
    version: dict[str, Any] = {"@type": "Quotation", "text": account.original_text or account.wording}
    if account.language:
        version["inLanguage"] = account.language
    if account.original_text is not None:
        translation: dict[str, Any] = {"@type": "Quotation", "text": account.wording, "inLanguage": "en"}
        if account.translator:
            translation["translator"] = {"@type": "Person", "name": account.translator}
        if account.translation_note:
            translation["description"] = account.translation_note
        version["workTranslation"] = translation
    return version


def jsonld(session: Session) -> dict[str, Any]:
    """Every statement as a schema.org Quotation, plus a ClaimReview for each verdict."""
    graph: list[dict[str, Any]] = []
    for s in _statements(session):
        quote_id = f"#{key_of(s)}"
        quotation: dict[str, Any] = {"@type": "Quotation", "@id": quote_id, "text": s.wording,
                                     "spokenByCharacter": _person(s.speaker), "creator": _person(s.speaker)}
        if s.said_on:
            quotation["dateCreated"] = format_partial(s.said_on, s.said_precision)
        if s.language:
            quotation["inLanguage"] = s.language
        urls = sorted({a.article.url for a in s.accounts if a.article is not None and a.article.url})
        if urls:
            quotation["citation"] = urls
        if s.event is not None:
            quotation["locationCreated"] = {"@type": "Place", "name": s.event.place or s.event.name}
        versions = [v for a in s.accounts if a.deleted_at is None and (v := account_version(a)) is not None]
        if versions:
            quotation["workExample"] = versions
        graph.append(quotation)
        if s.verdict:
            reviewers = [h.outlet.name for a in s.accounts for h in a.hops if h.outlet is not None]
            review: dict[str, Any] = {
                "@type": "ClaimReview", "claimReviewed": s.wording,
                "itemReviewed": {"@type": "Claim", "author": _person(s.speaker),
                                 "appearance": {"@id": quote_id}},
                "reviewRating": {"@type": "Rating", "alternateName": s.verdict},
            }
            if reviewers:
                review["author"] = {"@type": "Organization", "name": reviewers[-1]}
            graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def _date(value: Any, precision: DatePrecision | None) -> dict[str, Any]:
    data: dict[str, Any] = {"year": value.year}
    if precision != DatePrecision.YEAR:
        data["month"] = value.month
    if precision not in (DatePrecision.YEAR, DatePrecision.MONTH):
        data["day"] = value.day
    data["display_date"] = human_date(value, precision)
    return data


def timeline(session: Session, which: str | None = None) -> dict[str, Any]:
    """TimelineJS JSON for ``speaker:KEY``, ``event:KEY``, ``conflict:KEY`` or every dated statement."""
    title, where = "Statements", None
    if which:
        kind, _, key = which.partition(":")
        model = {"speaker": Speaker, "event": Event, "conflict": Conflict}.get(kind)
        if model is None or not key:
            raise ValueError(f"“{which}” is not speaker:KEY, event:KEY or conflict:KEY")
        found = session.scalar(select(model).where(model.key == key))  # type: ignore[attr-defined]
        if found is None:
            raise LookupError(f"There is no {kind} with the key “{key}”.")
        if isinstance(found, Speaker):
            title, where = found.name, Statement.speaker_id == found.id
        elif isinstance(found, Event):
            ids, frontier = {found.id}, [found]
            while frontier:
                frontier = [c for e in frontier for c in e.children if c.id not in ids]
                ids.update(c.id for c in frontier)
            title, where = found.name, Statement.event_id.in_(ids)
        else:
            assert isinstance(found, Conflict)
            ids = {m.statement_id or (m.account.statement_id if m.account else 0) for m in found.members}
            title, where = found.title, Statement.id.in_(ids)
    events = []
    for s in _statements(session, where):
        if s.said_on is None:
            continue
        events.append({
            "unique_id": str(key_of(s)).replace(":", "-"),
            "start_date": _date(s.said_on, s.said_precision),
            "text": {"headline": s.speaker.name, "text": s.wording},
            "group": s.event.name if s.event is not None else None,
        })
    return {"title": {"text": {"headline": title, "text": f"{len(events)} dated statement(s)"}},
            "events": events}
