"""Editing statements and their accounts (with inline outlets, articles and chains)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from sqlalchemy.orm import Session

from tracker.forms.records import _approx
from tracker.forms.statements import (
    ACCOUNT_ALIASES,
    ACCOUNT_WORDS,
    STATEMENT_ALIASES,
    AccountForm,
    StatementForm,
    hop_rows,
    statement_form_data,
    statement_record,
)
from tracker.models import Speaker, Statement
from tracker.services.editing import edits as editing
from tracker.services.editing import resolve
from tracker.services.input.dates import is_approximate
from tracker.services.pages import browse
from tracker.services.search import clusters, near
from tracker.views.editing.records import PageResult, load, record_url, request_session, save_form
from tracker.web.auth import csrf_problem, current_user_id, editor_required, rerender_on_csrf_error

bp = Blueprint("edit_statements", __name__)


def _speaker_field(form: Any, field: str) -> resolve.SpeakerField:
    """What the form says of a speaker field (its name, the editor's choice, the kind and
    country for a new speaker)."""
    kind = getattr(form, f"{field}_kind", None)
    country = getattr(form, f"{field}_country", None)
    return resolve.SpeakerField(
        field=field, name=getattr(form, field).data, choice=request.form.get(f"{field}_choice", ""),
        choice_name=request.form.get(f"{field}_choice_name"),
        hidden_id=str(getattr(form, f"{field}_id").data or ""),
        kind=kind.data if kind is not None else None, country=country.data if country is not None else None)


def resolve_speaker(session: Session, form: Any, field: str, summary: str) -> Speaker | None:
    """The speaker a name field means (services/editing/resolve.py); a choice made from the list
    is written back into the form, so it is kept if another field's error sends the form back."""
    found, chosen = resolve.speaker(session, _speaker_field(form, field), user_id=current_user_id(),
                                    summary=summary)
    if found is not None and chosen:
        getattr(form, field).data, getattr(form, f"{field}_id").data = found.name, found.id
    return found


def _save_or_ask(session: Session, kind: str, obj: Any, form: Any, to_record: Any,
                 aliases: Any, then: Any = None) -> tuple[Any, Any, resolve.NeedsChoice | None]:
    """Save the form, or roll back and return the question to put to the editor."""
    try:
        saved, stale = save_form(session, kind, obj, form, to_record, aliases, then)
    except resolve.NeedsChoice as question:
        session.rollback()
        return None, None, question
    return saved, stale, None


class Repeats(Exception):  # noqa: N818 - a question for the editor, not an error
    """The new statement's words nearly match stored statements of the same speaker."""

    def __init__(self, found: list[near.NearDuplicate]) -> None:
        self.found = found
        super().__init__(len(found))


def _key(obj: Any | None) -> str | None:
    return editing.ensure_key(obj) if obj is not None else None


@bp.route("/statements/new", methods=["GET", "POST"], endpoint="statement_new")
@bp.route("/statements/<int:record_id>/edit", methods=["GET", "POST"], endpoint="statement_edit")
@editor_required
def statement_form(record_id: int | None = None) -> PageResult:
    """A statement; a new speaker is made only after checking for existing ones."""
    session = request_session()
    obj: Statement | None = (load(session, "statement", record_id, for_edit=True)
                             if record_id is not None else None)
    if request.method == "GET" and obj is not None:
        form = StatementForm(data={**statement_form_data(editing.document(obj), [t.name for t in obj.topics]),
                                   "version": obj.version,
                                   "speaker": obj.speaker.name, "speaker_id": obj.speaker_id})
    else:
        form = StatementForm()
    events = browse.events_by_name(session)
    form.event.choices = [("", "(none)")] + [(editing.ensure_key(e), e.name) for e in events]
    stale = choice = None
    repeated: list[near.NearDuplicate] = []
    if request.method == "POST" and csrf_problem() is None:
        current = editing.document(obj) if obj is not None else None

        def to_record() -> dict[str, Any]:
            speaker = resolve_speaker(session, form, "speaker", "created while adding a statement")
            if obj is None and speaker is not None and not request.form.get("near_ok") and \
                    (found := near.near_duplicates(session, speaker.id, form.wording.data or "")):
                raise Repeats(found)  # offered as an account of the stored statement instead
            return {**statement_record(form, current), "speaker": _key(speaker),
                    "topics": resolve.topics(session, form.topics.data, user_id=current_user_id())}

        def group(saved: Statement) -> None:  # kept apart, but shown as one quote
            clusters.join_nearest(session, saved)

        kept_apart = obj is None and bool(request.form.get("near_ok"))
        try:
            saved, stale, choice = _save_or_ask(session, "statement", obj, form, to_record,
                                                STATEMENT_ALIASES, group if kept_apart else None)
        except Repeats as repeats:
            session.rollback()
            saved, repeated = None, repeats.found
        if saved is not None:
            flash("Saved the statement.", "info")
            return redirect(record_url(saved))
    if csrf_problem():
        form.form_errors.append(csrf_problem())
    return render_template("edit/statement.html", kind="statement", form=form, obj=obj, stale=stale,
                           choice=choice, repeated=repeated, topics=browse.all_topics(session),
                           also=editing.also_known_as), 200 if request.method == "GET" else 400


