"""Outlets: who published, and what each one reported."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from werkzeug.wrappers import Response

from tracker.models import Account
from tracker.services.input.dates import format_partial
from tracker.services.pages import browse, serialize
from tracker.views.formats import alternates, respond
from tracker.views.params import pages
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("outlets", __name__)

ACCOUNT_HEADER = ["account_id", "statement_id", "said", "speaker", "narrator", "stance", "wording",
                  "article", "article_url", "statement_url"]


def account_rows(accounts: list[Account]) -> list[list[object]]:
    """CSV rows for accounts with their statements."""
    return [[a.id, a.statement_id,
             format_partial(a.statement.said_on, a.statement.said_precision),
             a.statement.speaker.name, a.narrator.name if a.narrator else None, a.stance.value,
             a.wording, a.article.title if a.article else None, a.article.url if a.article else None,
             url_for("statements.detail", statement_id=a.statement_id, _external=True)]
            for a in accounts]


@bp.get("/outlets", defaults={"fmt": None})
@bp.get("/outlets.<fmt>")
def index(fmt: str | None) -> Response | str:
    """Outlets A–Z with how many articles and accounts each carried."""
    page, per_page = pages()
    result = browse.outlet_index(get_session(), page, per_page)
    rows = [serialize.outlet_summary(r.outlet, r.articles, r.accounts) for r in result.items]

    def csv_data() -> tuple[str, list[str], list[list[object]]]:
        header = ["id", "name", "kind", "country", "language", "url", "article_count", "account_count",
                  "permalink"]
        return "outlets.csv", header, [
            [r["id"], r["name"], r["kind"], r["country"], r["language"], r["url"], r["article_count"],
             r["account_count"], url_for(".detail", outlet_id=r["id"], _external=True)] for r in rows]

    return respond(fmt, "outlets/index.html", lambda: {"items": rows, "pagination": result.meta()},
                   csv_data, result=result, alternates=alternates("outlets.index", csv_too=True))


@bp.get("/outlets/<int:outlet_id>", defaults={"fmt": None})
@bp.get("/outlets/<int:outlet_id>.<fmt>")
def detail(outlet_id: int, fmt: str | None) -> Response | str:
    """An outlet's articles and every account it carried, by article or along a chain."""
    session = get_session()
    outlet = records.outlet(session, outlet_id)
    page, per_page = pages()
    articles = browse.outlet_articles(session, outlet.id)
    accounts = browse.outlet_accounts(session, outlet.id, page, per_page)

    def json_data() -> dict[str, Any]:
        return {**serialize.outlet_summary(outlet),
                "articles": [serialize.article_brief(a) for a in articles],
                "accounts": [serialize.account_with_statement(a) for a in accounts.items],
                "accounts_pagination": accounts.meta()}

    def csv_data() -> tuple[str, list[str], list[list[object]]]:
        return f"outlet-{outlet.id}-accounts.csv", ACCOUNT_HEADER, account_rows(accounts.items)

    return respond(fmt, "outlets/detail.html", json_data, csv_data, outlet=outlet, articles=articles,
                   accounts=accounts,
                   alternates=alternates("outlets.detail", csv_too=True, outlet_id=outlet.id))
