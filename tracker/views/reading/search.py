"""Search: /search, /search.json and /search.csv from one search.

The page, the CSV and the JSON twin read their hits as plain rows (``page_rows``; the twin
with every account and its chain) and the page links them with ``id_link``: ORM objects and a
``url_for`` per link cost more than finding the hits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Blueprint, current_app, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.models import StatementKind
from tracker.services.input.dates import format_partial, human_date
from tracker.services.input.parameters import ParameterError
from tracker.services.input.records import MAX_ID
from tracker.services.pages import page_rows, serialize
from tracker.services.pages.page_rows import StatementRow
from tracker.services.pages.pagination import page_args, read_int
from tracker.services.search import whole
from tracker.services.search.query import SORTS, Filters, SearchResult, search
from tracker.services.search.speakers import NamedSpeaker
from tracker.services.search.text import highlight
from tracker.services.search.whole import matches
from tracker.views.formats import alternates, download, download_links, respond, whole_list
from tracker.views.links import id_link
from tracker.web.database import get_session

bp = Blueprint("search", __name__)

FILTER_PARAMS = ("speaker", "outlet", "year", "kind")
HTML_PAGE_SIZE = 20


def _filters() -> Filters:
    raw_kind = request.args.get("kind") or None
    kind = None
    if raw_kind is not None:
        try:
            kind = StatementKind(raw_kind)
        except ValueError:
            allowed = ", ".join(k.value for k in StatementKind)
            raise ParameterError("kind", f"“{raw_kind}” is not one of: {allowed}") from None
    speaker = read_int(request.args, "speaker", 0, 1, MAX_ID) or None
    outlet = read_int(request.args, "outlet", 0, 1, MAX_ID) or None
    year = read_int(request.args, "year", 0, 1, 9998) or None
    return Filters(speaker_id=speaker, outlet_id=outlet, year=year, kind=kind)


def search_url(fmt: str | None = None, **changes: Any) -> str:
    """This search with some parameters changed (None removes one); back to page 1."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if v and k != "page"}
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value
    return url_for("search.index", fmt=fmt, **args)


def _item(statement: StatementRow, groups: list[tuple[str, ...]]) -> dict[str, Any]:
    data = serialize.statement(statement)
    data["highlight"] = {
        "wording": str(highlight(statement.wording, groups)),
        "original_text": str(highlight(statement.original_text, groups)) or None,
    }
    return data


def _head(query: str, groups: list[tuple[str, ...]], sort: str, filters: Filters,
          speakers: list[NamedSpeaker]) -> dict[str, Any]:
    return {
        "query": query,
        "phrases": [list(g) for g in groups],
        "sort": sort,
        "filters": {"speaker": filters.speaker_id, "outlet": filters.outlet_id, "year": filters.year,
                    "kind": filters.kind.value if filters.kind else None},
        "speakers": [{"id": s.id, "name": s.name,
                      "url": url_for("speakers.detail", speaker_id=s.id, _external=True)}
                     for s in speakers],
    }


def _json(result: SearchResult | None, query: str) -> dict[str, Any]:
    if result is None:
        return {"query": query, "speakers": [], "items": [], "facets": {}, "pagination": None}
    return {
        **_head(result.query, result.groups, result.sort, result.filters, result.speakers),
        "items": [_item(s, result.groups) for s in result.page.items],
        "facets": {name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
                   for name, values in result.facets.items()},
        "pagination": result.page.meta(),
    }


CSV_HEADER = ["statement_id", "said", "said_precision", "speaker", "kind", "wording",
              "original_text", "outlets", "url"]


def _csv_row() -> Callable[[StatementRow], list[object]]:
    statement_url = id_link("statements.detail", "statement_id", external=True)

    def row(s: StatementRow) -> list[object]:  # page_rows.StatementRow: live accounts only
        outlets = sorted({a.article.outlet.name for a in s.accounts if a.article and a.article.outlet})
        return [s.id, format_partial(s.said_on, s.said_precision),
                s.said_precision.value if s.said_precision else "", s.speaker.name,
                s.kind.value, s.wording, s.original_text, "; ".join(outlets), statement_url(s.id)]

    return row


def _csv(result: SearchResult | None) -> tuple[str, list[str], list[list[object]]]:
    row = _csv_row()
    return "search.csv", CSV_HEADER, [row(s) for s in (result.page.items if result else [])]


def _download(fmt: str | None, q: str, filters: Filters, sort: str) -> Response:
    """Every match, in the page's order, however many (the page stops counting at 1,000)."""
    load = page_rows.statements_in_full if fmt == "json" else page_rows.search_hits
    if not (q or filters.any()):
        def empty(_session: Session) -> Iterator[list[StatementRow]]:
            yield from ()

        return download(fmt, "search-all", empty, lambda s: _item(s, []), (CSV_HEADER, _csv_row()),
                        _head(q, [], sort, filters, []))
    found = matches(get_session(), q, filters, sort)
    return download(fmt, "search-all", lambda session: whole.batches(session, found, load),
                    lambda s: _item(s, found.groups), (CSV_HEADER, _csv_row()),
                    _head(found.query, found.groups, sort, filters, found.speakers))


@bp.get("/search", defaults={"fmt": None})
@bp.get("/search.<fmt>")
def index(fmt: str | None) -> Response | str:
    """Full-text search over statements and accounts, with facets."""
    if fmt not in (None, "json", "csv"):
        from werkzeug.exceptions import NotFound

        raise NotFound(f"This page has no “{fmt}” version.")
    q = (request.args.get("q") or "").strip()
    sort = request.args.get("sort") or "newest"
    if sort not in SORTS:
        raise ParameterError("sort", f"“{sort}” is not one of: {', '.join(SORTS)}")
    filters = _filters()
    if whole_list(fmt):
        return _download(fmt, q, filters, sort)
    # Highlighting every account of every hit is most of the page's cost: HTML shows fewer
    # hits per page than the JSON and CSV twins (which keep the configured default).
    default_size = current_app.config["PAGE_SIZE"] if fmt else HTML_PAGE_SIZE
    page, per_page = page_args(request.args, default_size, current_app.config["MAX_PAGE_SIZE"])
    result = None
    if q or filters.any():
        load = page_rows.statements_in_full if fmt == "json" else page_rows.search_hits
        result = search(get_session(), q, filters, sort, page, per_page, load)
    return respond(
        fmt, "search/index.html", lambda: _json(result, q), lambda: _csv(result),
        result=result, q=q, sort=sort, sorts=SORTS, filters=filters, search_url=search_url,
        highlight=highlight, human_date=human_date, alternates=alternates("search.index", csv_too=True),
        downloads=download_links("search.index") if result else [],
        statement_url=id_link("statements.detail", "statement_id"),
        speaker_url=id_link("speakers.detail", "speaker_id"),
    )
