"""Mounted under a prefix (SCRIPT_NAME, e.g. behind a proxy at /tracker), every link, form
action and asset of the pages stays inside the prefix."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from .edit_helpers import editor, login

__all__ = ["editor"]  # a fixture

PREFIX = "/tracker"
PAGES = ["/", "/speakers", "/speakers/1", "/statements/1", "/conflicts", "/conflicts/1", "/events",
         "/events/1", "/outlets", "/timeline", "/search?q=Kishida", "/speakers/1/history"]
ADDRESS = re.compile(r'\s(?:href|action|src)="(/[^"]*)"')


@pytest.mark.parametrize("path", PAGES)
def test_every_address_keeps_the_prefix(client: FlaskClient, editor: str, path: str) -> None:
    login(client, editor)  # editors see the most links (edit, history)
    response = client.get(path, environ_overrides={"SCRIPT_NAME": PREFIX})
    assert response.status_code == 200, path
    addresses = ADDRESS.findall(response.get_data(as_text=True))
    assert len(addresses) > 5
    outside = [a for a in addresses if not a.startswith(PREFIX + "/")]
    assert outside == [], f"{path}: {outside[:5]}"
