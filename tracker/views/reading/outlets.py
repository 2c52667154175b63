"""Outlets: who published, and what each one reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Blueprint
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.models import Account
from tracker.services.input.dates import format_partial
from tracker.services.pages import browse, serialize, whole
from tracker.views.formats import Batches, alternates, download, download_links, respond, whole_list
from tracker.views.links import id_link
from tracker.views.params import pages
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("outlets", __name__)

ACCOUNT_HEADER = ["account_id", "statement_id", "said", "speaker", "narrator", "stance", "wording",
                  "article", "article_url", "statement_url"]


def account_rows(accounts: list[Account]) -> list[list[object]]:
    """CSV rows for accounts with their statements."""
    row = account_csv_row()
    return [row(a) for a in accounts]


def account_csv_row() -> Callable[[Account], list[object]]:
    """The CSV row of an account with its statement (pages and whole lists)."""
    link = id_link("statements.detail", "statement_id", external=True)

    def row(a: Account) -> list[object]:
        return [a.id, a.statement_id, format_partial(a.statement.said_on, a.statement.said_precision),
                a.statement.speaker.name, a.narrator.name if a.narrator else None, a.stance.value,
                a.wording, a.article.title if a.article else None, a.article.url if a.article else None,
                link(a.statement_id)]

    return row


def accounts_download(fmt: str | None, name: str, accounts: Batches[Account],
                      head: dict[str, Any]) -> Response:
    """Every account of an outlet's or article's list, streamed."""
    return download(fmt, name, accounts, serialize.account_with_statement,
                    (ACCOUNT_HEADER, account_csv_row()), head)


OUTLET_HEADER = ["id", "name", "kind", "country", "language", "url", "article_count", "account_count",
                 "permalink"]


def _outlet_row(link: Callable[[int], str]) -> Callable[[dict[str, Any]], list[object]]:
    def row(r: dict[str, Any]) -> list[object]:
        return [r["id"], r["name"], r["kind"], r["country"], r["language"], r["url"], r["article_count"],
                r["account_count"], link(r["id"])]

    return row


@bp.get("/outlets", defaults={"fmt": None})
@bp.get("/outlets.<fmt>")
def index(fmt: str | None) -> Response | str:
    """Outlets A–Z with how many articles and accounts each carried."""
    row = _outlet_row(id_link("outlets.detail", "outlet_id", external=True))
    if whole_list(fmt):
        def every(session: Session) -> Iterator[list[dict[str, Any]]]:
            for part in whole.outlets(session):
                yield [serialize.outlet_summary(r.outlet, r.articles, r.accounts) for r in part]

        return download(fmt, "outlets-all", every, lambda r: r, (OUTLET_HEADER, row))
    page, per_page = pages()
    result = browse.outlet_index(get_session(), page, per_page)
    rows = [serialize.outlet_summary(r.outlet, r.articles, r.accounts) for r in result.items]
    return respond(fmt, "outlets/index.html", lambda: {"items": rows, "pagination": result.meta()},
                   lambda: ("outlets.csv", OUTLET_HEADER, [row(r) for r in rows]), result=result,
                   alternates=alternates("outlets.index", csv_too=True),
                   downloads=download_links("outlets.index"))


@bp.get("/outlets/<int:outlet_id>", defaults={"fmt": None})
@bp.get("/outlets/<int:outlet_id>.<fmt>")
def detail(outlet_id: int, fmt: str | None) -> Response | str:
    """An outlet's articles and every account it carried, by article or along a chain."""
    session = get_session()
    outlet = records.outlet(session, outlet_id)
    if whole_list(fmt):
        return accounts_download(fmt, f"outlet-{outlet.id}-accounts-all",
                                 lambda s: whole.outlet_accounts(s, outlet_id),
                                 {"outlet": serialize.outlet_brief(outlet)})
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
                   alternates=alternates("outlets.detail", csv_too=True, outlet_id=outlet.id),
                   downloads=download_links("outlets.detail", outlet_id=outlet.id))
