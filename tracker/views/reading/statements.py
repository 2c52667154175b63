"""A statement's permalink: every account, each with its chain of attribution."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from werkzeug.wrappers import Response

from tracker.models import Statement
from tracker.services.input.dates import format_partial
from tracker.services.pages import attribution, browse, serialize, structured
from tracker.services.search import clusters
from tracker.views.formats import alternates, respond
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("statements", __name__)


def _link(kind: str, record_id: int) -> str:
    if kind == "speaker":
        return url_for("speakers.detail", speaker_id=record_id, _external=True)
    return url_for("statements.detail", statement_id=record_id, _external=True)


def statement_ld(statement: Statement) -> dict[str, Any]:
    """The statement's JSON-LD: its Quotation, in a graph with its ClaimReview if it has a verdict."""
    nodes = structured.graph(statement, _link)
    if len(nodes) == 1:
        return {"@context": "https://schema.org", **nodes[0]}
    return {"@context": "https://schema.org", "@graph": nodes}


@bp.get("/statements/<int:statement_id>", defaults={"fmt": None})
@bp.get("/statements/<int:statement_id>.<fmt>")
def detail(statement_id: int, fmt: str | None) -> Response | str:
    """The statement and all its accounts."""
    session = get_session()
    statement = records.statement(session, statement_id)
    conflicts = browse.statement_conflicts(session, statement)
    also = clusters.also_reported(session, statement.id)

    def json_data() -> dict[str, Any]:
        body = serialize.statement(statement)
        body["conflicts"] = [serialize.conflict_summary(c) for c in conflicts]
        body["also_reported_as"] = [{
            "id": a.id, "key": a.key, "wording": a.wording,
            "said": format_partial(a.said_on, a.said_precision), "accounts": a.accounts, "outlets": a.outlets,
            "url": url_for("statements.detail", statement_id=a.id)} for a in also]
        return body

    return respond(
        fmt, "statements/detail.html", json_data,
        statement=statement, accounts=[a for a in statement.accounts if a.deleted_at is None],
        conflicts=conflicts, also=also, json_ld=statement_ld(statement),
        candidates=attribution.candidates(statement.speaker_candidates, [
            statement.speaker.name, *(a.name for a in statement.speaker.aliases)]
            if statement.speaker_candidates else []),
        alternates=alternates("statements.detail", statement_id=statement.id),
    )
