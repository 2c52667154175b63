"""The command line: ``flask --app tracker db | seed | users | import | export | backup | restore``.

``commands`` holds the schema, seed and user commands; ``data`` the import and export ones;
``backup`` the backup and restore ones; ``imports`` the RQ worker of uploaded imports.
Commands parse their arguments and call one service each (``services.data``,
``services.access``); they may import ``tracker.web.database`` for the app's session.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from tracker.cli import backup, commands, data, extract, imports

    app.cli.add_command(commands.db_group)
    app.cli.add_command(commands.seed_command)
    app.cli.add_command(commands.users_group)
    data.init_app(app)
    backup.init_app(app)
    extract.init_app(app)
    app.cli.add_command(imports.imports_group)
