"""Every page has a JSON twin and every list a CSV download, built from the same data.

A view builds its data once and calls ``respond``; ``/speakers/3``, ``/speakers/3.json``
and (for lists) ``/speakers.csv`` are the same view with a different ``fmt``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask import Response, jsonify, render_template, request, url_for

from tracker.services.data.cells import csv_cell


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
