"""Helpers for page tests: a tiny DOM over html.parser, SQL statement counting, id lookups."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    """An element with its attributes, children and text."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def text(self) -> str:
        """All text inside, whitespace collapsed."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())

    def classes(self) -> set[str]:
        """The class attribute as a set."""
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        """This node and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> list[Node]:
        """Elements below (and including) this one matching tag, class and attributes."""
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (class_ is None or class_ in n.classes())
                and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Node:
        """The first match; fails the test when there is none."""
        found = self.find_all(tag, class_, **attrs)
        assert found, f"no <{tag} class={class_} {attrs}> found"
        return found[0]

    def ancestors(self) -> Iterator[Node]:
        """Parents, nearest first."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    """The document as a Node tree."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(client: FlaskClient, path: str, status: int = 200) -> Node:
    """GET an HTML page, check its status, and parse it."""
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:500])
    assert response.content_type.startswith("text/html")
    return parse(response.get_data(as_text=True))


def get_json(client: FlaskClient, path: str, status: int = 200) -> Any:
    """GET a JSON document and check its status."""
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:500])
    return response.get_json()


def get_csv(client: FlaskClient, path: str) -> list[dict[str, str]]:
    """GET a CSV download as rows keyed by the header."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response.content_type.startswith("text/csv")
    assert "attachment" in response.headers.get("Content-Disposition", "")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def speaker_id(client: FlaskClient, q: str) -> int:
    """The id of the first speaker the API finds for a name or alias."""
    items = get_json(client, f"/api/v1/speakers?q={q}")["items"]
    assert items, f"no speaker matches {q!r}"
    return int(items[0]["id"])


def alternate_links(doc: Node) -> dict[str, str]:
    """The page's <link rel="alternate"> hrefs by type."""
    return {n.attrs["type"]: n.attrs["href"] for n in doc.find_all("link", rel="alternate")}


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []
    engine = app.extensions["engine"]

    def _record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _record)


def queries_for(app: Flask, client: FlaskClient, path: str) -> int:
    """How many SQL statements one GET of the path runs (after a warm-up request)."""
    client.get(path)
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


def said_sort_day(said: str) -> date:
    """The day a written partial date ('2022', '2022-06', '2022-06-28') sorts on: the last it
    may mean (a month after every day in it)."""
    if len(said) == 4:
        return date(int(said), 12, 31)
    if len(said) == 7:
        year, month = int(said[:4]), int(said[5:])
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date.fromisoformat(said)
