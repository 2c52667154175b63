"""Command line: `flask --app tracker extract FILE --published YYYY-MM-DD --format json`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from tracker.services.extraction.known import MAX_ARTICLE, extract
from tracker.web.database import get_session


def init_app(app: Flask) -> None:
    """Register `extract`."""
    app.cli.add_command(extract_command)


def _published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}” is not a date: write YYYY-MM-DD, e.g. 2022-06-30.") from None


@click.command("extract")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", callback=_published, help="The article's publication date (YYYY-MM-DD): "
              "relative dates ('on the 28th', 'today') are read from it.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def extract_command(file: Path, published: date | None, fmt: str) -> None:
    """Propose the statements in an article (a UTF-8 text file); offsets index its text as read."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file.name} is not UTF-8 text (byte {exc.start}).") from None
    if len(text) > MAX_ARTICLE:
        raise click.ClickException(f"{file.name} has {len(text):,} characters; the limit is {MAX_ARTICLE:,}.")
    click.echo(json.dumps(extract(get_session(), text, published), ensure_ascii=False, indent=1))
