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

A person's name that matches no stored name exactly may still be a variant of one: titles,
suffixes and honorifics aside, middle names dropped, or a first name given as an initial
("President Biden", "Hillary Rodham Clinton" and "Hillary Clinton", "J. Biden", 岸田首相;
``variants.variant_probes`` against ``SpeakerAlias.variant_key``). Those are always unsure: queued
with the reason, never merged (a Wikidata id both records share found them before any name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, func, insert, or_, select
from sqlalchemy.orm import Session

from tracker.models import Speaker, SpeakerAlias, SpeakerReview
from tracker.services.editing import sources
from tracker.services.input.names import east_asian, name_orders
from tracker.services.input.text import escape_like, name_key
from tracker.services.input.variants import compatible, name_variant, variant_probes


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


VARIANT = "a variant of the name (a title, suffix, middle name or initial aside)"
MAX_VARIANT_CANDIDATES = 5  # "President Smith" is no question worth asking about 40 Smiths


@event.listens_for(SpeakerAlias, "before_insert")
@event.listens_for(SpeakerAlias, "before_update")
def _variant_key(_mapper: Any, _connection: Any, alias: SpeakerAlias) -> None:
    """Every name written through the ORM carries its variant (the bulk import writes its own)."""
    alias.variant_key = name_variant(alias.name) or None


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
    # Two index lookups (names by name_key, then their live speakers by id), not one join: with
    # no statistics SQLite drove the join from every unmerged speaker, so each batch of a large
    # import cost a pass over all speakers per 500 names.
    named: list[tuple[str, int]] = []
    ordered = sorted(keys)
    for at in range(0, len(ordered), 500):
        named.extend(session.execute(select(SpeakerAlias.name_key, SpeakerAlias.speaker_id).where(
            SpeakerAlias.name_key.in_(ordered[at:at + 500]))).tuples())
    speakers: dict[int, tuple[str, str | None, str]] = {}
    ids = sorted({sid for _, sid in named if sid != exclude})
    for at in range(0, len(ids), 500):
        speakers.update((sid, (str(kind), wikidata, name)) for sid, kind, wikidata, name in session.execute(
            select(Speaker.id, Speaker.kind, Speaker.wikidata_id, Speaker.name).where(
                Speaker.id.in_(ids[at:at + 500]), Speaker.deleted_at.is_(None),
                Speaker.merged_into_id.is_(None))).tuples())
    known: dict[str, list[_Known]] = {}
    for key, sid in sorted(named, key=lambda row: row[1]):
        if sid in speakers:
            kind, wikidata, canonical_name = speakers[sid]
            canonical = key in name_keys(canonical_name, kind)
            known.setdefault(key, []).append(_Known(sid, kind, wikidata, canonical))
    loose = variants(session, [s for s in incoming if s.kind == "person"], exclude)
    return {s.key: match(s, known, loose.get(s.key, ())) for s in incoming}


def variants(session: Session, incoming: Sequence[Incoming], exclude: int | None = None
             ) -> dict[str, list[_Known]]:
    """Incoming key -> the live persons whose stored variant of a name is one of its name's
    variants (``variants.variant_probes``): one IN query per 500 variants, one query of LIKEs per
    50 sought by their ends (initials and family names alone are rare)."""
    probes = {s.key: variant_probes(s.name) for s in incoming}
    exact = sorted({v for e, _ in probes.values() for v in e})
    patterns = sorted({p for _, ps in probes.values() for p in ps})
    by_value: dict[str, set[tuple[int, str | None, str]]] = {}
    by_pattern: dict[tuple[str, str], set[tuple[int, str | None, str]]] = {}
    live = (Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None), Speaker.kind == "person")
    base = select(SpeakerAlias.variant_key, Speaker.id, Speaker.wikidata_id, SpeakerAlias.name).join(
        Speaker, Speaker.id == SpeakerAlias.speaker_id).where(*live)
    for at in range(0, len(exact), 500):
        rows = session.execute(base.where(SpeakerAlias.variant_key.in_(exact[at:at + 500])))
        for value, sid, wikidata, name in rows:
            by_value.setdefault(value, set()).add((sid, wikidata, name))
    for at in range(0, len(patterns), 50):
        chunk = patterns[at:at + 50]
        rows = session.execute(base.where(or_(*(SpeakerAlias.variant_key.like(
            f"{escape_like(start)}%{escape_like(end)}", escape="\\") for start, end in chunk))))
        for value, sid, wikidata, name in rows:
            for start, end in chunk:
                if value.startswith(start) and value.endswith(end) and len(value) > len(start) + len(end):
                    by_pattern.setdefault((start, end), set()).add((sid, wikidata, name))
    found: dict[str, list[_Known]] = {}
    for s in incoming:
        values, pats = probes[s.key]
        hits = {h for v in values for h in by_value.get(v, ())}
        for p in pats:
            if len({h[0] for h in by_pattern.get(p, ())}) <= MAX_VARIANT_CANDIDATES:
                hits |= by_pattern.get(p, set())
        ids = {sid: wikidata for sid, wikidata, name in hits if sid != exclude and compatible(s.name, name)}
        found[s.key] = [_Known(sid, "person", wikidata, False) for sid, wikidata in sorted(ids.items())]
    return found


