"""An article's permalink: every account it carried."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from werkzeug.wrappers import Response

from tracker.services.pages import browse, serialize, whole
from tracker.services.pages.passages import pieces
from tracker.views.formats import alternates, download_links, respond, whole_list
from tracker.views.reading.outlets import ACCOUNT_HEADER, account_rows, accounts_download
from tracker.web import records
from tracker.web.database import get_session

bp = Blueprint("articles", __name__)


@bp.get("/articles/<int:article_id>", defaults={"fmt": None})
@bp.get("/articles/<int:article_id>.<fmt>")
def detail(article_id: int, fmt: str | None) -> Response | str:
    """The article, its outlet and authors, and the accounts it carried in date order."""
    session = get_session()
    article = records.article(session, article_id)
    if whole_list(fmt):
        return accounts_download(fmt, f"article-{article.id}-accounts-all",
                                 lambda s: whole.article_accounts(s, article_id),
                                 {**(serialize.article_brief(article) or {}), "key": article.key,
                                  "language": article.language})
    accounts = browse.article_accounts(session, article.id)

    def json_data() -> dict[str, Any]:
        return {**(serialize.article_brief(article) or {}), "key": article.key,
                "language": article.language,
                "accounts": [serialize.account_with_statement(a) for a in accounts]}

    def csv_data() -> tuple[str, list[str], list[list[object]]]:
        return f"article-{article.id}-accounts.csv", ACCOUNT_HEADER, account_rows(accounts)

    text = pieces(article.text, accounts) if article.text else []
    return respond(fmt, "articles/detail.html", json_data, csv_data, article=article, accounts=accounts,
                   text=text, alternates=alternates("articles.detail", csv_too=True, article_id=article.id),
                   downloads=download_links("articles.detail", article_id=article.id))
