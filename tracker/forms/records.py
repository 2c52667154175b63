"""Forms for speakers, outlets and events, and their conversion to and from import records."""

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

from tracker.models import OutletKind, SpeakerKind

EXTRA_ROWS = 2


def _choices(kind: Any) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ")) for m in kind]


def _approx(flag: Any) -> str | None:
    return "approximate" if flag else None


def pad(rows: Any, extra: int = EXTRA_ROWS) -> None:
    """Give a row list blank rows to add more (a blank row is ignored on save)."""
    blanks = sum(1 for entry in rows.entries if not any(
        (v or "").strip() for v in entry.data.values() if isinstance(v, str)))
    for _ in range(max(0, extra - blanks)):
        rows.append_entry()


def filled(rows: Any, primary: str) -> list[dict[str, Any]]:
    """Row data without the rows whose main field is empty (that is how a row is removed).

    The empty rows are dropped from the form too, so an error about row N lands on row N."""
    rows.entries = [e for e in rows.entries if (e.data.get(primary) or "").strip()]
    return [e.data for e in rows.entries]


class AliasForm(Form):  # type: ignore[misc]
    """One other name."""

    name = StringField("Name")
    language = StringField("Language", render_kw={"size": 6})
    script = StringField("Script", render_kw={"size": 6})
    romanization = StringField("Romanization")
    note = StringField("Note")


class RoleForm(Form):  # type: ignore[misc]
    """One position held."""

    title = StringField("Title")
    organization = StringField("Organization")
    start = StringField("From", render_kw={"placeholder": "June 2022"})
    end = StringField("Until", render_kw={"placeholder": "June 2022"})


class SpeakerForm(FlaskForm):  # type: ignore[misc]
    """A speaker with every name and role."""

    name = StringField("Name")
    kind = SelectField("Kind", choices=_choices(SpeakerKind), default="person")
    wikidata_id = StringField("Wikidata id", render_kw={"placeholder": "Q1232"})
    country = StringField("Country (two letters)", render_kw={"size": 3})
    description = TextAreaField("Description")
    aliases = FieldList(FormField(AliasForm), label="Other names")
    roles = FieldList(FormField(RoleForm), label="Roles")
    version = HiddenField()


def speaker_record(form: SpeakerForm) -> dict[str, Any]:
    """The form as an import record."""
    return {"name": form.name.data, "kind": form.kind.data, "wikidata_id": form.wikidata_id.data,
            "country": form.country.data, "description": form.description.data,
            "aliases": filled(form.aliases, "name"),
            "roles": filled(form.roles, "title")}


class OutletForm(FlaskForm):  # type: ignore[misc]
    """Who publishes reports."""

    name = StringField("Name")
    kind = SelectField("Kind", choices=_choices(OutletKind), default="other")
    country = StringField("Country (two letters)", render_kw={"size": 3})
    language = StringField("Language", render_kw={"size": 6})
    url = StringField("Web address", render_kw={"placeholder": "https://"})
    domain = StringField("Web domain", render_kw={"placeholder": "example.com"})
    version = HiddenField()


def outlet_record(form: OutletForm) -> dict[str, Any]:
    """The form as an import record."""
    return {name: getattr(form, name).data for name in
            ("name", "kind", "country", "language", "url", "domain")}


class EventForm(FlaskForm):  # type: ignore[misc]
    """An occasion; events nest."""

    name = StringField("Name")
    place = StringField("Place")
    start = StringField("Start", render_kw={"placeholder": "28 June 2022, June 2022 or 2022"})
    start_approximate = BooleanField("The start date is approximate")
    end = StringField("End", render_kw={"placeholder": "28 June 2022, June 2022 or 2022"})
    end_approximate = BooleanField("The end date is approximate")
    parent = SelectField("Part of", choices=[("", "(none)")], validate_choice=False)
    description = TextAreaField("Description")
    version = HiddenField()


EVENT_ALIASES = {"start_precision": "start_approximate", "end_precision": "end_approximate"}


def event_record(form: EventForm) -> dict[str, Any]:
    """The form as an import record."""
    return {"name": form.name.data, "place": form.place.data, "start": form.start.data,
            "start_precision": _approx(form.start_approximate.data), "end": form.end.data,
            "end_precision": _approx(form.end_approximate.data), "parent": form.parent.data or None,
            "description": form.description.data}


def event_form_data(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored event as form data."""
    return {**doc, "start_approximate": doc.get("start_precision") == "approximate",
            "end_approximate": doc.get("end_precision") == "approximate", "parent": doc.get("parent") or ""}
