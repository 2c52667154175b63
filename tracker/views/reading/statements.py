"""A statement's permalink: every account, each with its chain of attribution."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from werkzeug.wrappers import Response

from tracker.models import SpeakerKind, Statement
from tracker.services.data.exporters.linked import account_version
from tracker.services.input.dates import format_partial
from tracker.services.pages import browse, serialize
from tracker.views.formats import alternates, respond
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("statements", __name__)


def quotation_ld(statement: Statement) -> dict[str, Any]:
    """The statement as a schema.org Quotation (JSON-LD)."""
    speaker = statement.speaker
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": url_for("statements.detail", statement_id=statement.id, _external=True),
        "url": url_for("statements.detail", statement_id=statement.id, _external=True),
        "text": statement.wording,
        "creator": {
            "@type": "Person" if speaker.kind == SpeakerKind.PERSON else "Organization",
            "name": speaker.name,
            "url": url_for("speakers.detail", speaker_id=speaker.id, _external=True),
        },
    }
    if speaker.wikidata_id:
        data["creator"]["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    if statement.said_on is not None:
        data["dateCreated"] = format_partial(statement.said_on, statement.said_precision)
    if statement.language:
        data["inLanguage"] = statement.language
    if statement.event is not None:
        data["contentLocation" if statement.event.place else "about"] = (
            {"@type": "Place", "name": statement.event.place} if statement.event.place
            else {"@type": "Event", "name": statement.event.name})
    citations = []
    for account in statement.accounts:
        article = account.article
        if account.deleted_at is not None or article is None:
            continue
        cited: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title, "url": article.url}
        if article.outlet is not None:
            cited["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        if article.published_on is not None:
            cited["datePublished"] = format_partial(article.published_on,
                                                              article.published_precision)
        citations.append({k: v for k, v in cited.items() if v is not None})
    if citations:
        data["citation"] = citations
    versions = [v for a in statement.accounts
                if a.deleted_at is None and (v := account_version(a)) is not None]
    if versions:
        data["workExample"] = versions
    return data


@bp.get("/statements/<int:statement_id>", defaults={"fmt": None})
@bp.get("/statements/<int:statement_id>.<fmt>")
def detail(statement_id: int, fmt: str | None) -> Response | str:
    """The statement and all its accounts."""
    session = get_session()
    statement = records.statement(session, statement_id)
    conflicts = browse.statement_conflicts(session, statement)

    def json_data() -> dict[str, Any]:
        body = serialize.statement(statement)
        body["conflicts"] = [serialize.conflict_summary(c) for c in conflicts]
        return body

    return respond(
        fmt, "statements/detail.html", json_data,
        statement=statement, accounts=[a for a in statement.accounts if a.deleted_at is None],
        conflicts=conflicts, json_ld=quotation_ld(statement),
        alternates=alternates("statements.detail", statement_id=statement.id),
    )
