"""Run one import: read, check every record, then write everything in one transaction."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.models import Event, Speaker
from tracker.services.data import seeding
from tracker.services.data.importers.base import Bundle, ImportResult, RecordSource, absorb
from tracker.services.data.importers.bulk import BulkWriter
from tracker.services.data.importers.liar import LiarSource
from tracker.services.data.importers.lookups import missing_keys
from tracker.services.data.importers.quotebank import QuotebankSource
from tracker.services.data.importers.tabular import TabularSource
from tracker.services.editing import sources
from tracker.services.editing.loader import SECTIONS
from tracker.services.input.records import RecordError, RecordReader
from tracker.services.search import clusters, near

FORMATS: dict[str, Callable[[Path], RecordSource]] = {
    "quotebank": QuotebankSource,
    "liar": LiarSource,
    "csv": TabularSource,
}
ALL_FORMATS = (*FORMATS, "json")


class ImportRejectedError(Exception):
    """The file had bad records and --skip-bad was not given: nothing was stored."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        super().__init__(f"{result.source}: {len(result.rejected)} bad record(s); nothing was imported")


Progress = Callable[[int], None]
IMPORT_CACHE_KIB = 256 * 1024


def run_import(session: Session, path: Path, fmt: str, *, skip_bad: bool = False,
               user_id: int | None = None, progress: Progress | None = None,
               on_total: Callable[[int], None] | None = None,
               on_write: Callable[[], None] | None = None) -> ImportResult:
    """Import one file; all-or-nothing unless ``skip_bad`` (then bad records are left out and listed).

    ``on_total`` is told how many records there are, ``progress`` how many more were read and,
    once stored, all of them again (a bar of twice the total covers both steps); ``on_write`` is
    called when writing starts.
    """
    if fmt == "json":
        return _run_json(session, path, user_id, progress, on_total)
    started = time.perf_counter()
    result = ImportResult(source=path.name, skipped_bad=skip_bad)
    with gc_paused():
        source = FORMATS[fmt](path)
        bundle = _stage(source, path, result, progress, on_total)
        with large_page_cache(session):
            _check_references(session, path.name, bundle, result)
            if result.rejected and not skip_bad:
                result.seconds = time.perf_counter() - started
                raise ImportRejectedError(result)
            if on_write:
                on_write()
            try:
                writer = BulkWriter(session, result, user_id, gives(source))
                writer.write(bundle)
                made = [i for kind, i in zip(*writer.revisions[:2], strict=True) if kind == "statement"]
                repeats = near.among(session, made)
                result.near_duplicates = [(r.key, r.older_key, r.score) for r in repeats]
                clusters.join(session, [(r.statement_id, r.older_id, r.score) for r in repeats])
            except BaseException:
                session.rollback()
                raise
        try:
            session.commit()
        except BaseException:
            session.rollback()
            raise
    if progress:
        progress(result.read)
    result.seconds = time.perf_counter() - started
    return result


def gives(source: RecordSource) -> dict[str, tuple[str, ...]]:
    """The fields a source's records give, per kind (read once its records are read)."""
    found: dict[str, tuple[str, ...]] = getattr(source, "gives", {})
    return found


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the duration: staging allocates hundreds of thousands
    of small objects, none of them in cycles, and every full collection would walk them all
    (a quarter of the staging time).  Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def large_page_cache(session: Session) -> Iterator[None]:
    """On SQLite, a page cache of up to IMPORT_CACHE_KIB while the import writes, then the one
    the connection had.  Its tables have many indexes, each updated at random places; with the
    default 2 MB cache most of those pages are evicted and read back over and over."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    raw = session.connection().connection.driver_connection
    assert raw is not None
    previous = raw.execute("PRAGMA cache_size").fetchone()[0]
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    kib = -previous if previous < 0 else previous * page_size // 1024
    if kib >= IMPORT_CACHE_KIB:
        yield
        return
    raw.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        # Shrinking the cache evicts only clean pages: what is written stays until the commit.
        raw.execute(f"PRAGMA cache_size={int(previous)}")


def _stage(source: RecordSource, path: Path, result: ImportResult, progress: Progress | None,
           on_total: Callable[[int], None] | None) -> Bundle:
    """Read and check every record; stage the good ones, list the bad ones in the result."""
    try:
        raw_records = list(source.records())
    except (OSError, UnicodeDecodeError, EOFError, ValueError) as exc:
        raise RecordError(path.name, "file", None, f"cannot be read ({exc})") from None
    total = len(raw_records)
    if on_total:
        on_total(total)
    bundle = Bundle()
    # A source whose stage() checks everything before staging anything stages straight into the
    # file's bundle; any other stages each record apart and merges it only once it proved valid.
    atomic = getattr(source, "stages_atomically", False)
    for done, (label, raw) in enumerate(raw_records, start=1):
        try:
            if isinstance(raw, RecordError):
                raise RecordError(path.name, label, raw.field, raw.message)
            if atomic:
                source.stage(RecordReader(path.name, label, raw), bundle)
            else:
                part = Bundle()
                source.stage(RecordReader(path.name, label, raw), part)
                absorb(bundle, part)
        except RecordError as exc:
            result.rejected.append(exc)
        if progress and (done % 500 == 0 or done == total):
            progress(500 if done % 500 == 0 else done % 500)
    result.read += total
    return bundle


def _check_references(session: Session, source: str, bundle: Bundle, result: ImportResult) -> None:
    """Speakers and events a statement names must be staged or already stored."""
    speaker_keys = {s.speaker_key for s in bundle.statements.values()} - set(bundle.speakers)
    missing_speakers = missing_keys(session, Speaker.key, speaker_keys)
    missing_speakers -= set(sources.mapped(session, missing_speakers))  # an earlier import's key
    missing_events = missing_keys(session, Event.key,
                                  {s.event_key for s in bundle.statements.values() if s.event_key})
    for key, statement in list(bundle.statements.items()):
        problem = None
        if statement.speaker_key in missing_speakers:
            problem = ("speaker", f"refers to speaker “{statement.speaker_key}”, which is not defined "
                       "(give speaker_name to create it)")
        elif statement.event_key in missing_events:
            problem = ("event", f"refers to event “{statement.event_key}”, which is not defined")
        if problem:
            result.rejected.append(RecordError(source, statement.line, *problem))
            del bundle.statements[key]


def _run_json(session: Session, path: Path, user_id: int | None, progress: Progress | None,
              on_total: Callable[[int], None] | None) -> ImportResult:
    """The tracker's own JSON shape, through the seeding loader (upsert by key, all-or-nothing)."""
    started = time.perf_counter()
    document = seeding.read_document(path)
    total = sum(len(v) for k, v in document.items() if k in SECTIONS and isinstance(v, list)) \
        if isinstance(document, dict) else 0
    if on_total:
        on_total(total)
    if progress:
        progress(total)
    stats = seeding.load_files(session, [path], user_id=user_id)
    if progress:
        progress(total)
    result = ImportResult(source=path.name, read=total)
    for name, count in stats.items():
        table, _, what = name.rpartition(" ")
        if name == "speaker queued for review":
            result.speakers_queued += count
        elif what == "created":
            result.created[table] += count
        elif what == "updated":
            result.updated[table] += count
        else:
            result.unchanged += count
    result.seconds = time.perf_counter() - started
    return result
