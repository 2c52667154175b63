"""The timeline: every statement in date order, narrowed by speaker, event, topic, outlet, dates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Blueprint
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.models import Event, Outlet, Speaker, Topic
from tracker.services.input.dates import format_partial
from tracker.services.input.parameters import ParameterError
from tracker.services.pages import browse, page_rows, serialize, whole
from tracker.services.pages.browse import TimelineFilter
from tracker.services.pages.page_rows import StatementRow
from tracker.services.pages.pagination import Loader
from tracker.views.formats import alternates, download, download_links, respond, whole_list
from tracker.views.links import id_link, record_links
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
    chosen_filters = {"speaker": filters.speaker_ids, "event": filters.event_id,
                      "topic": filters.topic_id, "outlet": filters.outlet_id,
                      "from": date_from.isoformat() if date_from else None,
                      "to": date_to.isoformat() if date_to else None}
    if whole_list(fmt):
        return statements_download(fmt, "timeline-all",
                                   lambda session, load: whole.timeline(session, filters, load),
                                   {"filters": chosen_filters})
    load: Loader[Any] = page_rows.statements_in_full if fmt == "json" else page_rows.statements
    result = browse.timeline(session, page, per_page, filters, load)
    row = statement_csv_row()

    return respond(
        fmt, "timeline/index.html",
        lambda: {"items": [serialize.statement(s) for s in result.items], "pagination": result.meta(),
                 "filters": chosen_filters},
        lambda: ("timeline.csv", STATEMENT_HEADER, [row(s) for s in result.items]),
        result=result, filters=filters,
        speakers=browse.speakers_with_statements(session), events=browse.event_tree(session),
        topics=browse.all_topics(session), outlets=browse.all_outlets(session),
        alternates=alternates("timeline.index", csv_too=True), downloads=download_links("timeline.index"),
        **record_links(),
    )


STATEMENT_HEADER = ["id", "said", "said_precision", "said_note", "speaker_id", "speaker", "event", "kind",
                    "wording", "topics", "account_count", "url"]


def statement_csv_row() -> Callable[[StatementRow], list[object]]:
    """A CSV row of a list of statements (``page_rows.statements``: live accounts only)."""
    link = id_link("statements.detail", "statement_id", external=True)

    def row(s: StatementRow) -> list[object]:
        return [s.id, format_partial(s.said_on, s.said_precision),
                s.said_precision.value if s.said_precision else None, s.said_note, s.speaker.id,
                s.speaker.name, s.event.name if s.event else None, s.kind.value, s.wording,
                "; ".join(t.name for t in s.topics), len(s.accounts), link(s.id)]

    return row


def statements_download(fmt: str | None, name: str,
                        statements: Callable[[Session, Loader[StatementRow]], Iterator[list[StatementRow]]],
                        head: dict[str, Any]) -> Response:
    """Every statement of a list (the timeline, a speaker's or an event's): the JSON with
    their accounts' chains, the CSV with the timeline's columns."""
    load = page_rows.statements_in_full if fmt == "json" else page_rows.statements
    return download(fmt, name, lambda session: statements(session, load), serialize.statement,
                    (STATEMENT_HEADER, statement_csv_row()), head)
