"""Command line: ``flask --app tracker imports worker``, the RQ worker that runs uploaded imports."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from tracker.web.imports import import_queue

imports_group = AppGroup("imports", help="Imports uploaded on /imports.")


@imports_group.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
def worker_command(burst: bool) -> None:
    """Run the imports queued on REDIS_URL (IMPORT_QUEUE), one after another, in this app."""
    from rq import Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: without it the web process runs its "
                                   "uploads itself, and no worker is needed.")
    queue = import_queue(current_app, url)
    click.echo(f"Running imports from the queue “{queue.name}”.", err=True)
    # A work horse is forked per job; it inherits this process's app context.
    Worker([queue], connection=queue.connection).work(burst=burst)
