"""Throwaway databases for tests: SQLite files, or PostgreSQL databases when
TEST_DATABASE_URL is set. Each test gets its own copy of a migrated, seeded template."""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import inspect, text
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


def content_hash(url: str, *, sequences: bool = False) -> str:
    """A digest of every row of every table (the search index's too) and, with ``sequences``, of
    every PostgreSQL sequence's position: equal digests mean equal contents, whatever order the
    rows were written in. Fault tests compare it before and after to show nothing was lost or
    half-written (a rolled-back insert still uses up a sequence number, hence no sequences
    there); backup tests with sequences, as a restore must not hand out used ids again."""
    engine = make_engine(url)
    digest = hashlib.sha256()
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            for name in sorted(inspector.get_table_names()):
                rows = connection.execute(text(f'SELECT * FROM "{name}"')).all()
                digest.update(f"\n{name}:{len(rows)}\n".encode())
                for line in sorted(_row_text(tuple(row)) for row in rows):
                    digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
            if sequences and engine.dialect.name == "postgresql":
                for name in sorted(inspector.get_sequence_names()):
                    position = connection.execute(text(f'SELECT last_value, is_called FROM "{name}"')).one()
                    digest.update(f"\nsequence {name}: {tuple(position)}".encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


def _row_text(row: tuple[object, ...]) -> str:
    """A row as text that is the same for equal values (bytes as hex, not as an object address)."""
    return repr(tuple(bytes(value).hex() if isinstance(value, bytes | memoryview) else value
                      for value in row))
