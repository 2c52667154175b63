"""A saved HTML page becomes the article's text (trafilatura) and date (htmldate), offline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.services.extraction.html import from_html
from tracker.services.extraction.propose import propose
from tracker.services.extraction.speakers import NoSpeakers

PAGE = (Path(__file__).resolve().parents[2] / "fixtures" / "saved_article.html").read_text(encoding="utf-8")


def test_main_text_without_navigation_and_the_publication_date() -> None:
    page = from_html(PAGE)
    assert page is not None
    assert "negotiations over the fishing agreement" in page.text
    assert "尹锡悦 told reporters" in page.text
    assert "Log in" not in page.text and "Cookie settings" not in page.text
    assert page.published == date(2022, 6, 30)
    assert page.title and "Talks resume in Geneva" in page.title


def test_the_extracted_text_feeds_the_extractor() -> None:
    page = from_html(PAGE)
    assert page is not None
    proposals = propose(page.text, page.published, NoSpeakers())
    assert {page.text[p.cue.start : p.cue.end] for p in proposals} >= {"said", "told"}
    ministry = next(p for p in proposals if p.speaker.name == "foreign ministry")
    assert ministry.said.date == date(2022, 6, 28)


def test_a_page_without_text_gives_none() -> None:
    assert from_html("<html><body><nav>Home</nav></body></html>") is None
