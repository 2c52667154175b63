"""Editing speakers, outlets and events; deleting and undeleting any record; merging speakers.

Views stay thin: build the import record from the form, hand it to services.editing (which
validates through RecordReader), commit once, or show the errors next to the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.forms import attach_error, attach_record_error
from tracker.forms.records import (
    EVENT_ALIASES,
    EventForm,
    OutletForm,
    SpeakerForm,
    event_form_data,
    event_record,
    outlet_record,
    pad,
    speaker_record,
)
from tracker.forms.sources import (
    ARTICLE_ALIASES,
    ARTICLE_KEPT,
    ArticleForm,
    TopicForm,
    article_form_data,
    article_record,
    topic_record,
)
from tracker.forms.statements import MergeForm
from tracker.models import Speaker
from tracker.services.editing import edits as editing
from tracker.services.editing import merge
from tracker.services.input.dates import DateError, parse_partial, read_as
from tracker.services.input.records import RecordError, whole_number
from tracker.services.pages import browse
from tracker.web import records
from tracker.web.auth import (
    admin_required,
    csrf_problem,
    current_user_id,
    editor_required,
    rerender_on_csrf_error,
)
from tracker.web.database import get_session, write_session

bp = Blueprint("edit_records", __name__)

PLURALS = {"speaker": "speakers", "outlet": "outlets", "event": "events", "article": "articles",
           "statement": "statements", "account": "accounts", "conflict": "conflicts"}
KINDS = {plural: kind for kind, plural in PLURALS.items()}
RESOURCE = "<any(speakers,outlets,events,articles,statements,accounts,conflicts):resource>"
PageResult = Response | str | tuple[str, int]


def request_session() -> Session:
    """A POST's session starts its transaction as a writer (BEGIN IMMEDIATE on SQLite)."""
    return write_session() if request.method == "POST" else get_session()


def record_url(obj: Any) -> str:
    """Where a record is read (the reading pages own these URLs), under the app's root."""
    if editing.kind_of(obj) == "account":
        return f"{request.script_root}/statements/{obj.statement_id}"
    return f"{request.script_root}/{PLURALS[editing.kind_of(obj)]}/{obj.id}"


def form_version(form: Any) -> int:
    """The version the form was opened at (a tampered value only makes the save stale)."""
    return whole_number(form.version.data) or 0


def load(session: Session, kind: str, record_id: int, *, live: bool = True, for_edit: bool = False) -> Any:
    """A record or 404 (deleted ones only when asked for); for_edit with what its form reads."""
    return records.editable(session, kind, record_id, live=live, for_edit=for_edit)


