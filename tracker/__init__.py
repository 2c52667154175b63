"""The Claim & Quote Tracker: who said what, when and where, reported by whom."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from tracker import api, cli, views
from tracker.config import default_config, normalize_database_url
from tracker.services.input.records import MAX_ID
from tracker.web import auth, database, errors, faults, guard, imports, ratelimit, security

ROOT = Path(__file__).resolve().parent.parent


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` bounded to the databases' integer ids: a larger number is a 404, not a 500."""

    def to_python(self, value: str) -> int:
        """The id, or 404 when no row can have it (SQLite and PostgreSQL would raise instead)."""
        number = int(super().to_python(value))
        if number > MAX_ID:
            raise NotFound("There is no record with so large a number.")
        return number


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the test overrides."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.url_map.converters["int"] = BoundedIntegerConverter
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(default_config(Path(app.instance_path)))
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    app.config["DATABASE_URL"] = normalize_database_url(app.config["DATABASE_URL"])
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    imports.init_app(app)
    database.init_app(app)
    errors.init_app(app)
    guard.init_app(app)
    faults.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    auth.init_app(app)
    ratelimit.init_app(app)
    api.init_app(app)
    views.init_app(app)
    return app
