"""An account's text-quote anchor: read by RecordReader, saved with a revision, kept when not given."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from tracker.models import Account, Revision
from tracker.services.editing import edits
from tracker.services.input.records import RecordError
from tracker.web.database import get_session

ANCHOR = {
    "exact": "I know you are working hard",
    "prefix": "He said to Yin Xiyue, “",
    "suffix": " for Japan",
    "start": 120,
    "end": 147,
}


def _account(session: object) -> Account:
    account = (
        get_session()
        .scalars(select(Account).where(Account.key == "acct-kr-officials-madrid-trip-summary"))
        .one()
    )
    return account


def test_anchor_is_saved_with_its_revision_and_kept_when_not_given(app: Flask) -> None:
    with app.app_context():
        session = get_session()
        account = _account(session)
        saved = edits.save(session, "account", {**edits.document(account), "anchor": ANCHOR}, obj=account)
        assert (saved.anchor_exact, saved.anchor_start, saved.anchor_end) == (ANCHOR["exact"], 120, 147)
        revision = session.scalars(
            select(Revision)
            .where(Revision.entity_type == "account", Revision.entity_id == account.id)
            .order_by(Revision.id.desc())
        ).first()
        assert revision is not None and revision.after is not None and revision.before is not None
        assert revision.after["anchor"] == ANCHOR and revision.before["anchor"] is None
        without = {k: v for k, v in edits.document(saved).items() if k != "anchor"}
        again = edits.save(session, "account", {**without, "note": "Checked."}, obj=saved)
        assert again.anchor_exact == ANCHOR["exact"] and again.note == "Checked."


@pytest.mark.parametrize(
    "anchor, field",
    [
        ({"prefix": "x"}, "exact"),
        ({**ANCHOR, "start": -1}, "start"),
        ({**ANCHOR, "start": 10, "end": 5}, "end"),
        ({**ANCHOR, "end": None}, "end"),
        ("not an object", "anchor"),
    ],
)
def test_a_bad_anchor_names_its_field(app: Flask, anchor: object, field: str) -> None:
    with app.app_context():
        session = get_session()
        account = _account(session)
        with pytest.raises(RecordError) as raised:
            edits.save(session, "account", {**edits.document(account), "anchor": anchor}, obj=account)
        assert raised.value.field == field
