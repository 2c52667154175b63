"""The home page."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..db import get_session
from ..services import browse, queries

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Recent statements, open conflicts, how much the tracker holds, and a search box."""
    session = get_session()
    recent = queries.statement_list(session, 1, 10, newest_first=True)
    return render_template("home/index.html", recent=recent, conflicts=browse.open_conflicts(session),
                           counts=browse.home_counts(session))
