"""Conflicts: the list and the comparison page, each with a JSON twin (and CSV for the list)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, request, url_for
from werkzeug.wrappers import Response

from tracker.models import Conflict, ConflictStatus
from tracker.services.comparison.build import build_comparison
from tracker.services.comparison.rows import load_conflict, load_topics
from tracker.services.comparison.twin import comparison_json, statement_ids
from tracker.services.input.parameters import ParameterError
from tracker.services.pages import queries, serialize, whole
from tracker.services.pages.pagination import Page, page_args
from tracker.views.formats import alternates, download, download_links, respond, whole_list
from tracker.views.links import id_link
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("conflicts", __name__)


def _status() -> ConflictStatus | None:
    raw = request.args.get("status")
    if not raw:
        return None
    try:
        return ConflictStatus(raw)
    except ValueError:
        allowed = ", ".join(s.value for s in ConflictStatus)
        raise ParameterError("status", f"“{raw}” is not one of: {allowed}") from None


CONFLICT_HEADER = ["id", "key", "title", "status", "versions", "summary", "url"]


def _item(c: Conflict) -> dict[str, Any]:
    return {**serialize.conflict_summary(c),
            "url": url_for("conflicts.detail", conflict_id=c.id, _external=True)}


def _row(c: Conflict) -> list[object]:
    return [c.id, c.key, c.title, c.status.value, len(c.members), c.summary,
            url_for("conflicts.detail", conflict_id=c.id, _external=True)]


def _list_json(page: Page[Conflict]) -> dict[str, Any]:
    return {"items": [_item(c) for c in page.items], "pagination": page.meta()}


def _list_csv(page: Page[Conflict]) -> tuple[str, list[str], list[list[object]]]:
    return "conflicts.csv", CONFLICT_HEADER, [_row(c) for c in page.items]


def page_url(**changes: Any) -> str:
    """The list with some parameters changed."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if v}
    args.update(changes)
    return url_for("conflicts.index", **{k: v for k, v in args.items() if v is not None})


@bp.get("/conflicts", defaults={"fmt": None})
@bp.get("/conflicts.<fmt>")
def index(fmt: str | None) -> Response | str:
    """Conflicts, newest first, optionally only open or resolved ones."""
    status = _status()
    if whole_list(fmt):
        return download(fmt, "conflicts-all", lambda session: whole.conflicts(session, status), _item,
                        (CONFLICT_HEADER, _row), {"filters": {"status": status.value if status else None}})
    page, per_page = page_args(request.args, current_app.config["PAGE_SIZE"],
                               current_app.config["MAX_PAGE_SIZE"])
    result = queries.conflict_list(get_session(), page, per_page, status)
    return respond(fmt, "conflicts/index.html", lambda: _list_json(result), lambda: _list_csv(result),
                   page=result, status=status, statuses=list(ConflictStatus), page_url=page_url,
                   alternates=alternates("conflicts.index", csv_too=True),
                   downloads=download_links("conflicts.index"))


@bp.get("/conflicts/<int:conflict_id>", defaults={"fmt": None})
@bp.get("/conflicts/<int:conflict_id>.<fmt>")
def detail(conflict_id: int, fmt: str | None) -> Response | str:
    """The comparison page: every version side by side, a word diff, the points of dispute.

    It reads plain rows (``comparison_rows``), and links records by ``id_link`` rather than a
    ``url_for`` per link."""
    if fmt not in (None, "json"):
        abort(404, f"This page has no “{fmt}” version.")
    session = get_session()
    conflict = records.conflict(session, conflict_id, load_conflict)
    comparison = build_comparison(conflict, request.args.to_dict())
    return respond(fmt, "conflicts/detail.html",
                   lambda: comparison_json(comparison, load_topics(session, statement_ids(comparison))),
                   comparison=comparison, conflict=conflict,
                   alternates=alternates("conflicts.detail", conflict_id=conflict_id),
                   speaker_url=id_link("speakers.detail", "speaker_id"),
                   outlet_url=id_link("outlets.detail", "outlet_id"),
                   article_url=id_link("articles.detail", "article_id"),
                   statement_url=id_link("statements.detail", "statement_id"))
