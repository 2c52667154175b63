"""Every page has a JSON twin and every list a CSV download, built from the same data.

A view builds its data once and calls ``respond``; ``/speakers/3``, ``/speakers/3.json``
and (for lists) ``/speakers.csv`` are the same view with a different ``fmt``. With ``?all=1``
a list's ``.csv`` or ``.json`` is every row of the list, not one page (``whole_list``,
``download``): streamed batch by batch from a read session of its own (``services.pages.whole``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from flask import Response, current_app, jsonify, render_template, request, stream_with_context, url_for
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from tracker.services.data.cells import csv_cell
from tracker.services.input.parameters import ParameterError
from tracker.services.pages.whole import begin_snapshot
from tracker.web.database import get_session, read_session

T = TypeVar("T")
# What a whole list is read as: batches of records from the download's own session.
Batches = Callable[[Session], Iterator[list[T]]]
# Parameters that choose a page, not what is listed: a whole list leaves them out.
PAGE_PARAMS = frozenset({"page", "per_page", "after", "before", "all"})


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    """A CSV download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def alternates(endpoint: str, csv_too: bool = False, **values: Any) -> list[dict[str, str]]:
    """The <link rel="alternate"> entries for a page (JSON, and CSV for lists)."""
    # Keep repeated parameters (?speaker=1&speaker=2); drop ones url_for would read as its own
    # options (_external, _anchor...) or that collide with the route's values.
    reserved = {"fmt", *values}
    args: dict[str, Any] = {k: vs for k in request.args if not k.startswith("_") and k not in reserved
            and (vs := [v for v in request.args.getlist(k) if v])}
    links = [{"type": "application/json", "href": url_for(endpoint, fmt="json", **values, **args)}]
    if csv_too:
        links.append({"type": "text/csv", "href": url_for(endpoint, fmt="csv", **values, **args)})
    return links


def respond(
    fmt: str | None,
    template: str,
    json_data: Callable[[], Any],
    csv_data: Callable[[], tuple[str, Sequence[str], Iterable[Sequence[object]]]] | None = None,
    **context: Any,
) -> Response | str:
    """Render HTML, JSON or CSV from the same query results."""
    if fmt == "json":
        return jsonify(json_data())
    if fmt == "csv" and csv_data is not None:
        return csv_response(*csv_data())
    if fmt not in (None, "html"):
        from werkzeug.exceptions import NotFound

        raise NotFound(f"This page has no “{fmt}” version.")
    return render_template(template, **context)


def whole_list(fmt: str | None) -> bool:
    """Whether the request asks for every row of the list (``?all=1`` on ``.csv``/``.json``)."""
    raw = request.args.get("all", "")
    if raw == "":
        return False
    if raw != "1":
        raise ParameterError("all", f"“{raw}” is not 1 (every row); leave it out for one page")
    if fmt in (None, "html"):
        raise ParameterError("all", "every row comes as a download: ask for the .csv or .json address")
    return fmt in ("csv", "json")


def download_links(endpoint: str, csv_too: bool = True, **values: Any) -> list[dict[str, str]]:
    """Links to the whole list as CSV and JSON, with the page's filters (not its page)."""
    skip = {*PAGE_PARAMS, "fmt", *values}
    args: dict[str, Any] = {k: vs for k in request.args if not k.startswith("_") and k not in skip
                            and (vs := [v for v in request.args.getlist(k) if v])}
    formats = ("csv", "json") if csv_too else ("json",)
    return [{"type": "text/csv" if f == "csv" else "application/json",
             "href": url_for(endpoint, fmt=f, all=1, **values, **args)} for f in formats]


def download(fmt: str | None, name: str, batches: Batches[T], json_item: Callable[[T], Any],
             csv_rows: tuple[Sequence[str], Callable[[T], Sequence[object]]] | None = None,
             head: dict[str, Any] | None = None) -> Response:
    """Every row of a list as a streamed attachment ``<name>.csv`` or ``<name>.json``: CSV with
    the page twin's columns and escaping, or a JSON object ``{...head, "items": [...],
    "count": n}`` written item by item. Parameters are checked before: once the download
    streams, an error can no longer be told."""
    if fmt == "csv" and csv_rows is None:
        raise NotFound("This list has no CSV version.")
    # The view's reads are done: the request holds no transaction open while the download
    # streams (its records expire: ``batches`` must not read them, only plain values).
    get_session().rollback()
    dumps = current_app.json.dumps

    def csv_chunks(session: Session) -> Iterator[str]:
        assert csv_rows is not None
        header, row = csv_rows
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for batch in batches(session):
            writer.writerows([csv_cell(v) for v in row(item)] for item in batch)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    def json_chunks(session: Session) -> Iterator[str]:
        opening = dumps(head or {})[:-1]
        yield opening + ("," if head else "") + '"items":['
        count = 0
        for batch in batches(session):
            if batch:
                yield ("," if count else "") + ",".join(dumps(json_item(item)) for item in batch)
                count += len(batch)
        yield f'],"count":{count}}}'

    def chunks() -> Iterator[str]:
        with read_session() as session:
            begin_snapshot(session)
            yield from (csv_chunks if fmt == "csv" else json_chunks)(session)

    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return Response(stream_with_context(chunks()), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
