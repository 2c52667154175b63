"""schema.org JSON-LD for a statement: a ``Quotation``, and a ``ClaimReview`` where there is a verdict.

One builder for the statement page (absolute URLs) and the ``jsonld`` export (the links the
caller gives). What Google's structured-data rules ask of a ClaimReview is there:
``url`` (the page showing the review: the statement's permalink), ``claimReviewed``,
``reviewRating``, ``author`` (the fact-checker: the outlet that carried the verdict, or the
archive), ``datePublished``, and ``itemReviewed``, a ``Claim`` with its ``author``,
``datePublished`` and ``appearance`` (each article carrying it). The Quotation has ``url``,
``creator``/``spokenByCharacter``, ``dateCreated``, a ``citation`` per source article and, for
each account given in its own language, a ``workExample`` (that version, with its translation).
Dates are written to their precision ("2022-06" for a month): ISO 8601 allows it.
tests/services/pages/test_structured.py checks the output against schema.org's definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tracker.models import Account, Speaker, SpeakerKind, Statement
from tracker.services.input.dates import format_partial

# A link to a record: ("statement" | "speaker", id) -> URL.
Link = Callable[[str, int], str]
ARCHIVE = "Claim & Quote Tracker"


def _agent(speaker: Speaker, link: Link) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person" if speaker.kind == SpeakerKind.PERSON else "Organization",
                            "name": speaker.name, "url": link("speaker", speaker.id)}
    if speaker.wikidata_id:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    return data


def _live(statement: Statement) -> list[Account]:
    return [a for a in statement.accounts if a.deleted_at is None]


def _articles(statement: Statement) -> list[dict[str, Any]]:
    """Each article carrying the statement, once, as a schema.org NewsArticle (its URL where known)."""
    found: dict[int, dict[str, Any]] = {}
    for account in _live(statement):
        article = account.article
        if article is None or article.deleted_at is not None or article.id in found:
            continue
        cited: dict[str, Any] = {"@type": "NewsArticle"}
        if article.url:
            cited["url"] = article.url
        if article.title:
            cited["headline"] = article.title
        if article.outlet is not None:
            cited["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        if article.published_on is not None:
            cited["datePublished"] = format_partial(article.published_on, article.published_precision)
        found[article.id] = cited
    return list(found.values())


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


def quotation(statement: Statement, link: Link) -> dict[str, Any]:
    """The statement as a schema.org Quotation (without @context)."""
    url = link("statement", statement.id)
    data: dict[str, Any] = {"@type": "Quotation", "@id": url, "url": url, "text": statement.wording,
                            "creator": _agent(statement.speaker, link),
                            "spokenByCharacter": _agent(statement.speaker, link)}
    if statement.said_on is not None:
        data["dateCreated"] = format_partial(statement.said_on, statement.said_precision)
    if statement.language:
        data["inLanguage"] = statement.language
    if statement.event is not None:
        data["contentLocation" if statement.event.place else "about"] = (
            {"@type": "Place", "name": statement.event.place} if statement.event.place
            else {"@type": "Event", "name": statement.event.name})
    citations = _articles(statement)
    if citations:
        data["citation"] = citations
    versions = [v for a in _live(statement) if (v := account_version(a)) is not None]
    if versions:
        data["workExample"] = versions
    return data


def _reviewer(statement: Statement) -> tuple[dict[str, Any], str | None]:
    """Who gave the verdict (the last outlet in a chain, as LIAR records PolitiFact) and when
    its article appeared; the archive itself when no outlet is named."""
    for account in reversed(_live(statement)):
        outlets = [h.outlet for h in account.hops if h.outlet is not None]
        article = account.article
        outlet = outlets[-1] if outlets else article.outlet if article is not None else None
        if outlet is not None:
            published = (format_partial(article.published_on, article.published_precision)
                         if article is not None and article.published_on is not None else None)
            data: dict[str, Any] = {"@type": "Organization", "name": outlet.name}
            if outlet.url:
                data["url"] = outlet.url
            return data, published
    return {"@type": "Organization", "name": ARCHIVE}, None


def claim_review(statement: Statement, link: Link) -> dict[str, Any] | None:
    """A schema.org ClaimReview of the statement's verdict (without @context), or None."""
    if not statement.verdict:
        return None
    url = link("statement", statement.id)
    author, published = _reviewer(statement)
    claim: dict[str, Any] = {"@type": "Claim", "author": _agent(statement.speaker, link),
                             "appearance": _articles(statement) or [{"@type": "Quotation", "@id": url}]}
    if statement.said_on is not None:
        claim["datePublished"] = format_partial(statement.said_on, statement.said_precision)
    recorded = statement.created_at.date().isoformat() if statement.created_at else None
    return {
        "@type": "ClaimReview", "@id": f"{url}#review", "url": url, "claimReviewed": statement.wording,
        "author": author, "datePublished": published or recorded, "itemReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": statement.verdict},
    }


def graph(statement: Statement, link: Link) -> list[dict[str, Any]]:
    """The statement's nodes: its Quotation, then its ClaimReview if it has a verdict."""
    review = claim_review(statement, link)
    return [quotation(statement, link), *([review] if review is not None else [])]
