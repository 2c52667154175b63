"""Attribution confidence: who else may have said it, with the probabilities the source gave.

Quotebank attributes each quotation with a model and keeps every candidate speaker with a
probability (``speaker_candidates``: ``[[name, probability], ...]``; "None" is its verdict
that no candidate is likely). The statement page lists them, most likely first, and marks
the candidate who is the statement's speaker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tracker.services.input.text import name_key

NOBODY = "none"  # Quotebank's candidate "None", folded


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate speaker of a statement and how likely the source found them."""

    name: str
    probability: float
    attributed: bool  # the statement's speaker (by name or alias)
    nobody: bool  # the source's verdict that no candidate is likely

    @property
    def percent(self) -> str:
        """The probability for readers: '82%', '<1%'."""
        value = self.probability * 100
        return "<1%" if 0 < value < 0.5 else f"{value:.0f}%"


def candidates(stored: list[list[object]] | None, speaker_names: Iterable[str]) -> list[Candidate]:
    """The stored candidates, most likely first (ties in stored order); empty when there are none."""
    if not stored:
        return []
    names = {name_key(n) for n in speaker_names}
    found = []
    for entry in stored:
        if len(entry) != 2 or not isinstance(entry[1], int | float):
            continue  # RecordReader refuses these; an old row is skipped, never a 500
        name, probability = str(entry[0]), float(entry[1])
        key = name_key(name)
        found.append(Candidate(name, probability, key in names and key != NOBODY, key == NOBODY))
    return sorted(found, key=lambda c: -c.probability)
