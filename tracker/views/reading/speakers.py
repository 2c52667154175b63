"""Speakers: the A–Z index and each speaker's page with a timeline of statements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, current_app, request
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.models import SpeakerKind
from tracker.services.input.parameters import ParameterError
from tracker.services.pages import browse, page_rows, queries, serialize, speaker_page, timeline_svg, whole
from tracker.services.pages.pagination import read_int
from tracker.services.pages.speaker_page import Cursor, SpeakerFilter
from tracker.views.formats import alternates, download, download_links, respond, whole_list
from tracker.views.links import id_link, record_links
from tracker.views.params import choice, date_range, int_arg, pages, text_arg
from tracker.views.reading.timeline import statements_download
from tracker.web import records
from tracker.web.database import get_session

# Rendering a statement with its accounts dominates a small speaker's page, so the HTML page
# shows fewer per page than its JSON twin (which keeps the API's default).
HTML_PAGE_SIZE = 20

bp = Blueprint("speakers", __name__)

SPEAKER_HEADER = ["id", "name", "kind", "country", "aliases", "statement_count", "url"]


@bp.get("/speakers", defaults={"fmt": None})
@bp.get("/speakers.<fmt>")
def index(fmt: str | None) -> Response | str:
    """Speakers A–Z with statement counts, by name or alias, kind, country and first letter."""
    q, kind, country = text_arg("q"), choice("kind", SpeakerKind), text_arg("country", 2)
    letter = text_arg("letter", 1)
    filters = {"q": q, "kind": kind.value if kind else None, "country": country, "letter": letter}
    link = id_link("speakers.detail", "speaker_id", external=True)

    def csv_row(r: dict[str, Any]) -> list[object]:
        return [r["id"], r["name"], r["kind"], r["country"], "; ".join(r["aliases"]), r["statement_count"],
                link(r["id"])]

    if whole_list(fmt):
        def every(session: Session) -> Iterator[list[dict[str, Any]]]:
            for part in whole.speakers(session, q=q, kind=kind, country=country, letter=letter):
                yield [serialize.speaker_summary(s, n) for s, n in part]

        return download(fmt, "speakers-all", every, lambda r: r, (SPEAKER_HEADER, csv_row),
                        {"filters": filters})
    page, per_page = pages()
    session = get_session()
    result = browse.speaker_index(session, page, per_page, q=q, kind=kind, country=country, letter=letter)
    counts = queries.statement_counts(session, [s.id for s in result.items])
    rows = [serialize.speaker_summary(s, counts.get(s.id, 0)) for s in result.items]

    return respond(
        fmt, "speakers/index.html",
        lambda: {"items": rows, "pagination": result.meta(), "filters": filters},
        lambda: ("speakers.csv", SPEAKER_HEADER, [csv_row(r) for r in rows]),
        result=result, counts=counts, q=q, kind=kind, country=country, letter=letter,
        kinds=list(SpeakerKind), letters=browse.speaker_letters(session),
        countries=browse.speaker_countries(session),
        alternates=alternates("speakers.index", csv_too=True), downloads=download_links("speakers.index"),
    )


@bp.get("/speakers/<int:speaker_id>", defaults={"fmt": None})
@bp.get("/speakers/<int:speaker_id>.<fmt>")
def detail(speaker_id: int, fmt: str | None) -> Response | str:
    """A speaker's names, roles and statements in date order, with every account of each.

    The page and its JSON twin read the same plain rows (``page_rows``; the twin also reads the
    accounts' chains, which it writes) and the page links by ``record_links``: building ORM
    objects and calling ``url_for`` for every link cost several times the SQL."""
    session = get_session()
    speaker = records.speaker(session, speaker_id)
    date_from, date_to = date_range()
    event_id, topic_id = int_arg("event"), int_arg("topic")
    after, before = Cursor.parse("after", request.args.get("after")), Cursor.parse(
        "before", request.args.get("before"))
    if after is not None and before is not None:
        raise ParameterError("before", "use either after or before, not both")
    default_size = current_app.config["PAGE_SIZE"] if fmt == "json" else HTML_PAGE_SIZE
    per_page = read_int(request.args, "per_page", default_size, 1, current_app.config["MAX_PAGE_SIZE"])
    facets = speaker_page.speaker_facets(session, speaker.id, event_id, topic_id)
    if event_id is not None and event_id not in {e.id for e in facets.events}:
        raise ParameterError("event", f"{speaker.name} has no statements at event {event_id}")
    if topic_id is not None and topic_id not in {t.id for t in facets.topics}:
        raise ParameterError("topic", f"{speaker.name} has no statements on topic {topic_id}")
    filters = SpeakerFilter(event_id, topic_id, date_from, date_to)

    if whole_list(fmt):
        found = speaker.id  # a plain id: the download reads in a session of its own
        return statements_download(
            fmt, f"speaker-{speaker.id}-statements-all",
            lambda session, load: whole.speaker_statements(session, found, filters, load),
            {"speaker": serialize.speaker_brief(speaker),
             "filters": {"event": event_id, "topic": topic_id, "from": request.args.get("from") or None,
                         "to": request.args.get("to") or None}})
    load = page_rows.statements_in_full if fmt == "json" else page_rows.statements
    rows = speaker_page.speaker_statements(session, speaker.id, filters, per_page, load,
                                           after=after, before=before)

    def json_data() -> dict[str, Any]:
        body = serialize.speaker_detail(speaker)
        body["statements"] = [serialize.statement(s) for s in rows.items]
        body["statements_pagination"] = rows.meta()
        return body

    if fmt == "json":
        return respond(fmt, "speakers/detail.html", json_data)
    svg = timeline_svg.render(timeline_svg.lanes_for(rows.items), f"Statements by {speaker.name}, by source")
    return respond(
        fmt, "speakers/detail.html", json_data,
        speaker=speaker, statements=rows, facets=facets, event_id=event_id, topic_id=topic_id,
        facet_window=speaker_page.FACET_WINDOW,
        date_from=request.args.get("from", ""), date_to=request.args.get("to", ""),
        svg=Markup(svg),  # noqa: S704 - built by timeline_svg, which escapes every text
        alternates=alternates("speakers.detail", speaker_id=speaker.id),
        downloads=download_links("speakers.detail", speaker_id=speaker.id), **record_links(),
    )
