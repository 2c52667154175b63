"""Every record's history: who changed what and when, with the differences; restore any version."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.models import Revision
from tracker.services.editing import edits as editing
from tracker.services.editing import labels, merge
from tracker.services.input.records import RecordError, whole_number
from tracker.views.editing.records import KINDS, RESOURCE, load, record_url
from tracker.web.auth import current_user_id, editor_required
from tracker.web.database import get_session, write_session

bp = Blueprint("history", __name__)

ACTIONS = {"create": "Created", "update": "Edited", "delete": "Deleted", "undelete": "Undeleted",
           "restore": "Restored an earlier version", "merge": "Merged", "unmerge": "Merge undone"}


def shown(value: Any) -> str:
    """A value made readable (``labels.readable``) as text: a list one item a line, an object
    as "Label: value" pairs."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "\n".join(shown(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{name}: {shown(inner)}" for name, inner in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def change_rows(names: dict[tuple[str, str], str]) -> Any:
    """``changes`` for one page: its revisions' references already named (``record_names``)."""

    def changes(revision: Revision) -> list[tuple[str, str, str]]:
        """(field label, before, after) for every field the revision changed."""
        before, after = revision.before or {}, revision.after or {}
        fields = dict.fromkeys([*before, *after])
        return [(labels.label(name), shown(labels.readable(before.get(name), names, name)),
                 shown(labels.readable(after.get(name), names, name))) for name in fields
                if name not in ("key", "id") and (before.get(name) or None) != (after.get(name) or None)]

    return changes


@bp.get(f"/{RESOURCE}/<int:record_id>/history")
def record_history(resource: str, record_id: int) -> str:
    """The record's revisions, newest first; anyone may read a live record's (editors shown by
    display name), editors also a deleted one's (with emails), and restore."""
    session = get_session()
    kind = KINDS[resource]
    obj = load(session, kind, record_id, live=False)
    if obj.deleted_at is not None and current_user_id() is None:
        # A deleted record's text stays in its history, for editors: readers see it is gone.
        abort(404, f"There is no {kind} {record_id}.")
    revisions = editing.revisions(session, kind, record_id)
    undo_merge = merge.last_merge(session, obj) if kind == "speaker" else None
    names = labels.record_names(session, [side for r in revisions for side in (r.before, r.after)])
    return render_template("history/record.html", obj=obj, kind=kind, resource=resource,
                           revisions=revisions, changes=change_rows(names), actions=ACTIONS,
                           restorable=editing.restorable, record_url=record_url(obj),
                           undo_merge=undo_merge)


@bp.post(f"/{RESOURCE}/<int:record_id>/history/<int:revision_id>/restore")
@editor_required
def restore_version(resource: str, record_id: int, revision_id: int) -> Response:
    """Make the record as it was in one revision (recorded as a new revision)."""
    session = write_session()
    kind = KINDS[resource]
    obj = load(session, kind, record_id, live=False)
    revision = editing.revision_of(session, kind, record_id, revision_id)
    side = "before" if request.form.get("side") == "before" else "after"
    version = request.form.get("version", "")
    back = url_for(".record_history", resource=resource, record_id=record_id)
    if revision is None:
        flash("That version does not belong to this record.", "error")
        return redirect(back)
    try:
        editing.restore(session, obj, revision, side, user_id=current_user_id(),
                        version=whole_number(version))
        session.commit()
        flash("Restored that version. The change is in the history below and can itself be undone.", "info")
    except editing.StaleEditError:
        session.rollback()
        flash("This record changed since you opened its history; check the newest changes and try again.",
              "error")
    except (RecordError, editing.EditError) as exc:
        session.rollback()
        flash(f"That version cannot be restored: {getattr(exc, 'message', exc)}", "error")
    return redirect(back)