def match(s: Incoming, known: dict[str, list[_Known]], loose: Sequence[_Known] = ()) -> Match:
    """The match of one incoming speaker against the stored names (``known``: key -> speakers;
    ``loose``: the persons one of whose names is a variant of its name, never sure)."""
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
    named = {sid for sid, _ in result.candidates} | set(by_name)
    for k in loose:
        if k.id not in named and not (s.wikidata_id and k.wikidata_id and k.wikidata_id != s.wikidata_id):
            named.add(k.id)
            result.candidates.append((k.id, VARIANT))
    return result


@dataclass(slots=True)
class Resolution:
    """A batch resolved by name: key -> stored speaker id for sure; key -> key of another
    incoming record it surely is; (key, candidate id, reason) to queue once the key is stored;
    (key, key, reason): two incoming persons whose names are variants, to queue once both are."""

    sure: dict[str, int]
    same: dict[str, str]
    queued: list[tuple[str, int, str]]
    pairs: list[tuple[str, str, str]] = field(default_factory=list)


def resolve_new(session: Session, incoming: Sequence[Incoming]) -> Resolution:
    """Resolve a batch of speakers that neither key nor Wikidata id found (the bulk import)."""
    matches = resolve(session, incoming)
    sure = {key: m.sure for key, m in matches.items() if m.sure is not None}
    rest = [i for i in incoming if i.key not in sure]
    same = within(rest)
    queued = [(i.key, candidate, reason) for i in rest if i.key not in same
              for candidate, reason in matches[i.key].candidates]
    return Resolution(sure, same, queued, variant_pairs([i for i in rest if i.key not in same]))


def variant_pairs(incoming: Sequence[Incoming]) -> list[tuple[str, str, str]]:
    """Incoming persons of one batch whose names are variants of an earlier one's (the same
    ``name_variant``, ``compatible``): (key, earlier key, reason), so that where a file's
    batches end does not decide what is asked."""
    first: dict[str, list[Incoming]] = {}
    pairs: dict[tuple[str, str], str] = {}
    for s in incoming:
        if s.kind != "person":
            continue
        for name in dict.fromkeys((s.name, *s.aliases)):
            variant = name_variant(name)
            for earlier in first.get(variant, []) if distinctive(variant) else []:
                if earlier.key != s.key and compatible(s.name, earlier.name):
                    pairs.setdefault((s.key, earlier.key), VARIANT)
            if variant:
                first.setdefault(variant, []).append(s)
    return [(a, b, reason) for (a, b), reason in pairs.items()]


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
    ids = sorted({a for a, _ in wanted} | {b for _, b in wanted})
    # The questions about these speakers, by one IN list: two IN lists on the pair made SQLite
    # probe every combination of them (quadratic in a batch's speakers).
    stored: set[tuple[int, int]] = set()
    for at in range(0, len(ids), 500):
        stored.update(session.execute(select(SpeakerReview.speaker_id, SpeakerReview.candidate_id).where(
            SpeakerReview.speaker_id.in_(ids[at:at + 500]))).tuples())
    new = [{"speaker_id": a, "candidate_id": b, "reason": reason, "status": "open"}
           for (a, b), reason in wanted.items() if (a, b) not in stored and (b, a) not in stored]
    if new:
        session.execute(insert(SpeakerReview), new)
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
