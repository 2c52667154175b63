"""Reading a file in bounded batches: records staged and checked a batch at a time, progress in bytes.

A batch holds at most about ``batch_size`` records (the rows of a statement that follow one
another stay in one batch, so a batch never ends between a statement's accounts); the import
writes it, and the next batch starts empty: memory does not grow with the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker.models import ImportCheckpoint
from tracker.services.data.importers.base import Bundle, ImportResult, RecordSource, absorb, bytes_read
from tracker.services.input.records import RecordError, RecordReader

Progress = Callable[[int], None]
PROGRESS_EVERY = 500  # records between two progress calls while reading


@dataclass
class Batch:
    """One batch: its staged records, how many records of the file it took, and how far the
    file had been read when it ended (bytes; the first record after the batch may be read)."""

    bundle: Bundle = field(default_factory=Bundle)
    records: int = 0
    last: int = 0  # records of the file read up to and including this batch
    position: int = 0


class ByteMeter:
    """Progress in bytes of the file: reading moves it once through the file, writing again."""

    def __init__(self, source: RecordSource, size: int, progress: Progress | None) -> None:
        self.source, self.size, self.progress = source, size, progress
        self.read = 0
        self.written = 0

    def reading(self, records: int) -> None:
        """Report the bytes read since the last call (the whole file once the source is done)."""
        position = bytes_read(self.source)
        if position is None:  # closed (finished) or a source that does not say
            position = self.size if records < 0 else self.read
        self._step("read", min(position, self.size))

    def wrote(self, position: int) -> None:
        """Report that everything up to ``position`` bytes is stored."""
        self._step("written", min(max(position, self.written), self.size))

    def finish(self) -> None:
        """The whole file read and stored."""
        self._step("read", self.size)
        self._step("written", self.size)

    def _step(self, which: str, upto: int) -> None:
        done = getattr(self, which)
        if upto > done:
            setattr(self, which, upto)
            if self.progress:
                self.progress(upto - done)
        elif self.progress:
            self.progress(0)  # still called, so a cancel raised by the callback is seen


def batches(source: RecordSource, path: Path, result: ImportResult, meter: ByteMeter, batch_size: int,
            skip: int = 0) -> Iterator[Batch]:
    """The file's records, checked and staged, a batch at a time; bad ones go to the result.

    The first ``skip`` records (stored by an earlier, interrupted run) are read and passed over."""
    atomic = getattr(source, "stages_atomically", False)
    name = path.name
    batch = Batch()
    number = 0
    try:
        for label, raw in source.records():
            number += 1
            if number % PROGRESS_EVERY == 0:
                meter.reading(number)
            if number <= skip:
                continue
            result.read += 1
            full = batch.records >= batch_size
            try:
                if isinstance(raw, RecordError):
                    raise RecordError(name, label, raw.field, raw.message)
                reader = RecordReader(name, label, raw)
                if atomic and not full:
                    source.stage(reader, batch.bundle)
                else:
                    part = Bundle()
                    source.stage(reader, part)
                    same = part.statements and all(k in batch.bundle.statements for k in part.statements)
                    if full and not same:
                        batch.last, batch.position = number - 1, bytes_read(source) or 0
                        meter.reading(number)
                        yield batch
                        batch = Batch(bundle=part)
                    else:
                        absorb(batch.bundle, part)
            except RecordError as exc:
                result.reject(exc)
            batch.records += 1
    except (OSError, UnicodeDecodeError, EOFError, ValueError) as exc:
        raise RecordError(name, "file", None, f"cannot be read ({exc})") from None
    meter.reading(-1)
    batch.last, batch.position = number, meter.size
    yield batch


class Checkpoint:
    """Where a resumable import (``commit_every``) of one file stands (``import_checkpoint``)."""

    def __init__(self, sha256: str, records: int, first_statement_id: int | None) -> None:
        self.sha256, self.records, self.first_statement_id = sha256, records, first_statement_id

    @staticmethod
    def digest(path: Path) -> str:
        """The file's sha256 (read once, a megabyte at a time)."""
        h = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()

    @classmethod
    def find(cls, session: Session, path: Path, fmt: str, sha256: str | None = None) -> Checkpoint:
        """The file's checkpoint (records 0 when none was saved)."""
        sha256 = sha256 or cls.digest(path)
        row = session.scalars(select(ImportCheckpoint).where(
            ImportCheckpoint.sha256 == sha256, ImportCheckpoint.format == fmt)).first()
        if row is None:
            return cls(sha256, 0, None)
        return cls(sha256, row.records, row.first_statement_id)

    def save(self, session: Session, path: Path, fmt: str, records: int,
             first_statement_id: int | None) -> None:
        """Record that the file's first ``records`` records are stored (committed by the caller)."""
        row = session.scalars(select(ImportCheckpoint).where(
            ImportCheckpoint.sha256 == self.sha256, ImportCheckpoint.format == fmt)).first()
        if row is None:
            row = ImportCheckpoint(sha256=self.sha256, format=fmt, source=path.name[:500], records=0)
            session.add(row)
        row.records, row.first_statement_id = records, first_statement_id
        self.records, self.first_statement_id = records, first_statement_id
        session.flush()

    def done(self, session: Session, fmt: str) -> None:
        """The whole file is in: forget the checkpoint."""
        session.execute(delete(ImportCheckpoint).where(
            ImportCheckpoint.sha256 == self.sha256, ImportCheckpoint.format == fmt))