@bp.route("/statements/<int:statement_id>/accounts/new", methods=["GET", "POST"], endpoint="account_new")
@bp.route("/accounts/<int:record_id>/edit", methods=["GET", "POST"], endpoint="account_edit")
@editor_required
def account_form(statement_id: int | None = None, record_id: int | None = None) -> PageResult:
    """One account of a statement: narrator, outlet and article, wording, chain of hops."""
    session = request_session()
    obj = load(session, "account", record_id, for_edit=True) if record_id is not None else None
    statement: Statement = obj.statement if obj is not None else load(session, "statement", statement_id or 0)
    if request.method == "GET" and obj is not None:
        article = obj.article
        form = AccountForm(data={
            "narrator": obj.narrator.name if obj.narrator else "", "narrator_id": obj.narrator_id or "",
            "outlet": article.outlet.name if article and article.outlet else "",
            "article_url": article.url if article else "", "article_title": article.title if article else "",
            "published": editing.document(article)["published"] if article else "",
            "published_approximate": bool(article and is_approximate(article.published_precision)),
            "wording": obj.wording, "stance": obj.stance.value, "note": obj.note, "version": obj.version,
            **{name: getattr(obj, name) or "" for name in ACCOUNT_WORDS},
            "chain": [{"role": h.role.value, "speaker": h.speaker.name if h.speaker else "",
                       "outlet": h.outlet.name if h.outlet else "", "label": h.label or ""}
                      for h in obj.hops]})
    else:
        form = AccountForm(data={"wording": statement.wording} if request.method == "GET" else None)
    stale = choice = None
    if request.method == "POST" and csrf_problem() is None:
        current = editing.document(obj) if obj is not None else {}

        def to_record() -> dict[str, Any]:
            user_id = current_user_id()
            narrator = resolve_speaker(session, form, "narrator", "created while adding an account")
            details = {"kind": form.outlet_kind.data, "country": form.outlet_country.data}
            outlet = resolve.outlet(session, form.outlet.data, user_id=user_id, details=details)
            article = resolve.article(
                session, url=form.article_url.data, title=form.article_title.data,
                published=form.published.data,
                published_precision=_approx(form.published_approximate.data), outlet_record=outlet,
                current=obj.article if obj is not None else None, user_id=user_id)
            return {**current, "statement": _key(statement), "narrator": _key(narrator),
                    "article": _key(article), "wording": form.wording.data, "stance": form.stance.data,
                    "note": form.note.data, "chain": resolve.chain(session, hop_rows(form), user_id=user_id),
                    **{name: getattr(form, name).data for name in ACCOUNT_WORDS}}

        saved, stale, choice = _save_or_ask(session, "account", obj, form, to_record, ACCOUNT_ALIASES)
        if saved is not None:
            flash("Saved the account.", "info")
            return redirect(record_url(saved))
    if csrf_problem():
        form.form_errors.append(csrf_problem())
    for _ in range(2 if hop_rows(form) else 4):
        form.chain.append_entry()
    return render_template("edit/account.html", kind="account", form=form, obj=obj, statement=statement,
                           stale=stale,
                           choice=choice, also=editing.also_known_as), 200 if request.method == "GET" else 400


for _endpoint in ("statement_new", "statement_edit", "account_new", "account_edit"):
    rerender_on_csrf_error(f"{bp.name}.{_endpoint}")
