"""One person, one record: which stored speaker an incoming one is, on every road in.

The bulk import (Quotebank, LIAR, CSV), the Loader (seeds, JSON, restores) and the forms
(``resolve.speaker``, which asks the editor instead of queueing) resolve a speaker the same
way, in this order:

1. its key: the source's own key (``wikidata:q6279``, ``politifact:joe-biden``, a seed key)
   finds the record it made before, so re-running an import finds what the first run made;
2. its Wikidata id: two records with one Wikidata id are one person (``rules.IDENTITY``);
3. its name, in any script and name order (``names.name_orders``: "Kishida Fumio" is
   "Fumio Kishida"), against every name and alias of the live speakers.

A name match is **sure** when the incoming canonical name (in some order) is a name of
exactly one live speaker of the same kind, the name has at least two words (or is written in
Han characters, kana or Hangul), and no Wikidata ids disagree: then the stored speaker is
reused and the import adds its names and roles to it. Otherwise (only an alias matches,
several speakers share the name, a one-word name, another kind) it is **unsure**: the
incoming speaker is made as its own record and each candidate is queued (``SpeakerReview``)
for an editor to merge or keep apart. Speakers whose Wikidata ids differ are never candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Speaker, SpeakerAlias, SpeakerReview
from tracker.services.editing import sources
from tracker.services.input.names import east_asian, name_orders
from tracker.services.input.text import name_key


@dataclass(frozen=True, slots=True)
class Incoming:
    """A speaker as a source gives it: its key, names, Wikidata id and kind."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    wikidata_id: str | None = None
    kind: str = "person"


@dataclass(slots=True)
class Match:
    """What an incoming speaker is: a stored speaker for sure, or candidates to review."""

    sure: int | None = None
    candidates: list[tuple[int, str]] = field(default_factory=list)  # (speaker id, reason)


@dataclass(frozen=True, slots=True)
class _Known:
    id: int
    kind: str
    wikidata_id: str | None
    canonical: bool


def name_keys(name: str, kind: str) -> list[str]:
    """The keys a name is matched by: a person's in every order, another speaker's as written."""
    if kind == "person":
        return name_orders(name)
    key = name_key(name)
    return [key] if key else []


def distinctive(name: str) -> bool:
    """Whether a name alone can say who someone is: two words or more, or a name in Han
    characters, kana or Hangul ("Trump" or "Biden" alone could be a relative)."""
    return len(name.split()) >= 2 or (east_asian(name) and len(name.strip()) >= 2)


def resolve(session: Session, incoming: Sequence[Incoming], exclude: int | None = None) -> dict[str, Match]:
    """For each incoming speaker (by key) that is not stored under its key or Wikidata id,
    the stored speaker it surely is, or the candidates an editor must decide about (never
    ``exclude``, the incoming record itself once stored)."""
    keys = {k for s in incoming for name in (s.name, *s.aliases) for k in name_keys(name, s.kind)}
    known: dict[str, list[_Known]] = {}
    ordered = sorted(keys)
    for at in range(0, len(ordered), 500):
        rows = session.execute(
            select(SpeakerAlias.name_key, Speaker.id, Speaker.kind, Speaker.wikidata_id,
                   Speaker.name).join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
            .where(SpeakerAlias.name_key.in_(ordered[at:at + 500]), Speaker.deleted_at.is_(None),
                   Speaker.merged_into_id.is_(None)).order_by(Speaker.id))
        for key, sid, kind, wikidata, canonical_name in rows:
            if sid == exclude:
                continue
            known.setdefault(key, []).append(
                _Known(sid, str(kind), wikidata, key in name_keys(canonical_name, str(kind))))
    return {s.key: match(s, known) for s in incoming}


def match(s: Incoming, known: dict[str, list[_Known]]) -> Match:
    """The match of one incoming speaker against the stored names (``known``: key -> speakers)."""
    by_name = {k.id: k for key in name_keys(s.name, s.kind) for k in known.get(key, [])}
    by_alias = {k.id: k for name in s.aliases for key in name_keys(name, s.kind)
                for k in known.get(key, []) if k.id not in by_name}
    # Different Wikidata items are different people, whatever their names.
    compatible = {sid: k for sid, k in by_name.items()
                  if not (s.wikidata_id and k.wikidata_id and k.wikidata_id != s.wikidata_id)}
    same_kind = {sid: k for sid, k in compatible.items() if k.kind == s.kind}
    if len(same_kind) == 1 and len(compatible) == 1 and distinctive(s.name):
        return Match(sure=next(iter(same_kind)))
    result = Match()
    for sid, k in compatible.items():
        reason = ("named alike by several speakers" if len(compatible) > 1
                  else "a one-word name" if not distinctive(s.name) else f"the same name, but a {k.kind}")
        result.candidates.append((sid, reason))
    for sid, k in by_alias.items():
        if not (s.wikidata_id and k.wikidata_id and k.wikidata_id != s.wikidata_id):
            result.candidates.append((sid, "another of its names is a name of this speaker"))
    return result


