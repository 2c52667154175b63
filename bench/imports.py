"""CSV import speed and memory: ``run_import`` beside the raw-insert floor, in the same run.

    .venv/bin/python -m bench.imports --statements 10000 100000 \
        --database-url sqlite:////tmp/bench-imports.sqlite [--profile /tmp/imp.prof]

For each size it writes the generator's CSV (``bench.generate``: two CSV rows, two accounts,
per statement), then in a fresh child process (so each peak RSS is that import's alone):

- ``import``: a freshly migrated database, ``run_import(session, path, "csv")`` (the path of
  ``flask import --format csv``: checks, speakers, the import run and its id ranges, full-text index), timed;
- ``floor``: the same CSV read with ``csv.reader`` and written by plain DB-API executemany into
  a table of the CSV's columns (no index, no check), one transaction: what the machine does
  without the tracker.
- ``stored`` (SQLite, after ``import``): every row the import stored, read from its database and
  written again by plain executemany into a freshly migrated one (the same tables, keys,
  indexes and foreign keys), the secondary indexes and the FTS5 table built once by the
  import's own ``DeferredIndexes`` and ``DeferredFts``, one transaction: what writing the
  tracker's rows costs without any of its Python, so the import's own overhead is the difference.
- ``staging`` (no database): the CSV read, checked and staged in the import's batches
  (``batches``, as ``run_import`` reads it), timed alone; and each batch pickled and unpickled,
  what handing it to another process would add (``pickle_out_seconds``, ``pickle_in_seconds``,
  ``pickled_mb``). ``imports_rss_mb`` is the child's RSS once the tracker is imported, before
  any row: with ``peak_rss_mb``, what a second process staging the rows would take.

It prints one JSON line per (size, kind): CSV rows/s, the child's peak RSS and CPU seconds
(getrusage: on a shared machine CPU time moves less than wall time; on PostgreSQL the server's
share is not in it) and the load average when it ended.
On PostgreSQL the database's ``public`` schema is dropped and recreated before each child.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import pickle
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.generate import Scale, write_csv
from tracker.config import normalize_database_url
from tracker.db import make_engine
from tracker.models import Base
from tracker.services.data.importers.run import large_page_cache
from tracker.services.data.importers.store import DeferredIndexes
from tracker.services.data.importers.tabular import COLUMNS
from tracker.services.search.index import DeferredFts

FLOOR_BATCH = 10_000
KINDS = ("floor", "import", "stored", "staging")
# The figures a kind adds to its line, beside seconds, rate, memory and CPU.
EXTRA: dict[str, dict[str, str]] = {  # kind -> the line's name -> the child's
    "stored": {"rows_written": "read"},
    "staging": {"rows_staged": "read", **{name: name for name in (
        "pickle_out_seconds", "pickle_in_seconds", "pickled_mb", "imports_rss_mb")}},
}


def _fresh(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(url.database + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def child_import(database_url: str, path: Path, profile: Path | None,
                 extra: dict[str, Any]) -> dict[str, Any]:
    """Migrate a fresh database and import the CSV through ``run_import``."""
    from tracker import create_app
    from tracker.services.data import migrations
    from tracker.services.data.importers import run_import
    from tracker.web.database import get_session

    _fresh(database_url)
    migrations.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        session = get_session()
        profiler = cProfile.Profile() if profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        result = run_import(session, path, "csv", **extra)
        if profiler and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        seconds = time.perf_counter() - started
    app.extensions["engine"].dispose()
    return {"seconds": seconds, "read": result.read, "created": dict(result.created)}


def child_floor(database_url: str, path: Path) -> dict[str, Any]:
    """Plain executemany of the CSV's rows into a table of its columns, one transaction."""
    _fresh(database_url)
    engine = create_engine(database_url)
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    started = time.perf_counter()
    count = 0
    with engine.begin() as connection:
        serial = "INTEGER PRIMARY KEY" if engine.dialect.name == "sqlite" else "SERIAL PRIMARY KEY"
        connection.exec_driver_sql(f"CREATE TABLE floor (id {serial}, "
                                   f"{', '.join(f'{chr(34)}{c}{chr(34)} TEXT' for c in COLUMNS)})")
        placeholders = ", ".join(["?" if engine.dialect.name == "sqlite" else "%s"] * len(COLUMNS))
        cursor = connection.connection.cursor()
        sql = f"INSERT INTO floor ({names}) VALUES ({placeholders})"  # noqa: S608
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream)
            next(reader)
            batch: list[list[str | None]] = []
            for row in reader:
                batch.append([cell or None for cell in row])
                if len(batch) == FLOOR_BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds, "read": count}