def differences(mine: dict[str, Any], theirs: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Fields on which two versions of a record differ."""
    return [(name, mine.get(name), theirs.get(name)) for name in dict.fromkeys([*theirs, *mine])
            if name != "key" and (mine.get(name) or None) != (theirs.get(name) or None)]


def save_form(session: Session, kind: str, obj: Any, form: Any, to_record: Callable[[], dict[str, Any]],
              aliases: dict[str, str] | None = None,
              then: Callable[[Any], object] | None = None) -> tuple[Any, dict[str, Any] | None]:
    """Save a submitted form; returns (saved record, None) or (None, stale details). ``then``
    writes what goes with the saved record in the same transaction."""
    record: dict[str, Any] = {}
    try:
        record = to_record()
        saved = editing.save(session, kind, record, obj=obj, version=form_version(form) if obj else None,
                             user_id=current_user_id())
        if then is not None:
            then(saved)
        session.commit()
        return saved, None
    except RecordError as exc:
        session.rollback()
        attach_record_error(form, exc, aliases)
    except editing.EditError as exc:
        session.rollback()
        attach_error(form, exc.field, exc.message)
    except editing.StaleEditError as exc:
        session.rollback()
        form.version.data = str(exc.current_version)
        form.form_errors.append("Someone else saved this record after you opened the form. Compare "
                                "the two versions below; save again to replace theirs with yours.")
        return None, {"rows": differences(record, exc.current)}
    return None, None


def simple_form(kind: str, record_id: int | None, form_cls: Any, to_record: Callable[[Any], dict[str, Any]],
                to_data: Callable[[dict[str, Any]], dict[str, Any]] = dict,
                aliases: dict[str, str] | None = None,
                prepare: Callable[[Any, Session], None] | None = None,
                keep: tuple[str, ...] = ()) -> PageResult:
    """New/edit for records whose form maps straight onto the import record (``keep``: fields
    of the stored document the form does not show, saved as they are)."""
    session = request_session()
    obj = load(session, kind, record_id, for_edit=True) if record_id is not None else None
    kept = {name: editing.document(obj).get(name) for name in keep} if obj is not None else {}
    if request.method == "GET" and obj is not None:
        form = form_cls(data={**to_data(editing.document(obj)), "version": obj.version})
    else:
        form = form_cls()
    if prepare:
        prepare(form, session)
    stale, similar = None, []
    if kind == "speaker" and obj is None and request.method == "POST" and form.name.data \
            and request.form.get("different_person") != "yes":
        # Before a new speaker is made, show the existing ones that may be the same person.
        similar = editing.similar_speakers(session, form.name.data)
    if similar:
        form.form_errors.append("Speakers with similar names exist. If none of them is this speaker, "
                                "tick “This is a different speaker” and save again.")
    elif request.method == "POST" and csrf_problem() is None:
        saved, stale = save_form(session, kind, obj, form, lambda: {**kept, **to_record(form)}, aliases)
        if saved is not None:
            title = getattr(saved, "name", None) or getattr(saved, "title", None) or saved.id
            flash(f"Saved {kind} “{title}”.", "info")
            return redirect(record_url(saved))
    if csrf_problem():
        form.form_errors.append(csrf_problem())
    for rows in ("aliases", "roles"):
        if hasattr(form, rows):
            pad(getattr(form, rows))
    status = 200 if request.method == "GET" else 400
    return render_template(f"edit/{kind}.html", form=form, obj=obj, kind=kind, stale=stale,
                           similar=similar, also=editing.also_known_as), status


def _event_choices(form: EventForm, session: Session) -> None:
    events = browse.events_by_name(session)
    form.parent.choices = [("", "(none)")] + [(editing.ensure_key(e), e.name) for e in events]


@bp.get("/edit/read-date")
@editor_required
def read_date() -> Response:
    """How a typed date is read, for the preview beside a date field (or why it cannot be)."""
    text = (request.args.get("text") or "")[:200]
    try:
        parse_partial(text)
    except DateError as exc:
        return jsonify({"read_as": None, "error": str(exc)})
    return jsonify({"read_as": read_as(text), "error": None})


@bp.route("/speakers/new", methods=["GET", "POST"], endpoint="speaker_new")
@bp.route("/speakers/<int:record_id>/edit", methods=["GET", "POST"], endpoint="speaker_edit")
@editor_required
def speaker_form(record_id: int | None = None) -> PageResult:
    """A speaker: names, aliases (a blank row is removed) and roles."""
    return simple_form("speaker", record_id, SpeakerForm, speaker_record)


@bp.route("/outlets/new", methods=["GET", "POST"], endpoint="outlet_new")
@bp.route("/outlets/<int:record_id>/edit", methods=["GET", "POST"], endpoint="outlet_edit")
@editor_required
def outlet_form(record_id: int | None = None) -> PageResult:
    """An outlet."""
    return simple_form("outlet", record_id, OutletForm, outlet_record)


@bp.route("/events/new", methods=["GET", "POST"], endpoint="event_new")
@bp.route("/events/<int:record_id>/edit", methods=["GET", "POST"], endpoint="event_edit")
@editor_required
def event_form(record_id: int | None = None) -> PageResult:
    """An event, optionally part of a larger one."""
    return simple_form("event", record_id, EventForm, event_record, event_form_data, EVENT_ALIASES,
                       _event_choices)


def _outlet_choices(form: ArticleForm, session: Session) -> None:
    outlets = browse.all_outlets(session)
    form.outlet.choices = [("", "(none)")] + [(editing.ensure_key(o), o.name) for o in outlets]


@bp.route("/articles/new", methods=["GET", "POST"], endpoint="article_new")
@bp.route("/articles/<int:record_id>/edit", methods=["GET", "POST"], endpoint="article_edit")
@editor_required
def article_form(record_id: int | None = None) -> PageResult:
    """An article: its outlet, address, title, authors and publication date (its text is kept)."""
    return simple_form("article", record_id, ArticleForm, article_record, article_form_data, ARTICLE_ALIASES,
                       _outlet_choices, keep=ARTICLE_KEPT)


@bp.route("/topics/new", methods=["GET", "POST"], endpoint="topic_new")
@bp.route("/topics/<int:record_id>/edit", methods=["GET", "POST"], endpoint="topic_edit")
@editor_required
def topic_form(record_id: int | None = None) -> PageResult:
    """A topic's name (topics have no versions: the last save wins)."""
    session = request_session()
    obj = editing.get_record(session, "topic", record_id) if record_id is not None else None
    if record_id is not None and obj is None:
        records.missing("topic", record_id)
    form = TopicForm(data={"name": obj.name} if request.method == "GET" and obj is not None else None)
    if request.method == "POST" and csrf_problem() is None:
        try:
            saved = editing.save(session, "topic", topic_record(form), obj=obj, user_id=current_user_id())
            session.commit()
            flash(f"Saved topic “{saved.name}”.", "info")
            return redirect(url_for("timeline.index", topic=saved.id))
        except RecordError as exc:
            session.rollback()
            attach_record_error(form, exc)
        except editing.EditError as exc:
            session.rollback()
            attach_error(form, exc.field, exc.message)
    if csrf_problem():
        form.form_errors.append(csrf_problem())
    return render_template("edit/topic.html", form=form, obj=obj), 200 if request.method == "GET" else 400


@bp.post(f"/{RESOURCE}/<int:record_id>/delete")
@editor_required
def delete(resource: str, record_id: int) -> Response:
    """Soft-delete a record (it can be restored from its history page)."""
    session = write_session()
    kind = KINDS[resource]
    obj = load(session, kind, record_id)
    version = whole_number(request.form.get("version", ""))
    if version is None:  # never skip the check: a delete names the version it was shown
        abort(400, "The form's “version” field is missing or not a number, so nothing was "
              "deleted. Reload the record and delete it again.")
    try:
        editing.delete(session, obj, user_id=current_user_id(), version=version)
        session.commit()
        flash(f"Deleted {kind} {record_id}. You can undo this here.", "info")
    except (editing.EditError, editing.StaleEditError) as exc:
        session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("history.record_history", resource=resource, record_id=record_id))


