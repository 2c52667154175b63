"""The home page."""

from __future__ import annotations

from flask import Blueprint, render_template

from tracker.services.pages import browse, page_rows, queries
from tracker.views.links import record_links
from tracker.web.database import get_session

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Recent statements (plain rows, without their accounts), open conflicts, how much the
    tracker holds, and a search box."""
    session = get_session()
    recent = page_rows.statement_cards(session, queries.recent_statement_ids(session, 10))
    return render_template("home/index.html", recent=recent, conflicts=browse.open_conflicts(session),
                           counts=browse.home_counts(session), **record_links())
