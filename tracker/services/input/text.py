"""Text normalization shared by every input path and by search."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def clean(value: str | None) -> str | None:
    """NFC-normalize and trim; an empty string becomes None."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


def fold(value: str) -> str:
    """Case- and accent-insensitive form of a name: 'Yoon Suk-yeol' -> 'yoon suk yeol'."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Re-compose so Hangul syllables and kana stay whole after NFKD split them.
    return " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFC", stripped)).split())


def name_key(value: str) -> str:
    """What name searches compare: folded, with spaces, hyphens and punctuation removed."""
    return fold(value).replace(" ", "")


def escape_like(value: str) -> str:
    """Escape LIKE wildcards in a user's search term (used with ESCAPE '\\')."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
