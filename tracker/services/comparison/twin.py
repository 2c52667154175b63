"""The JSON twin of the conflict comparison page.

The comparison is read as plain rows (``comparison_rows``), not model objects; the rows carry
the models' attribute names, so ``serialize`` writes the speakers, outlets, articles, events,
accounts and chains inside it. Only the statement differs (its topics come separately);
tests/test_comparison_rows.py holds the whole twin to the shared serializers' output.
"""

from __future__ import annotations

from typing import Any

from tracker.services.comparison.build import Column, Comparison
from tracker.services.comparison.rows import MemberRow, StatementRow
from tracker.services.input.dates import format_partial, human_date
from tracker.services.pages.serialize import (
    account,
    article_brief,
    speaker_brief,
    statement_fields,
)


def statement(s: StatementRow, topics: dict[int, list[str]]) -> dict[str, Any]:
    """As ``serialize.statement`` without accounts; ``topics`` from ``load_topics``."""
    return statement_fields(s, topics.get(s.id, []))


def conflict_member(m: MemberRow, topics: dict[int, list[str]]) -> dict[str, Any]:
    """As ``serialize.conflict_member``."""
    if m.account is not None:
        return {"position": m.position, "type": "account", "account": account(m.account),
                "statement": statement(m.statement, topics)}
    return {"position": m.position, "type": "statement", "statement": statement(m.statement, topics)}


def column_json(column: Column, topics: dict[int, list[str]]) -> dict[str, Any]:
    """One column as plain data."""
    article = column.article
    return {
        **conflict_member(column.member, topics),
        "giver": {**(speaker_brief(column.giver) or {}), "role": column.giver_role}
        if column.giver else None,
        "wording": column.wording,
        "stance": column.stance,
        "article": article_brief(article),
        "published_human": human_date(article.published_on, article.published_precision)
        if article else None,
        "said": format_partial(column.statement.said_on, column.statement.said_precision),
        "said_human": human_date(column.statement.said_on, column.statement.said_precision),
        "report_lag": column.lag.as_json(),
        "original": None if column.original is None else {
            "text": column.original.text, "language": column.original.language,
            "translation_note": column.original.translation_note,
            "translator": column.original.translator},
    }


def statement_ids(comparison: Comparison) -> set[int]:
    """The statements the columns show (whose topics the twin lists)."""
    return {column.statement.id for column in comparison.columns}


def comparison_json(comparison: Comparison, topics: dict[int, list[str]]) -> dict[str, Any]:
    """The JSON twin of the comparison page; ``topics`` of ``statement_ids(comparison)``."""
    c = comparison.conflict
    return {
        "id": c.id, "key": c.key, "title": c.title, "summary": c.summary, "status": c.status.value,
        "member_count": len(c.members),
        "resolution": c.resolution,
        "columns": [column_json(col, topics) for col in comparison.columns],
        "points": [
            {"aspect": row.aspect,
             "claims": [{"member_position": col.position, "text": text}
                        for col, text in zip(comparison.columns, row.cells, strict=True)]}
            for row in comparison.points
        ],
        "diff": {"a": comparison.left.position, "b": comparison.right.position,
                 "similarity": round(comparison.similarity, 3),
                 "segments": [{"op": s.op, "text": s.text} for s in comparison.diff]},
    }