@bp.post(f"/{RESOURCE}/<int:record_id>/restore")
@editor_required
def undelete(resource: str, record_id: int) -> Response:
    """Undo a delete."""
    session = write_session()
    obj = load(session, KINDS[resource], record_id, live=False)
    editing.undelete(session, obj, user_id=current_user_id())
    session.commit()
    flash("Restored.", "info")
    return redirect(record_url(obj))


@bp.route("/speakers/<int:record_id>/merge", methods=["GET", "POST"])
@admin_required
def merge_speaker(record_id: int) -> PageResult:
    """Merge this speaker into another one (admins)."""
    session = request_session()
    other: Speaker = load(session, "speaker", record_id)
    form = MergeForm()
    if form.validate_on_submit():
        raw = (form.keep.data or "").strip().lstrip("#")
        candidates = merge.speakers_meant(session, raw)
        if len(candidates) != 1:
            attach_error(form, "keep", "Give the number of one speaker, or a name only one speaker has."
                         if candidates else f"There is no speaker “{raw}”.")
        else:
            try:
                merge.merge(session, candidates[0], other, user_id=current_user_id())
                session.commit()
                flash(f"Merged {other.name} into {candidates[0].name}. This can be undone from "
                      f"{other.name}’s history page.", "info")
                return redirect(record_url(candidates[0]))
            except editing.EditError as exc:
                session.rollback()
                attach_error(form, exc.field, exc.message)
    similar = [s for s in editing.similar_speakers(session, other.name) if s.id != other.id]
    return render_template("edit/merge.html", form=form, other=other, similar=similar,
                           also=editing.also_known_as), 200 if request.method == "GET" else 400


@bp.post("/speakers/<int:record_id>/unmerge")
@admin_required
def unmerge_speaker(record_id: int) -> Response:
    """Undo the merge of this speaker (admins)."""
    session = write_session()
    other = load(session, "speaker", record_id)
    try:
        merge.unmerge(session, other, user_id=current_user_id())
        session.commit()
        flash(f"Undid the merge: {other.name} is a separate speaker again.", "info")
    except editing.EditError as exc:
        session.rollback()
        flash(exc.message, "error")
    return redirect(url_for("history.record_history", resource="speakers", record_id=record_id))


for _endpoint in ("speaker_new", "speaker_edit", "outlet_new", "outlet_edit", "event_new", "event_edit"):
    rerender_on_csrf_error(f"{bp.name}.{_endpoint}")
