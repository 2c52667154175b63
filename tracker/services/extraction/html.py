"""An article's main text, title and publication date from a saved HTML page (no network)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import htmldate
import trafilatura


@dataclass(frozen=True)
class PageText:
    """What a saved page gives: the main text (boilerplate removed), its title and date."""

    text: str
    title: str | None
    published: date | None


def from_html(html: str, url: str | None = None) -> PageText | None:
    """The page's article text, or None when trafilatura finds no main text (five words) in it."""
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
    )
    if not text or len(text.split()) < 5:
        return None
    metadata = trafilatura.extract_metadata(html, default_url=url)
    found = htmldate.find_date(html, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
    return PageText(
        text.strip(), metadata.title if metadata else None, date.fromisoformat(found) if found else None
    )
