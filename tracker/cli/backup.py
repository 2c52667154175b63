"""Command line: `flask --app tracker backup FILE` and `flask --app tracker restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from tracker.services.data.backup import BackupError, backup, restore


def init_app(app: Flask) -> None:
    """Register `backup` and `restore`."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Copy the whole database to FILE while the app keeps running (SQLite's online backup,
    or pg_dump); an older FILE is replaced only once the new copy is complete."""
    try:
        result = backup(current_app.config["DATABASE_URL"], file)
    except BackupError as exc:
        raise click.ClickException(f"No backup was made. {exc}") from None
    click.echo(f"Backed up the {result.backend} database to {result.path} "
               f"({result.size / 1_048_576:,.1f} MB in {result.seconds:.1f} s).")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="Overwrite a database that already holds records (default: refuse).")
def restore_command(file: Path, replace: bool) -> None:
    """Put a backup made by `flask backup` back into the database (all or nothing)."""
    try:
        result = restore(current_app.config["DATABASE_URL"], file, replace=replace)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    held = ", ".join(f"{count:,} {label}" for label, count in result.counts.items())
    click.echo(f"Restored {result.path} into the {result.backend} database in {result.seconds:.1f} s: "
               f"{held}.")
