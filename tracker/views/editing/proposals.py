"""From article to statements: put an article's text in, review the proposals, accept them.

Thin views: the text comes from a paste or a saved HTML page (services.extraction.html), the
proposals from services.extraction, and an accepted one is written by
services.extraction.accept through services.editing, in one transaction.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.models import Statement
from tracker.services.editing import edits as editing
from tracker.services.extraction.accept import (
    Accepted,
    accept,
    accounts_differ,
    anchored_passages,
    matching_statement,
)
from tracker.services.extraction.html import from_html
from tracker.services.extraction.known import MAX_ARTICLE, SessionLexicon
from tracker.services.extraction.propose import Proposal, propose
from tracker.services.input.dates import format_partial
from tracker.services.input.records import RecordError, whole_number
from tracker.views.editing.records import PageResult, request_session
from tracker.web import records
from tracker.web.auth import current_user_id, editor_required

bp = Blueprint("proposals", __name__)
KINDS = ("direct_quote", "paraphrase", "summary", "denial", "written_statement", "official_readout")


@bp.route("/articles/<int:article_id>/text", methods=["GET", "POST"])
@editor_required
def article_text(article_id: int) -> PageResult:
    """Paste the article's text, or upload the saved HTML page it came from."""
    session = request_session()
    article = records.article(session, article_id)
    typed = request.form.get("text", "") if request.method == "POST" else (article.text or "")
    errors: list[str] = []
    if request.method == "POST":
        upload = request.files.get("html")
        data: dict[str, Any] = dict(editing.document(article))
        if upload is not None and upload.filename:
            raw = upload.read(5_000_000)
            page = from_html(raw.decode("utf-8", errors="replace"))
            if page is None:
                errors.append("HTML page: no article text was found in the uploaded page.")
            else:
                typed = page.text
                if not data.get("published") and page.published:
                    data["published"], data["published_note"] = (
                        page.published.isoformat(),
                        ("Read from the saved page (htmldate)."),
                    )
                if not data.get("title") and page.title:
                    data["title"] = page.title
        if not errors and not typed.strip():
            errors.append("Text: paste the article's text or upload its saved HTML page.")
        if not errors and len(typed) > MAX_ARTICLE:
            errors.append(f"Text: {len(typed):,} characters; the limit is {MAX_ARTICLE:,}.")
        if not errors:
            try:
                editing.save(
                    session,
                    "article",
                    {**data, "text": typed},
                    obj=article,
                    user_id=current_user_id(),
                    summary="article text put in",
                )
            except RecordError as exc:
                errors.append(f"{exc.field or 'Article'}: {exc.message}")
            else:
                session.commit()
                return redirect(url_for("proposals.review", article_id=article.id))
        session.rollback()
    status = 422 if errors else 200
    return render_template("edit/article_text.html", article=article, text=typed, errors=errors), status


def _marked(text: str, proposal: Proposal) -> list[tuple[str, str]]:
    """The sentence around a proposal as (piece, class) with its speaker and content marked."""
    spans = [(proposal.content, "content"), (proposal.cue, "cue")]
    if proposal.speaker.span is not None and proposal.speaker.span.end > proposal.speaker.span.start:
        spans.append((proposal.speaker.span, "speaker"))
    spans.sort(key=lambda item: item[0].start)
    start = max(0, min(s.start for s, _ in spans) - 80)
    end = min(len(text), max(s.end for s, _ in spans) + 80)
    pieces, at = [], start
    for span, kind in spans:
        if span.start < at:
            continue
        pieces.append((text[at : span.start], ""))
        pieces.append((text[span.start : span.end], kind))
        at = span.end
    pieces.append((text[at:end], ""))
    return pieces


@bp.get("/articles/<int:article_id>/proposals")
@editor_required
def review(article_id: int, failed: dict[str, str] | None = None, error: str | None = None) -> PageResult:
    """Every proposal in the article's text: the passage marked, editable fields, accept / reject."""
    session = request_session()
    article = records.article(session, article_id)
    if not article.text:
        return redirect(url_for("proposals.article_text", article_id=article.id))
    rejected = {
        n for part in request.args.get("rejected", "").split(",") if (n := whole_number(part)) is not None
    }
    done = anchored_passages(session, article.id)
    differs = session.get(Statement, whole_number(request.args.get("differs")) or 0)
    if differs is not None and (differs.deleted_at is not None or not accounts_differ(differs)):
        differs = None
    rows = []
    for proposal in propose(article.text, article.published_on, SessionLexicon(session)):
        where = (proposal.content.start, proposal.content.end)
        if where in done or proposal.content.start in rejected:
            continue
        wording = article.text[where[0] : where[1]]
        rows.append(
            {
                "p": proposal,
                "pieces": _marked(article.text, proposal),
                "wording": wording,
                "said": format_partial(proposal.said.date, proposal.said.precision),
                "match": matching_statement(session, proposal.speaker.id, wording),
            }
        )
    status = 422 if error else 200
    return render_template(
        "edit/proposals.html",
        article=article,
        rows=rows,
        kinds=KINDS,
        failed=failed or {},
        error=error,
        rejected=sorted(rejected),
        differs=differs,
    ), status


@bp.post("/articles/<int:article_id>/proposals")
@editor_required
def accept_proposal(article_id: int) -> PageResult | Response:
    """Accept one proposal (as edited): a new statement, or an account of a matching one."""
    session = request_session()
    article = records.article(session, article_id)
    form = request.form
    start, end = whole_number(form.get("start")), whole_number(form.get("end"))
    precision = form.get("said_precision") or None
    accepted = Accepted(
        speaker_id=whole_number(form.get("speaker_id")) if form.get("speaker_id") else None,
        speaker_name=(form.get("speaker_name") or "").strip(),
        speaker_kind=form.get("speaker_kind") or "person",
        wording=(form.get("wording") or "").strip(),
        kind=form.get("kind") or "paraphrase",
        said=form.get("said") or None,
        said_precision="approximate" if precision == "approximate" else None,
        said_note=form.get("said_note") or None,
        start=start or 0,
        end=end or 0,
    )
    add_to = None
    if form.get("add_to"):
        add_to = session.get(Statement, whole_number(form.get("add_to")) or 0)
    try:
        if form.get("add_to") and (add_to is None or add_to.deleted_at is not None):
            raise RecordError("form", "proposal", "add_to", "names no live statement")
        if not accepted.wording:
            raise RecordError("form", "proposal", "wording", "is required")
        if accepted.speaker_id is None and not accepted.speaker_name:
            raise RecordError("form", "proposal", "speaker_name", "is required")
        statement = accept(session, article, accepted, user_id=current_user_id(), add_to=add_to)
    except RecordError as exc:
        session.rollback()
        return review(article_id, failed=dict(form), error=f"{exc.field or 'Proposal'}: {exc.message}")
    session.commit()
    flash(f"Recorded: {statement.speaker.name}, “{accepted.wording[:80]}”.", "success")
    # An account added in other words than the statement's others: offer to open a conflict.
    differs = statement.id if add_to is not None and accounts_differ(statement) else None
    return redirect(url_for("proposals.review", article_id=article.id, rejected=form.get("rejected") or None,
                            differs=differs))
