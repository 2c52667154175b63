"""The SVG timeline builder: lanes per source, precision shapes, escaping (pure, no database)."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tracker.models import Account, Article, DatePrecision, Outlet, Speaker, Stance, Statement
from tracker.services.editing.loader import Loader
from tracker.services.pages import timeline_svg
from tracker.web.database import get_session

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



@pytest.mark.parametrize("days", [
    [date.min], [date.max], [date.min, date.max], [date(9999, 12, 1)], [date(1, 1, 2), date(2022, 6, 28)],
])
@pytest.mark.parametrize("precision", [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR])
def test_any_date_a_statement_can_hold_is_drawn(days: list[date], precision: DatePrecision) -> None:
    statements = [_statement(i, day, precision) for i, day in enumerate(days, 1)]
    markup = timeline_svg.render(timeline_svg.lanes_for(statements), "Extremes")
    root = ElementTree.fromstring(markup)  # noqa: S314 - our own output
    shapes = root.findall(f"{SVG}circle") + root.findall(f"{SVG}rect")
    assert len(shapes) >= len(days)
    for shape in shapes:
        for name in ("cx", "x", "width"):
            if name in shape.attrib:
                assert 0 <= float(shape.attrib[name]) <= timeline_svg.WIDTH, shape.attrib


@pytest.mark.parametrize("extreme", [date.min, date.max])
def test_a_statement_stored_at_a_calendar_end_breaks_no_page_of_its_speaker(
        app: Flask, client: FlaskClient, extreme: date) -> None:
    """Stored before dates were bounded on input, such a statement used to make every page of
    its speaker a 500 (the timeline overflowed)."""
    with app.app_context():
        session = get_session()
        Loader(session).load("test", {
            "speakers": [{"key": "t-extreme", "name": "Extreme Dates Testspeaker"}],
            "statements": [{"key": f"t-ext-{i}", "speaker": "t-extreme", "wording": f"Far words {i}",
                            "said": "2022-06-28"} for i in range(2)]})
        statement = session.scalars(select(Statement).where(Statement.key == "t-ext-0")).one()
        statement.said_on = extreme
        session.commit()
        speaker, statement_id = statement.speaker_id, statement.id
    for url in (f"/speakers/{speaker}", f"/speakers/{speaker}.json", f"/timeline.csv?speaker={speaker}",
                f"/statements/{statement_id}", f"/timeline?speaker={speaker}",
                f"/api/v1/speakers/{speaker}"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "<svg" in client.get(f"/speakers/{speaker}").get_data(as_text=True)
