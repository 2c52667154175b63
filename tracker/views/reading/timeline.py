"""The timeline: every statement in date order, narrowed by speaker, event, topic, outlet, dates."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from werkzeug.wrappers import Response

from tracker.models import Event, Outlet, Speaker, Topic
from tracker.services.input.dates import format_partial
from tracker.services.input.parameters import ParameterError
from tracker.services.pages import browse, page_rows, serialize
from tracker.services.pages.browse import TimelineFilter
from tracker.services.pages.pagination import Loader
from tracker.views.formats import alternates, respond
from tracker.views.links import record_links
from tracker.views.params import date_range, int_arg, int_list, pages
from tracker.web.database import get_session

bp = Blueprint("timeline", __name__)


def _known(found: dict[int, object], ids: list[int], name: str, noun: str) -> None:
    missing = [i for i in ids if i not in found]
    if missing:
        raise ParameterError(name, f"there is no {noun} {missing[0]}")


@bp.get("/timeline", defaults={"fmt": None})
@bp.get("/timeline.<fmt>")
def index(fmt: str | None) -> Response | str:
    """Statements in (date, id) order; ?speaker= may repeat. The page, the CSV and the JSON
    twin read the same plain rows (``page_rows``; the twin the chains too)."""
    session = get_session()
    date_from, date_to = date_range()
    filters = TimelineFilter(speaker_ids=int_list("speaker"), event_id=int_arg("event"),
                             topic_id=int_arg("topic"), outlet_id=int_arg("outlet"),
                             date_from=date_from, date_to=date_to)
    page, per_page = pages()
    chosen = browse.find_many(session, Speaker, filters.speaker_ids)
    _known(chosen, filters.speaker_ids, "speaker", "speaker")
    for name, model, value in (("event", Event, filters.event_id), ("topic", Topic, filters.topic_id),
                               ("outlet", Outlet, filters.outlet_id)):
        if value is not None:
            _known(browse.find_many(session, model, [value]), [value], name, name)
    load: Loader[Any] = page_rows.statements_in_full if fmt == "json" else page_rows.statements
    result = browse.timeline(session, page, per_page, filters, load)

    def csv_data() -> tuple[str, list[str], list[list[object]]]:
        header = ["id", "said", "said_precision", "said_note", "speaker_id", "speaker", "event", "kind",
                  "wording", "topics", "account_count", "url"]
        return "timeline.csv", header, [
            [s.id, format_partial(s.said_on, s.said_precision),
             s.said_precision.value if s.said_precision else None, s.said_note, s.speaker.id,
             s.speaker.name, s.event.name if s.event else None, s.kind.value, s.wording,
             "; ".join(t.name for t in s.topics), len(s.accounts),  # rows hold live accounts only
             url_for("statements.detail", statement_id=s.id, _external=True)]
            for s in result.items]

    return respond(
        fmt, "timeline/index.html",
        lambda: {"items": [serialize.statement(s) for s in result.items], "pagination": result.meta(),
                 "filters": {"speaker": filters.speaker_ids, "event": filters.event_id,
                             "topic": filters.topic_id, "outlet": filters.outlet_id,
                             "from": date_from.isoformat() if date_from else None,
                             "to": date_to.isoformat() if date_to else None}},
        csv_data,
        result=result, filters=filters,
        speakers=browse.speakers_with_statements(session), events=browse.event_tree(session),
        topics=browse.all_topics(session), outlets=browse.all_outlets(session),
        alternates=alternates("timeline.index", csv_too=True), **record_links(),
    )
