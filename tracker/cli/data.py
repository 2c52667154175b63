"""Command line: `flask --app tracker import FILE --format …` and `flask --app tracker export FILE`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import with_appcontext

from tracker.services.data.exporters import EXPORT_FORMATS, export_file
from tracker.services.data.importers import FORMATS, ImportRejectedError, run_import
from tracker.services.input.records import RecordError
from tracker.web.database import get_session


def init_app(app: Flask) -> None:
    """Register `import` and `export`."""
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)


@click.command("import")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "json"]), required=True,
              help="quotebank (JSONL, .bz2, or CSV in a .zip), liar (TSV), "
                   "csv or json (the tracker's shapes).")
@click.option("--skip-bad", is_flag=True,
              help="Import the good records and list the bad ones (default: a bad record imports nothing).")
@click.option("--commit-every", type=click.IntRange(min=1), default=None, metavar="N",
              help="Commit about every N records and remember how far the file got: running the "
                   "same command again resumes there (default: one transaction for the whole file).")
def import_command(file: Path, fmt: str, skip_bad: bool, commit_every: int | None) -> None:
    """Import FILE; importing the same file again creates nothing new."""
    bar: Any = None

    def on_total(total: int) -> None:
        nonlocal bar
        # Bytes of the file read, then stored: each moves the bar half way.
        bar = click.progressbar(length=max(2 * total, 1), label=f"Reading {file.name}",
                                file=sys.stderr, show_pos=True)
        bar.__enter__()

    def progress(step: int) -> None:
        if bar is not None:
            bar.update(step)

    def on_write() -> None:
        if bar is not None:
            bar.label = f"Writing {file.name}"
            bar.render_progress()

    try:
        result = run_import(get_session(), file, fmt, skip_bad=skip_bad, progress=progress,
                            on_total=on_total, on_write=on_write, commit_every=commit_every)
    except ImportRejectedError as exc:
        _close(bar)
        for line in exc.result.lines():
            click.echo(line, err=True)
        what = ("Nothing more was imported" if commit_every else "Nothing was imported")
        raise click.ClickException(f"{what}: {exc.result.rejected_count} bad record(s) "
                                   "(use --skip-bad to import the rest).") from None
    except RecordError as exc:
        _close(bar)
        raise click.ClickException(f"Nothing was imported. {exc}") from None
    _close(bar)
    for line in result.lines():
        click.echo(line)


def _close(bar: Any) -> None:
    if bar is not None:
        bar.__exit__(None, None, None)


@click.command("export")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True,
              help="json (full dump, re-importable), csv (a .zip with one CSV per resource), "
                   "jsonld (schema.org), timelinejs.")
@click.option("--timeline", default=None, metavar="KIND:KEY",
              help="For timelinejs: speaker:KEY, event:KEY or conflict:KEY (default: every dated statement).")
def export_command(file: Path, fmt: str, timeline: str | None) -> None:
    """Export the database to FILE."""
    try:
        count = export_file(get_session(), file, fmt, timeline=timeline)
    except (LookupError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Exported {count:,} record(s) to {file} ({fmt}).")
