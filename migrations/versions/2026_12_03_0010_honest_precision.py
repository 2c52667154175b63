"""Honest precision: an approximate month or year stays a month or year; months sort after their days.

Until now a date's precision was one of day, month, year or approximate, and "approximate"
meant an approximate *day*: "2022-06" entered with "approximate" was stored as 1 June 2022
and shown as "c. 1 June 2022", "2022" + approximate as "c. 1 January 2022". Two precisions are
added, ``approximate_month`` and ``approximate_year`` (every date column's CHECK constraint:
statement, event, article, speaker_role).

Repair of stored rows (SQL through op.get_bind(), no app models). The false day cannot be
told from a true one by anything stored (the revisions hold the same dates), so the rule is
the one that never claims more than was known: an approximate date on the 1st of January
becomes an approximate year, on the 1st of another month an approximate month. A true
"c. 1 June" (rare) is shown as "c. June", which is still true. Quotebank statements are left
alone: their approximate dates are the day of the earliest article quoting them, a real day.

Sorting: a statement dated only to a month or year now sorts after every day of that period,
on both databases, because its stored ``said_on`` is the period's last day (see
services/input/dates.py); this moves the stored month and year statements there and
renumbers their search documents (services/search/order.py: the date is in the id).

A–Z by family name: every speaker's ``sort_name`` is recomputed with
services/input/names.py ``family_sort_name`` (a pure function: "Joe Biden" is filed under B,
"Yoon Suk-yeol" under Y); the downgrade restores the folded name as written.

Downgrade: the two precisions become "approximate" again on the period's first day (what
the code before stored), month and year statements move back to the first day, and the old
CHECK constraints return.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

from tracker.services.input.names import family_sort_name
from tracker.services.input.text import fold

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

OLD = ("day", "month", "year", "approximate")
NEW = (*OLD, "approximate_month", "approximate_year")
# table -> its (date column, precision column) pairs
DATES = {"statement": (("said_on", "said_precision"),),
         "event": (("start_date", "start_precision"), ("end_date", "end_precision")),
         "article": (("published_on", "published_precision"),),
         "speaker_role": (("start_date", "start_precision"), ("end_date", "end_precision"))}
DATE_SHIFT = 41  # services/search/order.py: id = ordinal(said_on) << 41 | statement_id << 10 | seq
BATCH = 2_000


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _constraints(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    for table, columns in DATES.items():
        with op.batch_alter_table(table) as batch:
            for _, precision in columns:
                batch.alter_column(precision, existing_type=_enum(old, precision),
                                   type_=_enum(new, precision), existing_nullable=True)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _last_day(value: date, precision: str) -> date:
    if precision in ("year", "approximate_year"):
        return date(value.year, 12, 31)
    return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])


def _first_day(value: date, precision: str) -> date:
    if precision in ("year", "approximate_year"):
        return date(value.year, 1, 1)
    return date(value.year, value.month, 1)


def _move_statements(bind: sa.engine.Connection, precisions: tuple[str, ...], to_end: bool) -> None:
    """Set month and year statements' said_on to their period's last (or first) day, and
    renumber their search documents by the change in date."""
    rows = bind.execute(sa.text("SELECT id, said_on, said_precision FROM statement "
                                "WHERE said_on IS NOT NULL AND said_precision IN :precisions")
                        .bindparams(sa.bindparam("precisions", expanding=True)),
                        {"precisions": list(precisions)}).all()
    moves = []
    for sid, said_on, precision in rows:
        old = _day(said_on)
        new = _last_day(old, precision) if to_end else _first_day(old, precision)
        if new != old:
            moves.append({"sid": sid, "said_on": new,
                          "delta": (new.toordinal() - old.toordinal()) << DATE_SHIFT})
    for start in range(0, len(moves), BATCH):
        chunk = moves[start:start + BATCH]
        bind.execute(sa.text("UPDATE statement SET said_on = :said_on WHERE id = :sid"), chunk)
        # Only this statement's documents share its id bits, so the new ids collide with none.
        bind.execute(sa.text("UPDATE search_document SET id = id + :delta WHERE statement_id = :sid"),
                     chunk)


def _sort_names(bind: sa.engine.Connection, by_family: bool) -> None:
    aliases: dict[int, list[str]] = {}
    for speaker_id, name in bind.execute(sa.text("SELECT speaker_id, name FROM speaker_alias "
                                                 "ORDER BY id")):
        aliases.setdefault(speaker_id, []).append(name)
    changes = []
    for sid, name, kind, country, stored in bind.execute(
            sa.text("SELECT id, name, kind, country, sort_name FROM speaker")):
        wanted = (family_sort_name(name, kind == "person", country, aliases.get(sid, [])) if by_family
                  else fold(name))
        if wanted != stored:
            changes.append({"id": sid, "sort_name": wanted})
    for start in range(0, len(changes), BATCH):
        bind.execute(sa.text("UPDATE speaker SET sort_name = :sort_name WHERE id = :id"),
                     changes[start:start + BATCH])


def upgrade() -> None:
    _constraints(OLD, NEW)
    bind = op.get_bind()
    for table, columns in DATES.items():
        quotebank = " AND (key IS NULL OR key NOT LIKE 'quotebank:%')" if table == "statement" else ""
        for day, precision in columns:
            rows = bind.execute(sa.text(f"SELECT id, {day} FROM {table} "  # noqa: S608 (fixed names)
                                        f"WHERE {precision} = 'approximate' AND {day} IS NOT NULL"
                                        f"{quotebank}")).all()
            fixes = [{"id": rid, "precision": "approximate_year" if _day(value).month == 1
                      else "approximate_month"}
                     for rid, value in rows if _day(value).day == 1]
            for start in range(0, len(fixes), BATCH):
                bind.execute(sa.text(f"UPDATE {table} SET {precision} = :precision "  # noqa: S608
                                     "WHERE id = :id"), fixes[start:start + BATCH])
    _move_statements(bind, ("month", "year", "approximate_month", "approximate_year"), to_end=True)
    _sort_names(bind, by_family=True)


def downgrade() -> None:
    bind = op.get_bind()
    _sort_names(bind, by_family=False)
    _move_statements(bind, ("month", "year", "approximate_month", "approximate_year"), to_end=False)
    for table, columns in DATES.items():
        for day, precision in columns:
            rows = bind.execute(sa.text(f"SELECT id, {day}, {precision} FROM {table} "  # noqa: S608
                                        f"WHERE {precision} IN ('approximate_month', "
                                        f"'approximate_year')")).all()
            fixes = [{"id": rid, "day": _first_day(_day(value), kind) if value is not None else None}
                     for rid, value, kind in rows]
            for start in range(0, len(fixes), BATCH):
                bind.execute(sa.text(f"UPDATE {table} SET {precision} = 'approximate', "  # noqa: S608
                                     f"{day} = :day WHERE id = :id"), fixes[start:start + BATCH])
    _constraints(NEW, OLD)
