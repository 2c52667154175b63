"""Bounded pagination shared by pages, JSON and CSV."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tracker.services.input.parameters import ParameterError

T = TypeVar("T")
MAX_PAGE = 10_000

# Reads the records of a page by id, in the order given: plain rows (``page_rows.statements``
# for HTML, ``page_rows.statements_in_full`` for JSON twins), or models (``queries.statement_models``).
Loader = Callable[[Session, Sequence[int]], list[T]]


@dataclass
class Page(Generic[T]):
    """One page of results and what is needed to link to its neighbours."""

    items: list[T]
    page: int
    per_page: int
    total: int
    # A bounded count stops early: then there are more than ``total`` ("more than 1,000")
    # and ``more`` says whether a next page exists.
    exact: bool = True
    more: bool | None = None

    @property
    def pages(self) -> int:
        """How many pages there are (as far as known when the count is bounded)."""
        if not self.exact:
            return max(self.page + (1 if self.has_next else 0), -(-self.total // self.per_page))
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        if self.more is not None:
            return self.more
        return self.page < self.pages

    def meta(self) -> dict[str, int | bool | None]:
        """Pagination facts for JSON answers (``total_is_lower_bound`` only for bounded counts)."""
        meta: dict[str, int | bool | None] = {
            "page": self.page, "per_page": self.per_page, "total": self.total, "pages": self.pages,
            "next_page": self.page + 1 if self.has_next else None,
            "previous_page": self.page - 1 if self.page > 1 else None}
        if not self.exact:
            meta["total_is_lower_bound"] = True
        return meta


def read_int(args: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within bounds, or ParameterError saying what is allowed."""
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(name, f"“{raw}” is not a whole number") from None
    if not low <= value <= high:
        raise ParameterError(name, f"must be between {low} and {high}, not {value}")
    return value


def page_args(args: Mapping[str, str], default_size: int = 50, max_size: int = 200) -> tuple[int, int]:
    """Read ``page`` and ``per_page``."""
    return (read_int(args, "page", 1, 1, MAX_PAGE),
            read_int(args, "per_page", default_size, 1, max_size))


def paginate(session: Session, query: Select[tuple[T]], page: int, per_page: int) -> Page[T]:
    """Run a select for one page plus one count."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, total)


def paginate_ids(session: Session, ids: Select[tuple[int]], page: int, per_page: int,
                 load: Loader[T]) -> Page[T]:
    """Run a select of ids for one page plus one count, then ``load`` the page's records."""
    found = paginate(session, ids, page, per_page)
    return Page(load(session, found.items), page, per_page, found.total)
