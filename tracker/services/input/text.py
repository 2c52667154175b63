"""Text normalization shared by every input path and by search."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
# What no text we store may hold: C0 control characters other than tab, line feed and carriage
# return (NUL among them: PostgreSQL cannot store it, SQLite would, so both refuse it here), DEL,
# and lone surrogates (JSON can spell them as "\ud800"; they cannot be written as UTF-8).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def bad_character(value: str) -> str | None:
    """Why this text cannot be stored (its first forbidden character, named), or None."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return "contains a NUL character (U+0000), which text may not hold"
    if 0xD800 <= code <= 0xDFFF:
        return f"contains invalid Unicode (a lone surrogate, U+{code:04X})"
    return f"contains a control character (U+{code:04X}), which text may not hold"


def clean(value: str | None) -> str | None:
    """NFC-normalize, write line breaks as LF (a browser's textarea sends CR LF) and trim;
    an empty string becomes None."""
    if value is None:
        return None
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


def fold(value: str) -> str:
    """Case- and accent-insensitive form of a name: 'Yoon Suk-yeol' -> 'yoon suk yeol'."""
    if value.isascii():  # nothing to decompose or strip: the same result, five times faster
        return " ".join(_NOT_WORD.sub(" ", value.lower()).split())
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Re-compose so Hangul syllables and kana stay whole after NFKD split them.
    return " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFC", stripped)).split())


# ASCII letters lowercased and digits kept; every other ASCII character deleted: ``name_key`` of
# ASCII text in one str.translate (near-duplicates fold every wording of an import batch).
_ASCII_NAME_KEY = str.maketrans({chr(code): chr(code).lower() if chr(code).isalnum() else None
                                 for code in range(128)})


def name_key(value: str) -> str:
    """What name searches compare: folded, with spaces, hyphens and punctuation removed."""
    if value.isascii():  # the same as below, five times faster
        return value.translate(_ASCII_NAME_KEY)
    return fold(value).replace(" ", "")


def escape_like(value: str) -> str:
    """Escape LIKE wildcards in a user's search term (used with ESCAPE '\\')."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
