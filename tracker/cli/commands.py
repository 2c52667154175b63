"""Command line: `flask --app tracker db upgrade | seed | users create`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from tracker.models import UserRole
from tracker.services.access import users
from tracker.services.data import migrations, seeding
from tracker.services.input.records import RecordError
from tracker.web.database import get_session

db_group = AppGroup("db", help="Database schema (Alembic migrations).")


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    migrations.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {migrations.current(current_app.config['DATABASE_URL'])}.")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION ('base' for empty)."""
    migrations.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {migrations.current(current_app.config['DATABASE_URL'])}.")


@click.command("seed")
@with_appcontext
@click.option("--directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of seed JSON files (default: seeds/).")
@click.option("--if-empty", is_flag=True,
              help="Only seed a database that has no statements yet (what `make run` does).")
def seed_command(directory: Path | None, if_empty: bool) -> None:
    """Load the seed data; safe to run again (a second run changes nothing)."""
    if if_empty and seeding.has_statements(get_session()):
        click.echo("The database already has statements; not seeding.")
        return
    paths = seeding.seed_files(directory or seeding.SEEDS_DIR)
    if not paths:
        raise click.ClickException("No seed files (*.json) found.")
    try:
        stats = seeding.load_files(get_session(), paths)
    except RecordError as exc:
        raise click.ClickException(f"Nothing was loaded. {exc}") from None
    created = sum(v for k, v in stats.items() if k.endswith("created"))
    updated = sum(v for k, v in stats.items() if k.endswith("updated"))
    unchanged = sum(v for k, v in stats.items() if k.endswith("unchanged"))
    click.echo(f"Seeded from {len(paths)} file(s): {created} created, {updated} updated, "
               f"{unchanged} unchanged.")


users_group = AppGroup("users", help="Editors and admins.")


@users_group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in UserRole]), default="editor",
              show_default=True)
def users_create(email: str, role: str) -> None:
    """Create a user; the password is prompted for, or read from standard input if piped."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    session = get_session()
    try:
        user = users.create_user(session, email, password, UserRole(role))
        session.commit()
    except users.UserError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.role.value} {user.email}.")
