"""Hostile input for the property tests: strategies and a watcher that sees any committed write.

The strategies mix values that could be right (seed keys, dates at and beyond the bounds,
enumeration values) with what a careless or hostile client sends: a list, an object or a number
where a name belongs, nesting, NUL and other control characters, lone surrogates, CR LF, text
in every script, integers far beyond 64 bits, NaN and infinities, dates outside every range.

``HOSTILE_EXAMPLES`` (default 100) sets how many examples each property test draws; ``make
test`` runs 200, ``make test-hostile`` 1,000. ``Watcher`` tells whether anything was committed
since it last looked:
``PRAGMA data_version`` on SQLite (it changes with every commit by another connection), each
table's row count and newest ``xmin`` on PostgreSQL (a committed insert or update makes a row
version with a new ``xmin``; a delete lowers the count; a rolled-back write leaves neither).
A refused write must leave both unchanged; the first ``FULL_HASHES`` refusals of each test
are also compared by ``tests.databases.content_hash``, a digest of every row.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection

from tests.databases import content_hash

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "100"))
FULL_HASHES = 5

HOSTILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                          HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                          HealthCheck.large_base_example])

SPEAKERS = ["fumio-kishida", "yoon-suk-yeol", "kr-presidential-office", "xi-jinping"]
OUTLETS = ["yonhap", "bu-yidao", "donga-ilbo"]
EVENTS = ["nato-summit-2022", "nato-summit-2022-dinner"]
ARTICLES = ["buyidao-korea-why-so", "donga-diplomatic-rift-2020-10-24"]
STATEMENTS = ["xi-righteous-act", "kr-office-readout-kishida-initiated"]
ACCOUNTS = ["acct-xi-righteous-act", "acct-kr-opposition-handshake-video"]
TOPICS = ["nato", "korean-war"]
ENUMS = ["person", "organization", "group", "newspaper", "news_agency", "other", "direct_quote",
         "paraphrase", "denial", "affirms", "differs", "denies", "open", "resolved", "speaker",
         "narrator", "intermediary", "outlet", "day", "month", "year", "approximate"]
DATES = ["2022", "2022-06", "2022-06-28", "1000", "2999-12-31", "0999", "3000", "0001-01-01",
         "9999-12-31", "2022-02-30", "2022-13", "28 June 2022", "２０２２", "2022-06-28T00:00:00"]

_SPECIAL_TEXT = ["\x00", "a\x00b", "\ud800", "x\udfff", "\r\n", "line\r\nbreak\r", "\x07bell", "\x1b[31m",
                 "\x7f", "\u202e reversed", "\ufeff", "  ", "", "9" * 40, "-1", "0", "NaN",
                 "윤석열", "岸田文雄", "尹锡悦", "ユン・ソンニョル", "<script>alert(1)</script>",
                 "'; DROP TABLE speaker; --", "%00", "Q" + "9" * 30, "https://example.org/\x00",
                 "a" * 301, "é" * 2001]
# Every code point, surrogates and control characters included.
_ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
nasty_text = st.one_of(st.sampled_from(_SPECIAL_TEXT), st.text(_ANY_CHAR, max_size=30),
                       st.text(st.sampled_from("aé 윤岸\x00\r\n\t\x1f\ud800-_9Q"), max_size=12))
huge_numbers = st.one_of(st.integers(min_value=-(2**80), max_value=2**80),
                         st.sampled_from([2**31, 2**31 - 1, 2**63, -(2**63) - 1, 10**30, -1, 0]),
                         st.floats(allow_nan=True, allow_infinity=True))
scalars = st.one_of(st.none(), st.booleans(), huge_numbers, nasty_text, st.sampled_from(DATES))
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(nasty_text, inner, max_size=3)), max_leaves=6)

_PLAUSIBLE: dict[str, list[str]] = {
    "speaker": SPEAKERS, "narrator": SPEAKERS, "outlet": OUTLETS, "event": EVENTS, "parent": EVENTS,
    "article": ARTICLES, "statement": STATEMENTS, "account": ACCOUNTS,
    "said": DATES, "start": DATES, "end": DATES, "published": DATES,
    "kind": ENUMS, "stance": ENUMS, "status": ENUMS, "role": ENUMS, "said_precision": ENUMS,
    "start_precision": ENUMS, "end_precision": ENUMS, "published_precision": ENUMS,
    "country": ["JP", "KR", "jp", "XX", "J", "日本"], "wikidata_id": ["Q1232", "Q0", "Q" + "9" * 40],
    "url": ["https://example.org/a", "http://x", "javascript:alert(1)", "//evil.example"],
    "language": ["en", "ko", "ja", "zh-Hans"], "key": ["fumio-kishida", "new-key-1", "Bad Key"],
}
_CHILDREN: dict[str, tuple[str, ...]] = {
    "aliases": ("name", "language", "script", "romanization", "note"),
    "roles": ("title", "organization", "start", "end"),
    "chain": ("role", "speaker", "outlet", "label"),
    "accounts": ("key", "narrator", "article", "wording", "stance", "note", "chain"),
    "members": ("account", "statement"),
    "points": ("aspect", "claims"),
}
_LISTS: dict[str, st.SearchStrategy[Any]] = {
    "topics": st.lists(st.one_of(st.sampled_from(TOPICS), nasty_text), max_size=3),
    "authors": st.lists(nasty_text, max_size=3),
    "speaker_candidates": st.lists(st.one_of(
        st.tuples(nasty_text, huge_numbers).map(list), anything), max_size=3),
}


_STRAY = st.dictionaries(nasty_text, anything, max_size=1)  # now and then a field nobody asked for
_CLEAN_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20)


@cache
def _plausible(name: str) -> st.SearchStrategy[Any]:
    return st.sampled_from(_PLAUSIBLE[name]) if name in _PLAUSIBLE else _CLEAN_TEXT


@cache
def value_for(name: str, depth: int = 0, hostile: bool = True) -> st.SearchStrategy[Any]:
    """What a field may be sent: something that could be right, or (``hostile``) anything at all."""
    if name in _CHILDREN and depth < 2:
        child = _record(_CHILDREN[name], depth + 1, hostile)
        return st.one_of(st.lists(child, max_size=3), anything) if hostile else st.lists(child, max_size=3)
    if name in _LISTS:
        return st.one_of(_LISTS[name], anything) if hostile else st.lists(_plausible(name), max_size=2)
    if not hostile:
        return _plausible(name)
    return st.one_of(_plausible(name), _plausible(name), nasty_text, anything)


Fields = tuple[str, ...] | list[str]


@cache
def _record(fields: tuple[str, ...], depth: int, hostile: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional = {name: value_for(name, depth, hostile) for name in fields}
    plain = st.fixed_dictionaries({}, optional=optional)
    if not hostile:
        return plain
    return st.tuples(_STRAY, plain).map(lambda pair: {**pair[0], **pair[1]})


def record(fields: Fields) -> st.SearchStrategy[dict[str, Any]]:
    """A body with any of these fields: half the time each is plausible (so writes get far, and
    some are stored), half the time any of them may be hostile, with now and then a stray field."""
    return st.one_of(_record(tuple(fields), 0, False), _record(tuple(fields), 0, True))


@cache
def form_value(name: str, hostile: bool = True) -> st.SearchStrategy[Any]:
    """What a browser (or something posing as one) may send for a form field: text, repeated."""
    if not hostile:
        return _plausible(name)
    one = st.one_of(_plausible(name), nasty_text, huge_numbers.map(str))
    return st.one_of(one, one, st.lists(one, min_size=2, max_size=3))


class Watcher:
    """Sees whether anything was committed to a database since the last look (see above)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.connection: Connection = self.engine.connect()
        self.sqlite = self.engine.dialect.name == "sqlite"
        tables = sorted(inspect(self.connection).get_table_names())
        self.query = text(" UNION ALL ".join(
            f"SELECT '{name}', count(*), coalesce(max(xmin::text::bigint), 0) FROM \"{name}\""
            for name in tables))
        self.hashes_left = FULL_HASHES
        self.looks = 0
        self.last = self.look()
        self.digest = content_hash(url)

    def look(self) -> object:
        """The database's write marker now."""
        if self.sqlite:
            return self.connection.exec_driver_sql("PRAGMA data_version").scalar()
        return tuple(tuple(row) for row in self.connection.execute(self.query))

    def written(self) -> bool:
        """Whether anything was committed since the last call."""
        now = self.look()
        self.looks += 1
        changed, self.last = now != self.last, now
        if changed:
            self.digest = ""
        return changed

    def assert_unchanged(self, what: object) -> None:
        """A refused write left the database exactly as it was."""
        assert not self.written(), f"a refused write changed the database: {what!r}"
        if self.hashes_left > 0:
            self.hashes_left -= 1
            before, self.digest = self.digest, content_hash(self.url)
            assert not before or before == self.digest, f"the content hash changed: {what!r}"

    def assert_every_example_ran(self) -> None:
        """Each of the ``EXAMPLES`` examples reached the check (none was lost to generation)."""
        assert self.looks >= EXAMPLES, f"only {self.looks} of {EXAMPLES} examples were checked"

    def close(self) -> None:
        """Let the database go."""
        self.connection.close()
        self.engine.dispose()
