"""Events: the nested tree and each event's page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from werkzeug.wrappers import Response

from tracker.services.input.dates import format_partial
from tracker.services.pages import browse, page_rows, serialize, whole
from tracker.services.pages.browse import EventNode, TimelineFilter
from tracker.services.pages.pagination import Loader
from tracker.views.formats import alternates, download_links, respond, whole_list
from tracker.views.links import record_links
from tracker.views.params import pages
from tracker.views.reading.timeline import statements_download
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("events", __name__)


def _node_json(node: EventNode) -> dict[str, Any]:
    return {**serialize.event_detail(node.event, node.count),
            "children": [_node_json(child) for child in node.children]}


def _flatten(nodes: list[EventNode], depth: int = 0) -> list[tuple[int, EventNode]]:
    rows: list[tuple[int, EventNode]] = []
    for node in nodes:
        rows.append((depth, node))
        rows.extend(_flatten(node.children, depth + 1))
    return rows


@bp.get("/events", defaults={"fmt": None})
@bp.get("/events.<fmt>")
def index(fmt: str | None) -> Response | str:
    """Every event nested under its parent, with statement counts."""
    tree = browse.event_tree(get_session())

    def csv_data() -> tuple[str, list[str], list[list[object]]]:
        header = ["id", "name", "place", "start", "end", "parent_id", "depth", "statement_count", "url"]
        return "events.csv", header, [
            [n.event.id, n.event.name, n.event.place,
             format_partial(n.event.start_date, n.event.start_precision),
             format_partial(n.event.end_date, n.event.end_precision), n.event.parent_id, depth, n.count,
             url_for(".detail", event_id=n.event.id, _external=True)]
            for depth, n in _flatten(tree)]

    return respond(fmt, "events/index.html", lambda: {"items": [_node_json(n) for n in tree]}, csv_data,
                   tree=tree, alternates=alternates("events.index", csv_too=True))


@bp.get("/events/<int:event_id>", defaults={"fmt": None})
@bp.get("/events/<int:event_id>.<fmt>")
def detail(event_id: int, fmt: str | None) -> Response | str:
    """An event: where it sits, what happened within it, and its statements in date order
    (plain rows for the page and its JSON twin, which reads the chains too)."""
    session = get_session()
    event = records.event(session, event_id)
    ancestors = browse.event_ancestors(session, event)
    children = browse.event_children(session, event.id)
    counts = browse.event_counts(session, [event.id, *(c.id for c in children)])
    if whole_list(fmt):
        only = TimelineFilter(event_id=event.id)
        return statements_download(
            fmt, f"event-{event.id}-statements-all",
            lambda session, load: whole.timeline(session, only, load),
            {"event": serialize.event_brief(event)})
    page, per_page = pages()
    load: Loader[Any] = page_rows.statements_in_full if fmt == "json" else page_rows.statements
    statements = browse.timeline(session, page, per_page, TimelineFilter(event_id=event.id), load)

    def json_data() -> dict[str, Any]:
        return {**serialize.event_detail(event, counts.get(event.id, 0)),
                "ancestors": [serialize.event_brief(a) for a in ancestors],
                "children": [serialize.event_detail(c, counts.get(c.id, 0)) for c in children],
                "statements": [serialize.statement(s) for s in statements.items],
                "statements_pagination": statements.meta()}

    return respond(fmt, "events/detail.html", json_data, event=event, ancestors=ancestors,
                   children=children, counts=counts, statements=statements,
                   alternates=alternates("events.detail", event_id=event.id),
                   downloads=download_links("events.detail", event_id=event.id), **record_links())
