"""Filters and globals the browsing templates share."""

from __future__ import annotations

import re

from flask import Flask

from tracker.services.input.dates import format_partial, human_date
from tracker.views.params import url_with

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def lang_tag(language: str | None, script: str | None = None) -> str | None:
    """A BCP 47 tag for text not in the page's English ('ko', 'ja-Jpan'), else None."""
    if not language or not _LANG.match(language):
        return None
    if language.split("-")[0].lower() == "en" and script in (None, "Latn"):
        return None
    if script and re.fullmatch(r"[A-Z][a-z]{3}", script) and "-" not in language:
        return f"{language}-{script}"
    return language


def init_app(app: Flask) -> None:
    """Register the helpers with Jinja."""
    app.add_template_filter(lang_tag)
    app.add_template_global(human_date)
    app.add_template_global(format_partial)
    app.add_template_global(url_with)
