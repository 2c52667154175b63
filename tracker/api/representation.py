"""What the JSON API answers for one record of each kind (reads and writes alike).

Every record carries its ``version``: send it back (``If-Match`` or a ``version`` field) when
changing the record, so a change made meanwhile by someone else is not overwritten.
"""

from __future__ import annotations

from typing import Any

from tracker.models import Account, Article, Conflict, Event, Outlet, Speaker, Statement
from tracker.services.pages import serialize

# URL segment -> record kind (the kind is also services.editing's name and the revision type)
RESOURCES = {"speakers": "speaker", "outlets": "outlet", "events": "event", "articles": "article",
             "statements": "statement", "accounts": "account", "conflicts": "conflict"}


def outlet(o: Outlet) -> dict[str, Any]:
    """An outlet with its web domain."""
    return {**serialize.outlet_summary(o), "domain": o.domain, "version": o.version}


def event(e: Event) -> dict[str, Any]:
    """An event with its dates' precision."""
    return {**serialize.event_detail(e),
            "start_precision": e.start_precision.value if e.start_precision else None,
            "end_precision": e.end_precision.value if e.end_precision else None,
            "version": e.version}


def article(a: Article) -> dict[str, Any]:
    """An article with its key and language."""
    return {**(serialize.article_brief(a) or {}), "key": a.key, "language": a.language,
            "version": a.version}


def represent(obj: Any) -> dict[str, Any]:
    """The API's JSON for any record."""
    if isinstance(obj, Speaker):
        return {**serialize.speaker_detail(obj), "version": obj.version}
    if isinstance(obj, Outlet):
        return outlet(obj)
    if isinstance(obj, Event):
        return event(obj)
    if isinstance(obj, Article):
        return article(obj)
    if isinstance(obj, Statement):
        body = serialize.statement(obj)
        body["accounts"] = [{**a, "version": acc.version} for a, acc in
                            zip(body["accounts"], [x for x in obj.accounts if x.deleted_at is None],
                                strict=True)]
        return {**body, "version": obj.version}
    if isinstance(obj, Account):
        return {**serialize.account(obj), "version": obj.version}
    if isinstance(obj, Conflict):
        return {**serialize.conflict_detail(obj), "version": obj.version}
    raise TypeError(f"no API shape for {type(obj).__name__}")
