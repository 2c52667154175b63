"""The rules every write of a record follows, whichever road it comes by.

The ``Loader`` writes one record at a time (seeds, ``import --format json``, forms, the API,
restores); the bulk import (``services.data.importers``: Quotebank, LIAR, CSV) writes a file's
records in batches and hands the records that are already stored to the Loader. Both take
their rules from here:

- identity: a record is found by its key; a speaker also by its Wikidata id, an outlet by its
  web domain, a topic by its name (each unique), so one person imported under two keys is one;
- a reference to a merged speaker means the speaker it was merged into;
- a Wikidata id is ``Q`` and digits; a name is an alias to search by only if it has letters
  or digits (``name_key``);
- upsert: a record whose key is stored is updated where what is given differs, with a
  Revision (``history``) holding its document before and after (``documents``). A JSON record
  (or a form) gives every field of its kind: what it leaves out is empty. An import format
  gives the fields it has columns for (its source's ``gives``): the others keep what an editor
  stored. The names and roles an import gives a speaker are added to it, never removed;
- child rows are bounded (``MAX_CHILDREN``): one record cannot hold so many names, roles,
  hops, members, points, topics or accounts that its pages grow without bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tracker.models import Outlet, Speaker, Topic
from tracker.services.input.records import RecordReader
from tracker.services.input.text import name_key

# The unique column, besides the key, that tells a record of this kind is already stored.
IDENTITY: dict[type[Any], str] = {Speaker: "wikidata_id", Outlet: "domain", Topic: "name"}


# The most child rows of each kind one record may hold: generous for real records (a famous
# person's names in every language Wikidata has, a long chain of attribution), small enough
# that a speaker's page and API document stay a few hundred kilobytes.
MAX_CHILDREN: dict[str, int] = {"aliases": 500, "roles": 200, "chain": 20, "members": 50,
                                "points": 100, "topics": 50, "accounts": 1_000}
CHILD_NOUNS = {"aliases": "names", "roles": "roles", "chain": "hops in a chain", "members": "members",
               "points": "points", "topics": "topics", "accounts": "accounts"}


def children(r: RecordReader, field: str) -> list[Any]:
    """A list of child records, refused (a RecordError naming the field) when it is too long."""
    items = r.items(field)
    check_children(r, field, len(items))
    return items


def check_children(r: RecordReader, field: str, count: int) -> None:
    """Refuse more than ``MAX_CHILDREN[field]`` child rows."""
    limit = MAX_CHILDREN[field]
    if count > limit:
        raise r.error(field, f"at most {limit:,} {CHILD_NOUNS[field]} are allowed; this gives {count:,}")


def is_wikidata_id(value: str) -> bool:
    """Whether text is a Wikidata item id such as Q6279."""
    return value[:1] == "Q" and value[1:].isascii() and value[1:].isdigit()


def wikidata_id(r: RecordReader, field: str = "wikidata_id") -> str | None:
    """A Wikidata id field, or a RecordError naming the field."""
    value = r.text(field, max_length=32)
    if value is not None and not is_wikidata_id(value):
        raise r.error(field, f"“{value}” is not a Wikidata id such as Q6279")
    return value


def searchable(name: str) -> str | None:
    """The folded form a name is found by, or None when it has no letters or digits (then it
    is no alias: nothing typed could find it)."""
    return name_key(name) or None


def new_names(known: Iterable[str], names: Iterable[str]) -> list[str]:
    """The names an import gives that a speaker does not have yet (exact spelling), each once,
    leaving out those no search could find."""
    seen = set(known)
    added = []
    for name in names:
        if name not in seen and searchable(name):
            seen.add(name)
            added.append(name)
    return added


def changed(stored: Mapping[str, Any], incoming: Mapping[str, Any], given: Iterable[str]) -> dict[str, Any]:
    """The given fields whose incoming value differs from the stored one (the upsert rule)."""
    return {name: incoming.get(name) for name in given if incoming.get(name) != stored.get(name)}


def candidates(r: RecordReader) -> list[list[object]] | None:
    """Candidate speakers with probabilities: [[name, p], ...] (Quotebank's attribution confidence)."""
    result: list[list[object]] = []
    for position, raw in enumerate(r.items("speaker_candidates")):
        if (not isinstance(raw, list) or len(raw) != 2 or not isinstance(raw[0], str)
                or not isinstance(raw[1], int | float) or isinstance(raw[1], bool) or not 0 <= raw[1] <= 1):
            raise r.error(f"speaker_candidates[{position}]", "expected [name, probability from 0 to 1]")
        result.append([raw[0], raw[1]])
    return result or None


def country(r: RecordReader) -> str | None:
    """A two-letter ISO country code in ASCII (stored in capitals), or a RecordError: "韓国" is
    two letters too, but no code."""
    value = r.text("country", max_length=2)
    if value is not None and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise r.error("country", f"“{value}” is not a two-letter country code such as KR")
    return value.upper() if value else None
