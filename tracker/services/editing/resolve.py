"""What the names typed in a statement, account or conflict form mean: speakers, outlets,
articles, chain rows, topics and the statements a conflict can choose from.

The views read the form and call these; a name that may be an existing speaker is a question
for the editor (``NeedsChoice``), a new name is created through ``edits.save`` (so it has a
Revision), and an error names the form field it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import Account, Article, Outlet, Speaker, Statement, Topic
from tracker.services.editing import edits, rules
from tracker.services.input.records import RecordError, whole_number
from tracker.services.input.text import clean, fold, name_key


class NeedsChoice(Exception):  # noqa: N818 - a question for the editor, not an error
    """The typed name may be an existing speaker: the editor must choose before we create one."""

    def __init__(self, field: str, name: str, candidates: list[Speaker]) -> None:
        self.field, self.name, self.candidates = field, name, candidates
        super().__init__(name)


@dataclass(frozen=True, slots=True)
class SpeakerField:
    """What a speaker field of a form holds: the typed name, the editor's choice among similar
    speakers ("new", a speaker id, or nothing) and the name that choice was made for, the id the
    suggestions filled in, and the kind and country for a speaker made from it."""

    field: str
    name: str | None
    choice: str = ""
    choice_name: str | None = None
    hidden_id: str = ""
    kind: Any = None
    country: Any = None


def _key(obj: Any | None) -> str | None:
    return edits.ensure_key(obj) if obj is not None else None


def speaker(session: Session, typed: SpeakerField, *, user_id: int | None,
            summary: str) -> tuple[Speaker | None, bool]:
    """The speaker a name field means, and whether the editor chose it from a list (the form
    then shows that choice again if another field sends it back). A new speaker is made only
    when none is similar or the editor said so; otherwise ``NeedsChoice`` asks."""
    name = clean(typed.name)
    if name is None:
        return None, False
    choice = typed.choice
    if choice == "new" and (typed.choice_name if typed.choice_name is not None else name) != name:
        choice = ""  # "create a new one" was said of another name
    if (chosen_id := whole_number(choice)) is not None:
        chosen = session.get(Speaker, chosen_id)
        if chosen is not None and chosen.deleted_at is None:
            if chosen.merged_into_id is not None:
                chosen = session.get(Speaker, chosen.merged_into_id)
            if chosen is not None:
                return chosen, True
    if (hidden_id := whole_number(typed.hidden_id)) is not None and choice != "new":
        known = session.get(Speaker, hidden_id)
        if known is not None and known.deleted_at is None and known.merged_into_id is None and \
                name_key(name) in {a.name_key for a in known.aliases}:
            return known, False
    if choice != "new":
        exact = edits.speakers_named(session, name)
        if len(exact) == 1:
            return exact[0], False
        similar = exact or edits.similar_speakers(session, name)
        if similar:
            raise NeedsChoice(typed.field, name, similar)
    try:
        created: Speaker = edits.save(session, "speaker", {"name": name, "kind": typed.kind,
                                                            "country": typed.country},
                                      user_id=user_id, summary=summary)
        return created, False
    except RecordError as exc:
        where = f"{typed.field}_{exc.field}" if exc.field in ("kind", "country") else typed.field
        raise RecordError(exc.source, exc.record, where, exc.message) from None


def outlet(session: Session, name: str | None, *, user_id: int | None,
           details: dict[str, Any] | None = None, field: str = "outlet") -> Outlet | None:
    """An outlet by name, created if new (the editor typed it, so it is meant), with the kind
    and country ``details`` gives for a new one (errors in those name ``<field>_kind`` etc.)."""
    name = clean(name)
    if name is None:
        return None
    found = session.scalar(select(Outlet).where(Outlet.sort_name == fold(name), Outlet.deleted_at.is_(None))
                           .order_by(Outlet.id).limit(1))
    if found is not None:
        return found
    try:
        return edits.save(session, "outlet", {"name": name, **(details or {})},  # type: ignore[no-any-return]
                          user_id=user_id, summary="created while adding an account")
    except RecordError as exc:
        where = f"{field}_{exc.field}" if details is not None and exc.field in ("kind", "country") else field
        raise RecordError(exc.source, exc.record, where, exc.message) from None


# Topics are typed as a list: commas in any script, semicolons or new lines between them.
_TOPIC_SEPARATORS = re.compile(r"[,;\n\u3001\uff0c\uff1b\u060c]")


def topic_names(text: str | None) -> list[str]:
    """The topic names typed in one field, in order, each once (ignoring case)."""
    names: dict[str, str] = {}
    for part in _TOPIC_SEPARATORS.split(text or ""):
        name = clean(part)
        if name is not None:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def topics(session: Session, text: str | None, *, user_id: int | None, field: str = "topics") -> list[str]:
    """The keys of the topics typed in a form: known ones found by name (ignoring case), new
    ones created (the editor typed them, so they are meant)."""
    names = topic_names(text)
    limit = rules.MAX_CHILDREN["topics"]
    if len(names) > limit:
        raise RecordError("form", "statement", field,
                          f"at most {limit:,} topics are allowed; this gives {len(names):,}")
    found: dict[str, Topic] = {}
    if names:
        lowered = [n.lower() for n in names]
        # SQLite's lower() folds ASCII only: other letters are matched in the usual spellings.
        spelled = sorted({v for n in names for v in (n, n.lower(), n.upper(), n.capitalize(), n.title())})
        query = select(Topic).where(func.lower(Topic.name).in_(lowered) | Topic.name.in_(spelled)) \
            .order_by(Topic.id)
        for topic in session.scalars(query):
            found.setdefault(topic.name.casefold(), topic)
    keys = []
    for name in names:
        known = found.get(name.casefold())
        if known is None:
            try:
                known = edits.save(session, "topic", {"name": name}, user_id=user_id,
                                   summary="created while editing a statement")
            except RecordError as exc:
                shown = name if len(name) <= 40 else name[:40] + "…"
                raise RecordError(exc.source, exc.record, field, f"“{shown}” {exc.message}") from None
        keys.append(edits.ensure_key(known))
    return keys


def article(session: Session, *, url: str | None, title: str | None, published: str | None,
            published_precision: str | None, outlet_record: Outlet | None, current: Article | None,
            user_id: int | None) -> Article | None:
    """The article an account was carried in: found by URL, else the current one, else new."""
    url, title, published = clean(url), clean(title), clean(published)
    if url is None and title is None and published is None:
        return None
    found = session.scalar(select(Article).where(Article.url == url).order_by(Article.id).limit(1)) \
        if url else None
    chosen = found or (current if current is not None and (url is None or current.url is None) else None)
    changes = {k: v for k, v in {"outlet": _key(outlet_record), "url": url, "title": title,
                                 "published": published, "published_precision": published_precision}.items()
               if v is not None}
    if chosen is not None:
        record = {**edits.document(chosen), **changes}
        return edits.save(session, "article", record, obj=chosen,  # type: ignore[no-any-return]
                          user_id=user_id, summary="edited with an account")
    return edits.save(session, "article", changes, user_id=user_id,  # type: ignore[no-any-return]
                      summary="created with an account")


def _new_speaker(session: Session, name: str, position: int, user_id: int | None) -> Speaker:
    try:
        created: Speaker = edits.save(session, "speaker", {"name": name, "kind": "person"},
                                      user_id=user_id, summary="created while adding an account")
        return created
    except RecordError as exc:
        raise RecordError("form", f"account > chain[{position}]", "speaker", exc.message) from None


def chain(session: Session, rows: Sequence[dict[str, Any]], *, user_id: int | None) -> list[dict[str, Any]]:
    """An account's chain from the form's rows (role, speaker name, outlet name, label): a name
    no speaker has is made a speaker, as the narrator field would make it."""
    links = []
    for position, row in enumerate(rows):
        link: dict[str, Any] = {"role": row.get("role") or None, "label": row.get("label")}
        speaker_name = clean(row.get("speaker"))
        if speaker_name:
            named = edits.speakers_named(session, speaker_name)
            if len(named) > 1:
                raise RecordError("form", f"account > chain[{position}]", "speaker",
                                  f"Several speakers are named “{speaker_name}”; use their full name.")
            found = named[0] if named else _new_speaker(session, speaker_name, position, user_id)
            link["speaker"] = _key(found)
        hop_outlet = outlet(session, row.get("outlet"), user_id=user_id)
        if hop_outlet is not None:
            link["outlet"] = _key(hop_outlet)
        links.append(link)
    return links


def candidate_statements(session: Session, *, member_accounts: Iterable[int],
                         member_statements: Iterable[int], named_accounts: Iterable[int],
                         named_statements: Iterable[int]) -> list[Statement]:
    """The statements a conflict form offers, with their accounts, in two queries: those of the
    conflict's members (even if deleted since) and the live ones named in the URL or typed in."""
    member_accounts, named_accounts = set(member_accounts), set(named_accounts)
    account_statements = set(session.scalars(select(Account.statement_id).where(
        or_(Account.id.in_(member_accounts),
            and_(Account.id.in_(named_accounts), Account.deleted_at.is_(None))))))
    return list(session.scalars(
        select(Statement)
        .where(or_(Statement.id.in_(set(member_statements) | account_statements),
                   and_(Statement.id.in_(set(named_statements)), Statement.deleted_at.is_(None))))
        .order_by(Statement.id)
        .options(joinedload(Statement.speaker),
                 selectinload(Statement.accounts).options(
                     joinedload(Account.narrator),
                     joinedload(Account.article).joinedload(Article.outlet)))))
