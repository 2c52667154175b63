"""People's names in either order: where the family name is, and the orders readers type.

A person is filed A–Z by family name ("Joe Biden" under B). Where the family name is, the
name itself says when it can:

1. A name written in Han characters, kana or Hangul puts the family name first (岸田文雄,
   윤석열): filed as written.
2. An alias that is one of the name's words alone, or after a title ("Kishida", "Biden",
   "President Xi"), is how the press calls the person by family name: that word is it.
3. A Latin-script name of a Korean or Chinese person (country KR, KP, CN, TW, HK, MO) is
   written family name first ("Yoon Suk-yeol", "Xi Jinping"): filed as written.
4. Otherwise the last word is the family name (with a particle before it: "von der Leyen";
   without a suffix after it: "Jr."), as in most Latin-script names.

Organizations and groups are filed as written. Pure functions: migration 0010 uses them.
"""

from __future__ import annotations

import unicodedata

from tracker.services.input.text import fold, name_key

FAMILY_FIRST_COUNTRIES = frozenset({"KR", "KP", "CN", "TW", "HK", "MO"})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
                        "bin", "ibn", "al", "ter", "ten", "dos", "das"})
_TITLES = frozenset({"president", "prime", "minister", "premier", "chairman", "chairwoman", "general",
                     "secretary", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame",
                     "king", "queen", "chancellor", "senator", "governor", "mayor", "ambassador"})


def east_asian(text: str) -> bool:
    """Whether the text is written in Han characters, kana or Hangul."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
    return False


def _family_word(words: list[str], aliases: list[str]) -> int | None:
    """The position of the family name among the name's words, as an alias shows it."""
    folded = [fold(w) for w in words]
    for alias in aliases:
        rest = [w for w in alias.split() if fold(w) not in _TITLES]
        if len(rest) == 1 and not east_asian(alias):
            word = fold(rest[0])
            if word == folded[0]:
                return 0
            if word == folded[-1]:
                return len(words) - 1
    return None


def family_sort_name(name: str, is_person: bool, country: str | None = None,
                     aliases: list[str] | None = None) -> str:
    """The folded name A–Z files a speaker by: a person's family name first."""
    words, suffixes = name.split(), list[str]()
    while len(words) > 1 and words[-1].casefold().rstrip(",") in _SUFFIXES:
        suffixes.insert(0, words.pop())
    if not is_person or len(words) < 2 or east_asian(name):
        return fold(name)
    position = _family_word(words, aliases or [])
    if position == 0 or (position is None and (country or "").upper() in FAMILY_FIRST_COUNTRIES):
        return fold(name)
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return fold(" ".join(words[start:] + words[:start] + suffixes))


def name_orders(name: str) -> list[str]:
    """The name keys of a name in each order its words may come ("Kishida Fumio" is also
    "Fumio Kishida"): the name as typed first, then its rotations."""
    words = name.split()
    keys = [name_key(name)]
    for shift in range(1, len(words) if len(words) <= 4 else 1):
        keys.append(name_key(" ".join(words[shift:] + words[:shift])))
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]

