"""Forms for articles and topics, and their conversion to and from import records."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm  # type: ignore[import-untyped]
from wtforms import (  # type: ignore[import-untyped]
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)

DATE_HINT = "28 June 2022, June 2022 or 2022"


class ArticleForm(FlaskForm):  # type: ignore[misc]
    """One published piece: its outlet, address, title, authors and publication date."""

    outlet = SelectField("Outlet", choices=[("", "(none)")], validate_choice=False)
    url = StringField("Web address", render_kw={"placeholder": "https://"})
    title = StringField("Title")
    authors = TextAreaField("Authors (one a line)", render_kw={"rows": 2})
    published = StringField("Published on", render_kw={"placeholder": DATE_HINT})
    published_approximate = BooleanField("The publication date is approximate")
    published_note = StringField("How the publication date was inferred")
    language = StringField("Language", render_kw={"size": 8, "placeholder": "ko"})
    version = HiddenField()


ARTICLE_ALIASES = {"published_precision": "published_approximate"}
# What an article's document holds that its form does not show (kept as stored on a save).
ARTICLE_KEPT = ("text",)


def article_record(form: ArticleForm) -> dict[str, Any]:
    """The form as an import record."""
    authors = [line.strip() for line in (form.authors.data or "").splitlines() if line.strip()]
    return {"outlet": form.outlet.data or None, "url": form.url.data, "title": form.title.data,
            "authors": authors, "published": form.published.data,
            "published_precision": "approximate" if form.published_approximate.data else None,
            "published_note": form.published_note.data, "language": form.language.data}


def article_form_data(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored article as form data."""
    return {**doc, "authors": "\n".join(doc.get("authors") or []), "outlet": doc.get("outlet") or "",
            "published_approximate": doc.get("published_precision") == "approximate"}


class TopicForm(FlaskForm):  # type: ignore[misc]
    """A subject statements are filed under."""

    name = StringField("Name")
    version = HiddenField()


def topic_record(form: TopicForm) -> dict[str, Any]:
    """The form as an import record."""
    return {"name": form.name.data}
