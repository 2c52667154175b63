"""Forms for statements, accounts (with their chain of hops), conflicts and merges."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm  # type: ignore[import-untyped]
from wtforms import (  # type: ignore[import-untyped]
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)

from tracker.forms.records import _approx, _choices
from tracker.models import ConflictStatus, HopRole, OutletKind, SpeakerKind, Stance, StatementKind

COUNTRY = {"size": 3, "placeholder": "KR", "autocomplete": "off"}

DATE_HINT = "28 June 2022, June 2022 or 2022"


class StatementForm(FlaskForm):  # type: ignore[misc]
    """Who said what, when, where."""

    speaker = StringField("Speaker", render_kw={"autocomplete": "off", "data-speaker-search": "speaker"})
    speaker_id = HiddenField()
    speaker_kind = SelectField("If new: kind of speaker", choices=_choices(SpeakerKind), default="person")
    speaker_country = StringField("If new: country (two letters)", render_kw=COUNTRY)
    event = SelectField("Event", choices=[("", "(none)")], validate_choice=False)
    said = StringField("Said on", render_kw={"placeholder": DATE_HINT})
    said_approximate = BooleanField("The date is approximate")
    said_note = StringField("How the date was inferred")
    wording = TextAreaField("Wording", render_kw={"rows": 4})
    kind = SelectField("Kind", choices=_choices(StatementKind), default="direct_quote")
    language = StringField("Language", render_kw={"size": 6})
    original_text = TextAreaField("Original-language text", render_kw={"rows": 3})
    translation_note = StringField("Translation note")
    topics = StringField("Topics", render_kw={"autocomplete": "off", "list": "topic-suggestions"})
    verdict = StringField("Verdict", render_kw={"placeholder": "mostly false"})
    version = HiddenField()


STATEMENT_ALIASES = {"said_precision": "said_approximate"}


def statement_record(form: StatementForm, current: dict[str, Any] | None) -> dict[str, Any]:
    """The form over the stored record (fields the form lacks are kept; the view puts in the
    topics, which are typed as names)."""
    return {**(current or {}), "event": form.event.data or None, "said": form.said.data,
            "said_precision": _approx(form.said_approximate.data), "said_note": form.said_note.data,
            "wording": form.wording.data, "kind": form.kind.data, "language": form.language.data,
            "original_text": form.original_text.data, "translation_note": form.translation_note.data,
            "verdict": form.verdict.data}


def statement_form_data(doc: dict[str, Any], topic_names: list[str]) -> dict[str, Any]:
    """A stored statement as form data (the speaker is filled in by the view)."""
    return {**doc, "said_approximate": doc.get("said_precision") == "approximate",
            "event": doc.get("event") or "", "topics": ", ".join(topic_names),
            "verdict": doc.get("verdict") or ""}


class HopForm(Form):  # type: ignore[misc]
    """One link in the chain of attribution."""

    role = SelectField("Role", choices=[("", "(no link)"), *_choices(HopRole)], validate_choice=False)
    # Shares the narrator's suggestions (one speaker lookup for the whole account form).
    speaker = StringField("Speaker", render_kw={"data-speaker-search": "hop", "list": "narrator-suggestions",
                                                "autocomplete": "off"})
    outlet = StringField("Outlet")
    label = StringField("Or a description", render_kw={"placeholder": "other media"})


class AccountForm(FlaskForm):  # type: ignore[misc]
    """One version of a statement: who tells it, where, in what words, through whom."""

    narrator = StringField("Told by (narrator)",
                           render_kw={"autocomplete": "off", "data-speaker-search": "narrator"})
    narrator_id = HiddenField()
    narrator_kind = SelectField("If new: kind of narrator", choices=_choices(SpeakerKind),
                                default="organization")
    narrator_country = StringField("If new: country (two letters)", render_kw=COUNTRY)
    outlet = StringField("Outlet (created if new)")
    outlet_kind = SelectField("If new: kind of outlet", choices=_choices(OutletKind), default="newspaper")
    outlet_country = StringField("If new: the outlet's country (two letters)", render_kw=COUNTRY)
    article_url = StringField("Article web address", render_kw={"placeholder": "https://"})
    article_title = StringField("Article title")
    published = StringField("Published on", render_kw={"placeholder": DATE_HINT})
    published_approximate = BooleanField("The publication date is approximate")
    wording = TextAreaField("Wording in this account", render_kw={"rows": 4})
    stance = SelectField("Stance", choices=_choices(Stance), default="affirms")
    note = StringField("Note")
    language = StringField("Language of this version", render_kw={"size": 8, "placeholder": "zh"})
    original_text = TextAreaField("This version in its own language", render_kw={"rows": 4})
    translation_note = StringField("Translation note")
    translator = StringField("Translated by")
    chain = FieldList(FormField(HopForm), label="Chain of attribution")
    version = HiddenField()


ACCOUNT_ALIASES = {"url": "article_url", "title": "article_title",
                   "published_precision": "published_approximate"}


# The account's own words: form fields and record fields of the same names.
ACCOUNT_WORDS = ("language", "original_text", "translation_note", "translator")


def hop_rows(form: AccountForm) -> list[dict[str, Any]]:
    """Filled chain rows, in order (empty rows are dropped so errors land on the right row)."""
    form.chain.entries = [
        e for e in form.chain.entries
        if e.data.get("role") or any((e.data.get(k) or "").strip() for k in ("speaker", "outlet", "label"))]
    return [e.data for e in form.chain.entries]


class ConflictForm(FlaskForm):  # type: ignore[misc]
    """Accounts or statements that disagree; members and points are read from the raw form."""

    title = StringField("Title")
    summary = TextAreaField("Summary", render_kw={"rows": 3})
    status = SelectField("Status", choices=_choices(ConflictStatus), default="open")
    resolution = TextAreaField("Resolution", render_kw={"rows": 2})
    version = HiddenField()


class MergeForm(FlaskForm):  # type: ignore[misc]
    """Which speaker to keep."""

    keep = StringField("Keep this speaker (number or exact name)")
