"""The home page."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..db import get_session
from ..services import queries

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Recent statements and open conflicts."""
    session = get_session()
    recent = queries.statement_list(session, 1, 10, newest_first=True)
    conflicts = queries.conflict_list(session, 1, 10)
    return render_template("home/index.html", recent=recent, conflicts=conflicts)
