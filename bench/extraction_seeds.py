"""The seed articles against the accounts in ``seeds/``: which of them the extractor proposes.

    .venv/bin/python -m bench.extraction --seeds     # one line per seed account, and why not

Each account's wording is located in its article (the longest run it shares with the text, at
least 20 characters). It is *proposed* when a proposal's passage (speaker, cue and content)
covers at least half of that run; its *speaker is right* when such a proposal names the seed's
speaker (resolved against every seed's speakers and aliases, as the tracker resolves them).

An account is in the article's *own voice* when its statement's speaker is the article's writer:
the narrator who gives most of the article's accounts (the commentary's authors, the editorial
board). Such a sentence has no attribution in the text to find, so it is counted apart; an
account whose speaker narrates itself in a report ("the White House described the meeting
as …") is attributed like any other.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tracker.models import SpeakerKind
from tracker.services.extraction.propose import Proposal, propose
from tracker.services.extraction.speakers import FixedLexicon, KnownSpeaker

_MIN_RUN = 20


@dataclass(frozen=True)
class SeedAccount:
    """One seed account as the extractor saw it."""

    article: str
    speaker: str
    text: str  # the run of the article its wording was found at
    own_voice: bool
    proposed: bool
    speaker_right: bool
    why: str  # why not proposed, or which speaker was proposed instead; "" when both are right


def read_seeds(seeds_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(seeds_dir.glob("*.json"))]


def lexicon(seeds: list[dict[str, Any]]) -> FixedLexicon:
    names = []
    for number, seed in enumerate(seeds):
        for position, speaker in enumerate(seed["speakers"]):
            known = KnownSpeaker(number * 1000 + position, speaker["name"], SpeakerKind(speaker["kind"]))
            names.append((speaker["key"], known))
            names.append((speaker["name"], known))
            names.extend((alias["name"], known) for alias in speaker.get("aliases", []))
    return FixedLexicon(names)


def passage(proposal: Proposal) -> tuple[int, int]:
    """The proposal's whole passage: speaker, cue and content (what a seed account quotes)."""
    spans = [proposal.cue, proposal.content] + ([proposal.speaker.span] if proposal.speaker.span else [])
    return min(s.start for s in spans), max(s.end for s in spans)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _judge(where: tuple[int, int], proposals: list[Proposal], speaker: str) -> tuple[bool, bool, str]:
    size = where[1] - where[0]
    hits = [p for p in proposals if _overlap(passage(p), where) * 2 >= size]
    if not hits:
        best = max((_overlap(passage(p), where) for p in proposals), default=0)
        if best == 0:
            return False, False, "no proposal touches it"
        return False, False, f"proposals cover only {best * 100 // size}% of it"
    if any(p.speaker.name == speaker for p in hits):
        return True, True, ""
    return True, False, "speaker proposed: " + " / ".join(sorted({p.speaker.name for p in hits}))


def accounts(seeds_dir: Path, articles_dir: Path) -> list[SeedAccount]:
    """Every seed account found in its article (seed files and article files pair by order)."""
    seeds = read_seeds(seeds_dir)
    known = lexicon(seeds)
    names = {s["key"]: s["name"] for seed in seeds for s in seed["speakers"]}
    found = []
    for seed, path in zip(seeds, sorted(articles_dir.glob("*.txt")), strict=True):
        text = path.read_text(encoding="utf-8")
        proposals = propose(text, date.fromisoformat(seed["articles"][0]["published"][:10]), known)
        pairs = [(st, account) for st in seed["statements"] for account in st["accounts"]]
        writer = Counter(account.get("narrator") for _, account in pairs).most_common(1)[0][0]
        for statement, account in pairs:
            matcher = difflib.SequenceMatcher(None, text, account["wording"], autojunk=False)
            block = matcher.find_longest_match(0, len(text), 0, len(account["wording"]))
            if block.size < _MIN_RUN:
                continue  # not this article's wording (an account carried by another article)
            where = (block.a, block.a + block.size)
            speaker = names.get(statement["speaker"], statement["speaker"])
            proposed, right, why = _judge(where, proposals, speaker)
            found.append(
                SeedAccount(
                    path.name,
                    speaker,
                    text[where[0] : where[1]],
                    statement["speaker"] == writer,
                    proposed,
                    right,
                    why,
                )
            )
    return found


def summary(found: list[SeedAccount]) -> list[dict[str, Any]]:
    """Per article: attributed accounts proposed and with the right speaker; own voice apart."""
    rows = []
    for article in sorted({a.article for a in found}):
        mine = [a for a in found if a.article == article]
        attributed = [a for a in mine if not a.own_voice]
        own = [a for a in mine if a.own_voice]
        rows.append(
            {
                "article": article,
                "attributed_accounts": len(attributed),
                "proposed": sum(a.proposed for a in attributed),
                "speaker_right": sum(a.speaker_right for a in attributed),
                "own_voice_accounts": len(own),
                "own_voice_proposed": sum(a.proposed for a in own),
            }
        )
    return rows


def listing(found: list[SeedAccount]) -> str:
    lines = []
    for a in found:
        mark = "proposed" if a.proposed else "MISSED"
        voice = "own voice" if a.own_voice else "attributed"
        lines.append(f"{a.article[:3]}  {voice:10}  {mark:8}  {a.speaker}: {a.text[:90]!r}")
        if a.why:
            lines.append(f"{'':26}{a.why}")
    return "\n".join(lines)