@dataclass(slots=True)
class Resolution:
    """A batch resolved by name: key -> stored speaker id for sure; key -> key of another
    incoming record it surely is; (key, candidate id, reason) to queue once the key is stored."""

    sure: dict[str, int]
    same: dict[str, str]
    queued: list[tuple[str, int, str]]


def resolve_new(session: Session, incoming: Sequence[Incoming]) -> Resolution:
    """Resolve a batch of speakers that neither key nor Wikidata id found (the bulk import)."""
    matches = resolve(session, incoming)
    sure = {key: m.sure for key, m in matches.items() if m.sure is not None}
    rest = [i for i in incoming if i.key not in sure]
    same = within(rest)
    queued = [(i.key, candidate, reason) for i in rest if i.key not in same
              for candidate, reason in matches[i.key].candidates]
    return Resolution(sure, same, queued)


def within(incoming: Sequence[Incoming]) -> dict[str, str]:
    """Incoming speakers that are surely another incoming one (same rules as ``match``, against
    the earlier records of the same batch; one with a Wikidata id is preferred): key -> key."""
    known: dict[str, list[_Known]] = {}
    position = {s.key: i for i, s in enumerate(incoming)}
    ordered = sorted(incoming, key=lambda s: (s.wikidata_id is None, position[s.key]))
    keys = [s.key for s in ordered]
    same: dict[str, str] = {}
    for number, s in enumerate(ordered):
        found = match(s, known)
        if found.sure is not None:
            same[s.key] = keys[found.sure]
            continue
        for name in (s.name, *s.aliases):
            for key in name_keys(name, s.kind):
                known.setdefault(key, []).append(
                    _Known(number, s.kind, s.wikidata_id, name == s.name))
    return same


def queue(session: Session, pairs: Iterable[tuple[int, int, str]]) -> int:
    """Queue (speaker id, candidate id, reason) for review, each pair once; returns how many
    were new."""
    wanted = {(a, b): reason for a, b, reason in pairs if a != b}
    if not wanted:
        return 0
    ids = {a for a, _ in wanted} | {b for _, b in wanted}
    stored = set(session.execute(select(SpeakerReview.speaker_id, SpeakerReview.candidate_id).where(
        SpeakerReview.speaker_id.in_(ids), SpeakerReview.candidate_id.in_(ids))).tuples())
    new = [SpeakerReview(speaker_id=a, candidate_id=b, reason=reason, status="open")
           for (a, b), reason in wanted.items() if (a, b) not in stored and (b, a) not in stored]
    session.add_all(new)
    session.flush()
    return len(new)


def queue_for(session: Session, speaker: Speaker) -> list[int]:
    """Queue a speaker just made one record at a time (seeds, JSON, the API) against every
    stored speaker it may be, sure or not: a whole record an editor wrote is never merged
    silently. Returns the candidates' ids."""
    incoming = Incoming(speaker.key or "", speaker.name,
                        tuple(a.name for a in speaker.aliases if not a.is_canonical),
                        speaker.wikidata_id, str(speaker.kind))
    if speaker.key:  # the record's own key, stored once like every source's (``sources``)
        sources.record(session, {speaker.key: speaker.id})
    found = resolve(session, [incoming], exclude=speaker.id)[incoming.key]
    candidates = ([(found.sure, "the same name")] if found.sure is not None else []) + found.candidates
    ids = list(dict.fromkeys(c for c, _ in candidates if c != speaker.id))
    queue(session, [(speaker.id, c, reason) for c, reason in candidates if c != speaker.id])
    return ids


def queue_created_after(session: Session, speaker_id: int) -> int:
    """Queue (``queue_for``) every live speaker with an id above ``speaker_id``: those a load of
    JSON documents just made. Returns how many questions were queued."""
    made = list(session.scalars(select(Speaker).where(Speaker.id > speaker_id, Speaker.deleted_at.is_(None),
                                                      Speaker.merged_into_id.is_(None)).order_by(Speaker.id)))
    before = session.scalar(select(func.count()).select_from(SpeakerReview)) or 0
    for speaker in made:
        queue_for(session, speaker)
    return (session.scalar(select(func.count()).select_from(SpeakerReview)) or 0) - before
