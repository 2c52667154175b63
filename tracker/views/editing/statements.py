"""Editing statements and their accounts (with inline outlets, articles and chains)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from sqlalchemy import select
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
from tracker.models import Article, Event, Outlet, Speaker, Statement
from tracker.services.editing import edits as editing
from tracker.services.input.dates import is_approximate
from tracker.services.input.records import RecordError, whole_number
from tracker.services.input.text import clean, fold, name_key
from tracker.views.editing.records import PageResult, load, record_url, request_session, save_form
from tracker.web.auth import csrf_problem, current_user_id, editor_required, rerender_on_csrf_error

bp = Blueprint("edit_statements", __name__)


class NeedsChoice(Exception):  # noqa: N818 - a question for the editor, not an error
    """The typed name may be an existing speaker: the editor must choose before we create one."""

    def __init__(self, field: str, name: str, candidates: list[Speaker]) -> None:
        self.field, self.name, self.candidates = field, name, candidates
        super().__init__(name)


def resolve_speaker(session: Session, form: Any, field: str) -> Speaker | None:
    """The speaker a name field means; a new one only when none is similar or the editor said so."""
    name = clean(getattr(form, field).data)
    if name is None:
        return None
    choice = request.form.get(f"{field}_choice", "")
    if choice == "new" and request.form.get(f"{field}_choice_name", name) != name:
        choice = ""  # "create a new one" was said of another name
    if (chosen_id := whole_number(choice)) is not None:
        chosen = session.get(Speaker, chosen_id)
        if chosen is not None and chosen.deleted_at is None:
            if chosen.merged_into_id is not None:
                chosen = session.get(Speaker, chosen.merged_into_id)
            if chosen is not None:
                # Kept if another field's error sends the form back: the name and id now say it.
                getattr(form, field).data, getattr(form, f"{field}_id").data = chosen.name, chosen.id
                return chosen
    hidden = str(getattr(form, f"{field}_id").data or "")
    if (hidden_id := whole_number(hidden)) is not None and choice != "new":
        known = session.get(Speaker, hidden_id)
        if known is not None and known.deleted_at is None and known.merged_into_id is None and \
                name_key(name) in {a.name_key for a in known.aliases}:
            return known
    if choice != "new":
        exact = editing.speakers_named(session, name)
        if len(exact) == 1:
            return exact[0]
        similar = exact or editing.similar_speakers(session, name)
        if similar:
            raise NeedsChoice(field, name, similar)
    kind, country = getattr(form, f"{field}_kind").data, getattr(form, f"{field}_country").data
    try:
        created: Speaker = editing.save(session, "speaker", {"name": name, "kind": kind, "country": country},
                                        user_id=current_user_id(), summary="created while adding a statement")
        return created
    except RecordError as exc:
        where = f"{field}_{exc.field}" if exc.field in ("kind", "country") else field
        raise RecordError(exc.source, exc.record, where, exc.message) from None


def _save_or_ask(session: Session, kind: str, obj: Any, form: Any, to_record: Any,
                 aliases: Any) -> tuple[Any, Any, NeedsChoice | None]:
    """Save the form, or roll back and return the question to put to the editor."""
    try:
        saved, stale = save_form(session, kind, obj, form, to_record, aliases)
    except NeedsChoice as question:
        session.rollback()
        return None, None, question
    return saved, stale, None


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
        form = StatementForm(data={**statement_form_data(editing.document(obj)), "version": obj.version,
                                   "speaker": obj.speaker.name, "speaker_id": obj.speaker_id})
    else:
        form = StatementForm()
    events = session.scalars(select(Event).where(Event.deleted_at.is_(None)).order_by(Event.name))
    form.event.choices = [("", "(none)")] + [(editing.ensure_key(e), e.name) for e in events]
    stale = choice = None
    if request.method == "POST" and csrf_problem() is None:
        current = editing.document(obj) if obj is not None else None

        def to_record() -> dict[str, Any]:
            speaker = resolve_speaker(session, form, "speaker")
            return {**statement_record(form, current), "speaker": _key(speaker)}

        saved, stale, choice = _save_or_ask(session, "statement", obj, form, to_record,
                                            STATEMENT_ALIASES)
        if saved is not None:
            flash("Saved the statement.", "info")
            return redirect(record_url(saved))
    if csrf_problem():
        form.form_errors.append(csrf_problem())
    return render_template("edit/statement.html", kind="statement", form=form, obj=obj, stale=stale,
                           choice=choice,
                           also=editing.also_known_as), 200 if request.method == "GET" else 400


def _outlet(session: Session, name: str | None, form: AccountForm | None = None) -> Outlet | None:
    """An outlet by name, created if new (the editor typed it, so it is meant), with the kind
    and country the form gives for a new one."""
    name = clean(name)
    if name is None:
        return None
    found = session.scalar(select(Outlet).where(Outlet.sort_name == fold(name), Outlet.deleted_at.is_(None))
                           .order_by(Outlet.id).limit(1))
    if found is not None:
        return found
    details = {"kind": form.outlet_kind.data, "country": form.outlet_country.data} if form is not None else {}
    try:
        return editing.save(session, "outlet", {"name": name, **details},  # type: ignore[no-any-return]
                            user_id=current_user_id(), summary="created while adding an account")
    except RecordError as exc:
        where = f"outlet_{exc.field}" if form is not None and exc.field in ("kind", "country") else "outlet"
        raise RecordError(exc.source, exc.record, where, exc.message) from None


def _article(session: Session, form: AccountForm, outlet: Outlet | None,
             current: Article | None) -> Article | None:
    """The article an account was carried in: found by URL, else the current one, else new."""
    url, title = clean(form.article_url.data), clean(form.article_title.data)
    published = clean(form.published.data)
    if url is None and title is None and published is None:
        return None
    found = session.scalar(select(Article).where(Article.url == url).order_by(Article.id).limit(1)) \
        if url else None
    article = found or (current if current is not None and (url is None or current.url is None) else None)
    changes = {k: v for k, v in {"outlet": _key(outlet), "url": url, "title": title, "published": published,
                                 "published_precision": _approx(form.published_approximate.data)}.items()
               if v is not None}
    if article is not None:
        record = {**editing.document(article), **changes}
        return editing.save(session, "article", record, obj=article,  # type: ignore[no-any-return]
                            user_id=current_user_id(), summary="edited with an account")
    return editing.save(session, "article", changes, user_id=current_user_id(),  # type: ignore[no-any-return]
                        summary="created with an account")


def _new_speaker(session: Session, name: str, position: int) -> Speaker:
    try:
        created: Speaker = editing.save(session, "speaker", {"name": name, "kind": "person"},
                                        user_id=current_user_id(), summary="created while adding an account")
        return created
    except RecordError as exc:
        raise RecordError("form", f"account > chain[{position}]", "speaker", exc.message) from None


def _chain(session: Session, form: AccountForm) -> list[dict[str, Any]]:
    chain = []
    for position, row in enumerate(hop_rows(form)):
        link: dict[str, Any] = {"role": row.get("role") or None, "label": row.get("label")}
        speaker_name = clean(row.get("speaker"))
        if speaker_name:
            named = editing.speakers_named(session, speaker_name)
            if len(named) > 1:
                raise RecordError("form", f"account > chain[{position}]", "speaker",
                                  f"Several speakers are named “{speaker_name}”; use their full name.")
            # A name no speaker has is made a speaker, as the narrator field would make it.
            speaker = named[0] if named else _new_speaker(session, speaker_name, position)
            link["speaker"] = _key(speaker)
        outlet = _outlet(session, row.get("outlet"))
        if outlet is not None:
            link["outlet"] = _key(outlet)
        chain.append(link)
    return chain


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
            narrator = resolve_speaker(session, form, "narrator")
            outlet = _outlet(session, form.outlet.data, form)
            article = _article(session, form, outlet, obj.article if obj is not None else None)
            return {**current, "statement": _key(statement), "narrator": _key(narrator),
                    "article": _key(article), "wording": form.wording.data, "stance": form.stance.data,
                    "note": form.note.data, "chain": _chain(session, form),
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
