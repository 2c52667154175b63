"""Near forms of a person's name, for the review queue: never proof that two records are one.

A name stripped of its titles ("President", "Dr."), suffixes ("Jr.") and Korean, Japanese or
Chinese honorifics (대통령, 首相, さん, 主席), with its middle names dropped, is its *variant*
(``name_variant``: stored on every alias as ``SpeakerAlias.variant_key``); an incoming name is
looked for by its ``variant_probes`` (either order, an initial for the first name, a family
name alone). Two names whose middle names or suffixes disagree ("George W Bush", "George P
Bush"; "Tom Kean Jr", "Tom Kean Sr") are not variants of one another (``compatible``). Names
with a word that only organisations have ("Ohio Democratic Party") keep all their words, as
LIAR calls every speaker a person. Pure functions: migration 0014 uses them.
"""

from __future__ import annotations

from tracker.services.input.names import _SUFFIXES, _TITLES, east_asian
from tracker.services.input.text import name_key

# Words before a name that say what the person is, not who ("Former Vice President Biden").
_LEADING = _TITLES | frozenset({"vice", "former", "rep", "sen", "gov", "prof", "professor", "lord", "lady",
                                "pope", "rev", "reverend", "justice", "judge", "speaker", "representative",
                                "congressman", "congresswoman", "sheikh", "prince", "princess", "deputy",
                                "foreign", "defense", "state", "first", "commissioner", "miss", "madam"})
_TITLE_KEYS = frozenset(k.rstrip(".") for k in _LEADING)
_SUFFIX_KEYS = frozenset(k.rstrip(".") for k in _SUFFIXES)
# Honorifics after a Korean, Japanese or Chinese name, with or without a space: 윤석열 대통령, 岸田首相,
# 安倍さん, 习近平主席. Longest first, so 総理大臣 goes before 大臣.
HONORIFICS = tuple(sorted({
    "대통령", "총리", "장관", "위원장", "국무위원장", "주석", "의원", "대표", "여사", "씨", "님", "총장",
    "総理大臣", "総理", "首相", "大臣", "官房長官", "大統領", "国家主席", "主席", "さん", "氏", "様",
    "先生", "君",
    "总统", "總統", "总理", "總理", "外长", "部长", "女士", "委员长", "委員長"}, key=len, reverse=True))


def bare_name(name: str) -> tuple[list[str], list[str]]:
    """A person's name without the titles before it and the suffixes and honorifics after it:
    its words, and the words taken off ("President Joe Biden Jr." -> Joe Biden; 岸田首相 -> 岸田)."""
    words, taken = name.replace(",", " ").split(), list[str]()
    while len(words) > 1 and name_key(words[0]) in _TITLE_KEYS:
        taken.append(words.pop(0))
    while len(words) > 1 and (name_key(words[-1]) in _SUFFIX_KEYS or words[-1] in HONORIFICS):
        taken.append(words.pop())
    if len(words) == 1 and east_asian(words[0]):
        for honorific in HONORIFICS:
            if words[0].endswith(honorific) and len(words[0]) - len(honorific) >= 2:
                taken.append(honorific)
                words = [words[0][:-len(honorific)]]
                break
    return words, taken


# Words of organisations' names, never of a person's: such a name keeps its middle words.
_ORGANISATION_WORDS = frozenset({
    "party", "committee", "association", "caucus", "fund", "alliance", "democrats", "republicans",
    "council", "union", "institute", "foundation", "coalition", "project", "group", "center", "centre",
    "network", "pac", "action", "league", "society", "club", "federation", "chamber", "campaign",
    "house", "senate", "office", "department", "ministry", "agency", "news", "times", "post", "america",
    "americans", "inc", "corporation", "company", "university", "college", "board", "organization",
    "commission", "government", "administration", "republican", "democratic", "national"})


def _keys(name: str) -> tuple[list[str], list[str]]:
    words, taken = bare_name(name)
    return [k for k in (name_key(w) for w in words) if k], taken


def _organisation(keys: list[str]) -> bool:
    return any(k in _ORGANISATION_WORDS for k in keys)


def name_variant(name: str) -> str:
    """A person's name as loosely as names are compared for review: no titles, suffixes or
    honorifics, and no middle names (the first and last word, each as ``name_key``):
    "President Joseph R. Biden Jr." -> "joseph biden"; "Hillary Rodham Clinton" -> "hillary
    clinton"; "윤석열 대통령" -> "윤석열". Stored on every alias (``SpeakerAlias.variant_key``)."""
    keys = _keys(name)[0]
    if len(keys) <= 1 or _organisation(keys):
        return " ".join(keys)
    return f"{keys[0]} {keys[-1]}"


def variant_probes(name: str) -> tuple[list[str], list[tuple[str, str]]]:
    """What a person's incoming name is looked for by among the stored ``variant_key``s: the
    exact variants (first and last word in either order, and with an initial for the first:
    "Joe Biden" -> "j biden"), and (start, end) of the variants sought by their ends (an initial:
    "J. Biden" -> ("j", " biden"); a family name left alone by a title: "President Biden" ->
    ("", " biden"), 岸田首相 -> ("岸田", ""))."""
    keys, taken = _keys(name)
    exact, patterns = list[str](), list[tuple[str, str]]()
    if _organisation(keys):
        return [" ".join(keys)], []
    if len(keys) == 1:
        exact.append(keys[0])
        if taken and east_asian(keys[0]) and len(keys[0]) >= 2:
            patterns.append((keys[0], ""))
        elif taken and not east_asian(keys[0]) and len(keys[0]) >= 3:
            patterns.append(("", f" {keys[0]}"))
    for first, last in ((keys[0], keys[-1]), (keys[-1], keys[0])) if len(keys) >= 2 else ():
        exact.append(f"{first} {last}")
        if len(first) > 1 and len(last) > 1 and not east_asian(first):
            exact.append(f"{first[0]} {last}")
        elif len(first) == 1:
            patterns.append((first, f" {last}"))
    return list(dict.fromkeys(exact)), list(dict.fromkeys(patterns))


def compatible(one: str, other: str) -> bool:
    """Whether two names that share a variant may still name one person: not when both have
    middle names that differ ("George W Bush", "George P Bush": compared by initial, so "W" is
    "Walker") or both have suffixes that differ ("Jr", "Sr")."""
    (keys_a, taken_a), (keys_b, taken_b) = _keys(one), _keys(other)
    middle_a, middle_b = keys_a[1:-1], keys_b[1:-1]
    if middle_a and middle_b and [m[0] for m in middle_a] != [m[0] for m in middle_b]:
        return False
    suffix_a = {name_key(t) for t in taken_a} & _SUFFIX_KEYS
    suffix_b = {name_key(t) for t in taken_b} & _SUFFIX_KEYS
    return not (suffix_a and suffix_b and suffix_a != suffix_b)
