"""The word diff: Latin by word, CJK by character, text preserved, nothing lost."""

from __future__ import annotations

from tracker.services.comparison.diff import Segment, similarity, tokenize, word_diff


def _side(segments: list[Segment], skip: str) -> str:
    return "".join(s.text for s in segments if s.op != skip)


def test_tokens_join_back_to_the_text() -> None:
    text = "Kishida said: “I know you are working hard” — 岸田首相は言った。윤석열 대통령"
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert "岸" in tokens and "田" in tokens
    assert "working" in tokens


def test_identical_texts_are_one_equal_segment() -> None:
    assert word_diff("a historic meeting", "a historic meeting") == [Segment("equal", "a historic meeting")]


def test_changed_words_are_marked_and_both_sides_survive() -> None:
    a = "I know you are working hard for Japan South Korea relations"
    b = "try his best to restore the extremely severe relationship between Japan and South Korea"
    segments = word_diff(a, b)
    assert _side(segments, "insert") == a
    assert _side(segments, "delete") == b
    assert Segment("equal", " South Korea") in segments
    assert any(s.op == "insert" and "restore" in s.text for s in segments)
    # A changed phrase reads as one deletion and one insertion, not word by word.
    assert segments[0] == Segment("delete", "I know you are working hard for")


def test_cjk_is_compared_per_character() -> None:
    segments = word_diff("岸田首相は言った", "岸田総理は言った")
    assert segments == [Segment("equal", "岸田"), Segment("delete", "首相"), Segment("insert", "総理"),
                        Segment("equal", "は言った")]
    hangul = word_diff("윤석열 대통령은", "윤석열 대통령이")
    assert hangul[-2:] == [Segment("delete", "은"), Segment("insert", "이")]


def test_markup_is_kept_as_text_for_the_template_to_escape() -> None:
    segments = word_diff("<b>one</b>", "<i>one</i>")
    assert _side(segments, "insert") == "<b>one</b>"
    assert _side(segments, "delete") == "<i>one</i>"


def test_empty_and_similarity() -> None:
    assert word_diff("", "") == []
    assert word_diff("", "new words") == [Segment("insert", "new words")]
    assert similarity("a b c", "a b c") == 1.0
    assert similarity("a b c", "x y z") < 0.5
