"""Run one import: read, check and write a file in bounded batches, in one transaction by default."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.models import Event, Speaker
from tracker.services.data import seeding
from tracker.services.data.importers.base import Bundle, ImportResult, RecordSource
from tracker.services.data.importers.batches import ByteMeter, Checkpoint, Progress, batches
from tracker.services.data.importers.bulk import BulkWriter
from tracker.services.data.importers.liar import LiarSource
from tracker.services.data.importers.quotebank import QuotebankSource
from tracker.services.data.importers.store import DeferredIndexes, missing_keys
from tracker.services.data.importers.tabular import TabularSource
from tracker.services.editing import sources
from tracker.services.editing.created import ImportRecorder
from tracker.services.editing.loader import SECTIONS
from tracker.services.input.records import RecordError
from tracker.services.search import clusters, near
from tracker.services.search import index as search_index

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
        super().__init__(f"{result.source}: {result.rejected_count} bad record(s); nothing was imported")


IMPORT_CACHE_KIB = 96 * 1024  # bounded with the batches: peak RSS stays under 400 MB at any size
BATCH_RECORDS = 20_000  # records read, checked and written at a time (memory is bounded by it)


def run_import(session: Session, path: Path, fmt: str, *, skip_bad: bool = False,
               user_id: int | None = None, progress: Progress | None = None,
               on_total: Callable[[int], None] | None = None,
               on_write: Callable[[], None] | None = None, batch_size: int = BATCH_RECORDS,
               commit_every: int | None = None) -> ImportResult:
    """Import one file, a batch of ``batch_size`` records at a time (memory does not grow with
    the file); all-or-nothing (one transaction) unless ``skip_bad`` (then bad records are left
    out and listed) or ``commit_every``.

    Progress is in bytes of the file: ``on_total`` is told its size, ``progress`` how many more
    bytes were read and, as batches are stored, how many more are stored (a bar of twice the
    total covers both); it is called at least every 500 records and after every batch.
    ``on_write`` is called when the first batch is written. An exception from any callback
    aborts the import with everything since the last commit rolled back.

    ``commit_every`` N: commit after about every N records and record in ``import_checkpoint``
    (the file's sha256 and format) how far the file is stored; a rerun of the same file
    resumes there, and a bad record (without ``skip_bad``) keeps what was committed before it.
    """
    if fmt == "json":
        return _run_json(session, path, user_id, progress, on_total)
    started = time.perf_counter()
    result = ImportResult(source=path.name, skipped_bad=skip_bad)
    source = FORMATS[fmt](path)
    size = path.stat().st_size
    if on_total:
        on_total(size)
    meter = ByteMeter(source, size, progress)
    mark = Checkpoint.find(session, path, fmt) if commit_every else None
    if mark is not None:
        result.resumed_at = mark.records
    try:
        with gc_paused(), large_page_cache(session):
            _write_batches(session, source, (path, fmt), result, meter, batch_size, commit_every, mark,
                           user_id, on_write)
            if result.rejected_count and not skip_bad:
                raise ImportRejectedError(result)
            if mark is not None:
                mark.done(session, fmt)
            meter.finish()
            session.commit()
    except BaseException:
        session.rollback()
        result.seconds = time.perf_counter() - started
        raise
    result.seconds = time.perf_counter() - started
    return result


def _write_batches(session: Session, source: RecordSource, file: tuple[Path, str], result: ImportResult,
                   meter: ByteMeter, batch_size: int, commit_every: int | None,
                   mark: Checkpoint | None, user_id: int | None,
                   on_write: Callable[[], None] | None) -> None:
    """Read, check and write the file batch by batch (in the caller's transaction, or committing
    every ``commit_every`` records). Once a bad record is found without --skip-bad nothing more
    is written, but reading and checking go on so that every bad record is reported (the
    speakers of the batches not written count as defined: only their keys are kept)."""
    path, fmt = file
    size = min(batch_size, commit_every) if commit_every else batch_size
    floor = mark.first_statement_id if mark is not None else None
    fts = search_index.DeferredFts(session)
    indexes = DeferredIndexes(session)
    run = ImportRecorder(session, path.name, fmt, user_id, f"imported from {path.name}")  # what it creates
    since_commit, writing, deferred = 0, False, False
    unwritten: set[str] = set()  # speaker keys of the batches checked but not written
    for batch in batches(source, path, result, meter, size, mark.records if mark else 0):
        stopped = bool(result.rejected_count) and not result.skipped_bad
        _check_references(session, path.name, batch.bundle, result, unwritten if stopped else None)
        if result.rejected_count and not result.skipped_bad:
            unwritten.update(batch.bundle.speakers)
            continue  # nothing more is written; the rest is only checked
        if not writing:
            writing = True
            if on_write:
                on_write()
            # A big load (estimated from the first batch): the FTS table is rebuilt once.
            expected = len(batch.bundle.statements) * meter.size // max(batch.position, 1)
            deferred = fts.pays(expected)
            if deferred:
                fts.start()
            # Not with commit_every: each commit would build the whole indexes again.
            if not commit_every and indexes.pays(expected):
                indexes.start()
        writer = BulkWriter(session, result, run, gives(source), floor)
        writer.write(batch.bundle)
        made = writer.created.get("statement", [])
        repeats = near.among(session, made, window=near.IMPORT_WINDOW, before=floor or writer.floor)
        result.near_duplicates.extend((r.key, r.older_key, r.score) for r in repeats)
        clusters.join(session, [(r.statement_id, r.older_id, r.score) for r in repeats])
        floor = writer.floor
        del writer, batch.bundle
        # The collector is paused (gc_paused) and the ORM objects of updates hold cycles: free the
        # batch's. Only the young generations: what the batch made is there, and a full collection
        # would walk every object the app holds each time.
        gc.collect(1)
        meter.wrote(batch.position)
        since_commit += batch.records
        if commit_every and since_commit >= commit_every:
            fts.finish()
            assert mark is not None
            mark.save(session, path, fmt, batch.last, floor)
            session.commit()
            since_commit = 0
            if deferred:
                fts.start()
    fts.finish()
    indexes.finish()
    result.import_run_id = run.run_id
    result.near_duplicates.sort(key=lambda f: f[0] or "")


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


def _check_references(session: Session, source: str, bundle: Bundle, result: ImportResult,
                      unwritten: set[str] | None = None) -> None:
    """Speakers and events a statement names must be staged (in this batch, or in ``unwritten``
    batches of the file) or already stored."""
    speaker_keys = {s.speaker_key for s in bundle.statements.values()} - set(bundle.speakers)
    speaker_keys -= unwritten or set()
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
            result.reject(RecordError(source, statement.line, *problem))
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
