"""An article's text cut into pieces, each recorded passage (an account's anchor) marked."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.models import Account


@dataclass(frozen=True)
class Piece:
    """Some of the text; ``account`` is set when it is that account's passage."""

    text: str
    account: Account | None = None


def pieces(text: str, accounts: list[Account]) -> list[Piece]:
    """The text in order, with the passages of the anchored accounts (overlaps: the first wins)."""
    anchored = sorted(
        (
            a
            for a in accounts
            if a.anchor_start is not None
            and a.anchor_end is not None
            and 0 <= a.anchor_start < a.anchor_end <= len(text)
        ),
        key=lambda a: (a.anchor_start or 0, a.id),
    )
    result: list[Piece] = []
    at = 0
    for account in anchored:
        start, end = account.anchor_start or 0, account.anchor_end or 0
        if start < at:
            continue
        if start > at:
            result.append(Piece(text[at:start]))
        result.append(Piece(text[start:end], account))
        at = end
    if at < len(text):
        result.append(Piece(text[at:]))
    return result
