"""The review queue of speakers an import could not be sure are one person (editors).

GET lists the open questions with their evidence and the latest decisions; POST decides one
(merge, keep apart, undo) through ``services.editing.review`` and comes back to the queue.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.services.editing import review
from tracker.services.editing.edits import EditError
from tracker.web.auth import current_user_id, editor_required
from tracker.web.database import get_session, write_session

bp = Blueprint("edit_review", __name__)


@bp.get("/review/speakers")
@editor_required
def speakers() -> str:
    """The open questions, oldest first, and the last decisions (to undo one)."""
    session = get_session()
    return render_template("edit/review.html", questions=review.questions(session, "open"),
                           decided=review.questions(session, "decided", limit=20),
                           waiting=review.open_count(session))


@bp.post("/review/speakers/<int:review_id>")
@editor_required
def decide(review_id: int) -> Response | tuple[str, int]:
    """Merge, keep apart or undo; a question that cannot be decided is a 400 with the reason."""
    session = write_session()
    decision = request.form.get("decision", "")
    try:
        decided = review.decide(session, review_id, decision, user_id=current_user_id())
    except EditError as exc:
        session.rollback()
        return render_template("edit/review.html", questions=review.questions(session, "open"),
                               decided=review.questions(session, "decided", limit=20),
                               waiting=review.open_count(session), problem=exc.message), 400
    session.commit()
    flash({"merged": "Merged. The merge can be undone below.",
           "separate": "Kept apart. This can be undone below.",
           "open": "Undone: the question is open again."}[decided.status], "info")
    return redirect(url_for("edit_review.speakers"))
