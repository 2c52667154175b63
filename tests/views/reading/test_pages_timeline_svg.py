"""The SVG timeline builder: lanes per source, precision shapes, escaping (pure, no database)."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from tracker.models import Account, Article, DatePrecision, Outlet, Speaker, Stance, Statement
from tracker.services.pages import timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


def _statement(sid: int, said: date | None, precision: DatePrecision | None, *accounts: Account) -> Statement:
    s = Statement(id=sid, wording=f"words <{sid}> & more", said_on=said, said_precision=precision)
    s.accounts = list(accounts)
    return s


def test_lanes_precision_and_escaping() -> None:
    evil = Speaker(id=1, name="<script>alert(1)</script>", sort_name="x")
    outlet = Outlet(id=1, name="News & <Views>", sort_name="n")
    article = Article(id=1, outlet=outlet)
    statements = [
        _statement(1, date(2022, 6, 28), DatePrecision.DAY,
                   Account(id=1, narrator=evil, article=article, wording="a", stance=Stance.AFFIRMS),
                   Account(id=2, narrator=None, article=article, wording="b", stance=Stance.DENIES)),
        _statement(2, date(2022, 6, 1), DatePrecision.MONTH),
        _statement(3, date(2022, 6, 29), DatePrecision.APPROXIMATE),
        _statement(4, None, None),
    ]
    lanes = timeline_svg.lanes_for(statements)
    assert [lane.label for lane in lanes] == ["<script>alert(1)</script>, in News & <Views>",
                                              "News & <Views>", timeline_svg.NO_ACCOUNT]
    markup = timeline_svg.render(lanes, "Title <with> & tags")
    assert "<script>" not in markup
    root = ElementTree.fromstring(markup)  # noqa: S314 - our own output; parses only if escaped
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == "Title <with> & tags"  # type: ignore[union-attr]
    circles = root.findall(f"{SVG}circle")
    bars = [r for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(circles) == 3 and len(bars) == 1  # two day accounts + one approximate; one month
    assert [c.get("stroke-dasharray") for c in circles].count("3 2") == 1
    assert float(bars[0].get("width") or 0) > 20  # a month spans many days


def test_empty_timeline_renders_nothing() -> None:
    assert timeline_svg.render(timeline_svg.lanes_for([_statement(1, None, None)]), "t") == ""
