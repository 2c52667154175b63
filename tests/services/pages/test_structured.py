"""JSON-LD checked against schema.org's definitions (a vendored subset: tests/fixtures/
schemaorg_subset.json) and against what Google's structured-data rules ask of a ClaimReview
and a Quotation (url, datePublished, author, itemReviewed.appearance, citation)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.pages_helpers import page
from tracker.models import Statement
from tracker.web.database import get_session

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SCHEMA = json.loads((FIXTURES / "schemaorg_subset.json").read_text(encoding="utf-8"))
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # ISO 8601, to the date's precision


def _ancestors(kind: str) -> set[str]:
    found, todo = {kind}, [kind]
    while todo:
        for parent in SCHEMA["types"][todo.pop()]:
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _fits(value: Any, ranges: list[str], absolute: bool) -> bool:
    if isinstance(value, dict):
        if set(value) == {"@id"}:
            return True  # a reference to a node described elsewhere
        return bool(_ancestors(value["@type"]) & set(ranges))
    if not isinstance(value, str):
        return False
    if "URL" in ranges and re.match(r"^https?://" if absolute else r"^(https?://|/)", value):
        return True
    if {"Date", "DateTime"} & set(ranges) and DATE.match(value):
        return True
    return "Text" in ranges


def check(node: dict[str, Any], absolute: bool = True) -> list[str]:
    """Every problem of a node against schema.org: unknown types, properties outside their
    domain, values outside their range; nested nodes too."""
    problems = []
    kind = str(node.get("@type"))
    if kind not in SCHEMA["types"]:
        return [f"unknown type {kind!r}"]
    for name, value in node.items():
        if name.startswith("@"):
            continue
        prop = SCHEMA["properties"].get(name)
        if prop is None or not _ancestors(kind) & set(prop["domain"]):
            problems.append(f"{kind}.{name} is not a schema.org property of {kind}")
            continue
        for item in value if isinstance(value, list) else [value]:
            if not _fits(item, prop["range"], absolute):
                problems.append(f"{kind}.{name} = {item!r} is outside {prop['range']}")
            elif isinstance(item, dict) and "@type" in item:
                problems.extend(check(item, absolute))
    return problems


def test_the_checker_refuses_what_schema_org_does_not_define() -> None:
    assert check({"@type": "Quotation", "spokenByCharacter": {"@type": "Place", "name": "x"}})
    assert check({"@type": "ClaimReview", "appearance": []})  # appearance is the Claim's
    assert check({"@type": "Quotation", "dateCreated": "28 June"})
    assert check({"@type": "Quotation", "url": "/statements/1"})  # a page's URLs are absolute
    assert not check({"@type": "Quotation", "url": "https://x.example/s/1", "dateCreated": "2022-06"})


def _nodes(client: FlaskClient, statement_id: int) -> list[dict[str, Any]]:
    doc = page(client, f"/statements/{statement_id}")
    data = json.loads(doc.find("script", type="application/ld+json").text())
    assert data["@context"] == "https://schema.org"
    return data.get("@graph") or [data]


def test_statement_pages_json_ld(app: Flask, client: FlaskClient, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["import", str(FIXTURES / "liar_sample.tsv"), "--format", "liar"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = get_session().execute(select(Statement.id, Statement.verdict).where(
            Statement.deleted_at.is_(None)).order_by(Statement.id)).tuples().all()
    reviewed = [sid for sid, verdict in rows if verdict]
    assert len(reviewed) >= 4
    quoted_with_articles = 0
    for sid, verdict in rows:
        nodes = _nodes(client, sid)
        for node in nodes:
            assert check(node) == [], (sid, node)
        quotation = nodes[0]
        assert quotation["@type"] == "Quotation"
        assert quotation["url"].endswith(f"/statements/{sid}") and quotation["creator"]["name"]
        if quotation.get("citation"):
            quoted_with_articles += 1
            assert all(c["@type"] == "NewsArticle" and (c.get("url") or c["headline"])
                       for c in quotation["citation"])
        if not verdict:
            assert len(nodes) == 1
            continue
        review = nodes[1]
        assert review["@type"] == "ClaimReview" and review["url"] == quotation["url"]
        assert review["claimReviewed"] and review["reviewRating"]["alternateName"] == verdict
        assert review["author"]["name"] and DATE.match(review["datePublished"])
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim" and claim["author"]["name"] == quotation["creator"]["name"]
        assert claim["appearance"]
    assert quoted_with_articles > 10  # the seeds' statements cite the articles that carried them


def test_export_json_ld_follows_the_same_definitions(runner: FlaskCliRunner, tmp_path: Path) -> None:
    imported = runner.invoke(args=["import", str(FIXTURES / "liar_sample.tsv"), "--format", "liar"])
    assert imported.exit_code == 0
    target = tmp_path / "ld.json"
    assert runner.invoke(args=["export", str(target), "--format", "jsonld"]).exit_code == 0
    graph = json.loads(target.read_text(encoding="utf-8"))["@graph"]
    assert any(n["@type"] == "ClaimReview" for n in graph)
    for node in graph:
        assert check(node, absolute=False) == [], node
