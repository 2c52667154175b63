"""Throwaway databases for tests: SQLite files, or PostgreSQL databases when
TEST_DATABASE_URL is set. Each test gets its own copy of a migrated, seeded template."""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from tracker.config import normalize_database_url
from tracker.db import make_engine

_counter = itertools.count()


class Databases:
    """Creates and drops databases on one backend."""

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        url = os.environ.get("TEST_DATABASE_URL")
        self.server_url = normalize_database_url(url) if url else None
        self.prefix = f"tracker_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.created: list[str] = []

    @property
    def backend(self) -> str:
        """'postgresql' or 'sqlite'."""
        return "postgresql" if self.server_url else "sqlite"

    def _admin(self, sql: str) -> None:
        assert self.server_url is not None
        engine = make_engine(self.server_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(sql))
        finally:
            engine.dispose()

    def create(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its URL."""
        name = f"{self.prefix}_{next(_counter)}"
        if self.server_url is None:
            path = self.tmp_dir / f"{name}.sqlite"
            if template:
                shutil.copyfile(make_url(template).database or "", path)
            return f"sqlite:///{path}"
        clause = f" TEMPLATE {make_url(template).database}" if template else ""
        self._admin(f'CREATE DATABASE "{name}"{clause}')
        self.created.append(name)
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop a database made by ``create``."""
        if self.server_url is None:
            Path(make_url(url).database or "").unlink(missing_ok=True)
            return
        name = make_url(url).database
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        """Drop every database this run made."""
        if self.server_url is not None:
            for name in self.created:
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