def child_staging(path: Path) -> dict[str, Any]:
    """The CSV staged in the import's batches, timed apart from pickling each batch and back."""
    import gc

    from tracker.services.data.importers.base import ImportResult
    from tracker.services.data.importers.batches import ByteMeter, batches
    from tracker.services.data.importers.run import BATCH_RECORDS
    from tracker.services.data.importers.tabular import TabularSource

    imports_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    source = TabularSource(path)
    result = ImportResult(source=path.name)
    meter = ByteMeter(source, path.stat().st_size, None)
    out_seconds = in_seconds = 0.0
    pickled = 0
    gc.disable()  # as run_import stages (gc_paused)
    started = time.perf_counter()
    for batch in batches(source, path, result, meter, BATCH_RECORDS):
        before = time.perf_counter()
        blob = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
        between = time.perf_counter()
        pickle.loads(blob)  # noqa: S301 (the bytes were pickled just above)
        out_seconds, in_seconds = out_seconds + between - before, in_seconds + time.perf_counter() - between
        pickled += len(blob)
        del blob
    seconds = time.perf_counter() - started - out_seconds - in_seconds
    gc.enable()
    return {"seconds": seconds, "read": result.read, "pickle_out_seconds": round(out_seconds, 2),
            "pickle_in_seconds": round(in_seconds, 2), "pickled_mb": round(pickled / 1e6, 1),
            "imports_rss_mb": round(imports_rss, 1)}


def child_stored(database_url: str) -> dict[str, Any]:
    """The import's rows (its database, moved aside) written again into a fresh one, on the
    app's engine (foreign keys on, as the import has them) and with the import's own page
    cache, deferred indexes and FTS rebuild (``large_page_cache``, ``DeferredIndexes``,
    ``DeferredFts``); the rows themselves go by plain DB-API executemany."""
    from tracker.services.data import migrations

    database = make_url(database_url).database
    assert database
    imported = Path(database + ".imported")
    os.replace(database, imported)
    _fresh(database_url)
    migrations.upgrade(database_url)
    source = sqlite3.connect(imported)
    stored = {name for (name,) in source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%' "
        "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")}
    # Parents before the rows that refer to them: each foreign key is checked as the import's is.
    order = [table.name for table in Base.metadata.sorted_tables]
    tables = sorted(stored, key=lambda name: order.index(name) if name in order else len(order))
    engine = make_engine(database_url)
    started = time.perf_counter()
    count = 0
    with Session(engine) as session, large_page_cache(session):
        fts, indexes = DeferredFts(session), DeferredIndexes(session)
        fts.start()
        indexes.start()
        cursor = session.connection().connection.cursor()
        for table in tables:
            if cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():  # noqa: S608
                continue  # filled by the migrations (none today), kept as they made it
            names = [f'"{row[1]}"' for row in cursor.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
                     if row[6] == 0]  # not generated
            columns, marks = ", ".join(names), ", ".join("?" * len(names))
            rows = source.execute(f'SELECT {columns} FROM "{table}"')  # noqa: S608
            insert = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'  # noqa: S608
            while batch := rows.fetchmany(FLOOR_BATCH):
                cursor.executemany(insert, batch)
                count += len(batch)
        indexes.finish()
        fts.finish()
        session.commit()
    seconds = time.perf_counter() - started
    engine.dispose()
    source.close()
    imported.unlink()
    return {"seconds": seconds, "read": count}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--profile", type=Path, help="cProfile the (largest) import into this file")
    parser.add_argument("--kinds", nargs="+", default=["floor", "import"], choices=KINDS,
                        help="in this order; stored needs import (SQLite); staging uses no database")
    parser.add_argument("--commit-every", type=int, default=None)
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    kinds = args.kinds
    if "stored" in kinds and ("import" not in kinds or kinds.index("stored") < kinds.index("import")
                              or make_url(args.database_url).get_backend_name() != "sqlite"):
        parser.error("--kinds stored comes after import, on SQLite: it writes the import's rows again")
    database_url = normalize_database_url(args.database_url)
    extra = {"commit_every": args.commit_every} if args.commit_every else {}
    if args.child:
        assert args.csv
        out = (child_floor(database_url, args.csv) if args.child == "floor"
               else child_stored(database_url) if args.child == "stored"
               else child_staging(args.csv) if args.child == "staging"
               else child_import(database_url, args.csv, args.profile, extra))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        out["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
        out["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)  # the whole child, generation excluded
        print(json.dumps(out))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as tmp:
        for statements in args.statements:
            path = Path(tmp) / f"imports-{statements}.csv"
            rows = write_csv(path, Scale.for_statements(statements))
            for kind in args.kinds:
                command = [sys.executable, "-m", "bench.imports", "--child", kind, "--csv", str(path),
                           "--database-url", database_url]
                if args.commit_every:
                    command += ["--commit-every", str(args.commit_every)]
                if args.profile and kind == "import" and statements == max(args.statements):
                    command += ["--profile", str(args.profile)]
                done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
                out = json.loads(done.stdout.strip().splitlines()[-1])
                print(json.dumps({
                    "backend": make_url(database_url).get_backend_name(), "statements": statements,
                    "csv_rows": rows, "kind": kind, "seconds": round(out["seconds"], 2),
                    "csv_rows_per_second": round(rows / out["seconds"]), "peak_rss_mb": out["peak_rss_mb"],
                    "cpu_seconds": out.get("cpu_seconds"), "load_average": round(os.getloadavg()[0], 1),
                    **{name: out[key] for name, key in EXTRA.get(kind, {}).items()},
                }), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
