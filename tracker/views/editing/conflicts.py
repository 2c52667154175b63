"""Editing conflicts: choose the accounts or statements that disagree, and the points of difference."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from sqlalchemy.orm import Session

from tracker.forms.statements import ConflictForm
from tracker.models import Conflict
from tracker.services.editing import edits as editing
from tracker.services.editing import resolve
from tracker.services.input.records import whole_number
from tracker.views.editing.records import PageResult, load, record_url, request_session, save_form
from tracker.web.auth import csrf_problem, editor_required, rerender_on_csrf_error

bp = Blueprint("edit_conflicts", __name__)

MAX_POINTS = 50
# "account 12", "statement 4", or a pasted address: ".../statements/4", ".../statements/4#account-12",
# ".../accounts/12/edit" (the address wins over the statement it is on when it names an account).
_EXTRA = re.compile(r"\b(account|statement)s?\s*[#/-]?\s*(\d+)(?!\d*#account)", re.IGNORECASE)


def _statement_ids() -> list[int]:
    raw = request.args.getlist("statement") + request.form.getlist("candidate_statement")
    return sorted({n for v in raw if (n := whole_number(v)) is not None})[:20]


def candidates(session: Session, conflict: Conflict | None, extra: str) -> list[dict[str, Any]]:
    """What can be chosen: current members, the statements named in the URL, ids typed in."""
    # Current members are shown even when deleted since; ones named in the URL or typed in only
    # when live. Everything is loaded in a fixed number of queries, however many are named.
    member_accounts: set[int] = set()
    member_statements: set[int] = set()
    for member in conflict.members if conflict else []:
        if member.account_id is not None:
            member_accounts.add(member.account_id)
        elif member.statement_id is not None:
            member_statements.add(member.statement_id)
    named_accounts: set[int] = set()
    named_statements = set(_statement_ids())
    for kind, number in _EXTRA.findall(extra or ""):
        if (found := whole_number(number)) is not None:
            (named_accounts if kind.lower() == "account" else named_statements).add(found)
    statements = resolve.candidate_statements(
        session, member_accounts=member_accounts, member_statements=member_statements,
        named_accounts=named_accounts, named_statements=named_statements)
    groups = []
    for statement in statements:
        options = [{"ref": f"statement:{editing.ensure_key(statement)}", "key": statement.key,
                    "label": f"The statement itself: “{statement.wording}”"}]
        for account in statement.accounts:
            if account.deleted_at is None:
                source = account.article.outlet.name if account.article and account.article.outlet else None
                teller = account.narrator.name if account.narrator else "unnamed narrator"
                options.append({"ref": f"account:{editing.ensure_key(account)}", "key": account.key,
                                "label": f"Account by {teller}" + (f" in {source}" if source else "")
                                + f": “{account.wording}”"})
        groups.append({"statement": statement, "options": options})
    return groups


def _point_rows() -> int:
    return min(whole_number(request.form.get("point_rows")) or 0, MAX_POINTS)


def _members_and_points(form: ConflictForm, groups: list[dict[str, Any]]) -> dict[str, Any]:
    chosen = set(request.form.getlist("members"))
    members = [{opt["ref"].split(":", 1)[0]: opt["key"]} for g in groups for opt in g["options"]
               if opt["ref"] in chosen]
    keys = [next(iter(m.values())) for m in members]
    points = []
    for i in range(_point_rows()):
        aspect = request.form.get(f"points-{i}-aspect", "")
        claims = {k: request.form.get(f"points-{i}-claim-{k}", "") for k in keys}
        claims = {k: v for k, v in claims.items() if v.strip()}
        if aspect.strip() or claims:
            points.append({"aspect": aspect, "claims": claims})
    return {"title": form.title.data, "summary": form.summary.data, "status": form.status.data,
            "resolution": form.resolution.data, "members": members, "points": points}


@bp.route("/conflicts/new", methods=["GET", "POST"], endpoint="conflict_new")
@bp.route("/conflicts/<int:record_id>/edit", methods=["GET", "POST"], endpoint="conflict_edit")
@editor_required
def conflict_form(record_id: int | None = None) -> PageResult:
    """A conflict: the versions that disagree, a summary, and the points on which they differ."""
    session = request_session()
    obj: Conflict | None = (load(session, "conflict", record_id, for_edit=True)
                            if record_id is not None else None)
    doc = editing.document(obj) if obj is not None else None
    if request.method == "GET" and obj is not None and doc is not None:
        form = ConflictForm(data={**doc, "version": obj.version})
    else:
        form = ConflictForm()
    extra = request.form.get("extra_members", "")
    groups = candidates(session, obj, extra)
    if request.method == "POST":
        chosen = set(request.form.getlist("members"))
        points: list[dict[str, Any]] = [{"aspect": request.form.get(f"points-{i}-aspect", ""),
                   "claims": {k: request.form.get(f"points-{i}-claim-{k}", "") for g in groups
                              for k in [o["key"] for o in g["options"]]}}
                  for i in range(_point_rows())]
    else:
        chosen = {f"{next(iter(m))}:{next(iter(m.values()))}" for m in (doc or {}).get("members", [])}
        points = list((doc or {}).get("points", []))
    stale = None
    if request.method == "POST" and csrf_problem() is None:
        saved, stale = save_form(session, "conflict", obj, form, lambda: _members_and_points(form, groups))
        if saved is not None:
            flash("Saved the conflict.", "info")
            return redirect(record_url(saved))
    if csrf_problem():
        form.form_errors.append(csrf_problem())
    points = [p for p in points if str(p["aspect"]).strip()
              or any(str(v).strip() for v in dict(p["claims"]).values())]
    points += [{"aspect": "", "claims": {}} for _ in range(2)]
    return render_template("edit/conflict.html", kind="conflict", form=form, obj=obj, groups=groups,
                           chosen=chosen,
                           points=points, extra=extra, statement_ids=_statement_ids(),
                           stale=stale), 200 if request.method == "GET" else 400


for _endpoint in ("conflict_new", "conflict_edit"):
    rerender_on_csrf_error(f"{bp.name}.{_endpoint}")
