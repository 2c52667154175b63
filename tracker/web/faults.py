"""When the database fails under a request: a 503 that says what happened, never a 500.

The database may be out of reach (PostgreSQL restarting, the network gone), out of disk, or
busy. The request's transaction is rolled back, so nothing half-written stays; the answer says
that nothing was saved and when to try again. An editor's form is shown again with what they
typed (the same re-render as an expired CSRF token), as long as the database can still be read.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_login import current_user  # type: ignore[import-untyped]
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import InternalServerError

from tracker.db import BUSY, FULL, database_fault
from tracker.web.auth import RERENDER_ON_CSRF_ERROR, login_manager
from tracker.web.database import get_session
from tracker.web.errors import error_response

log = logging.getLogger(__name__)

TITLES = {FULL: "The database is full", BUSY: "The database is busy"}
RETRY_AFTER = {FULL: None, BUSY: "5"}


def fault_message(fault: str, *, writing: bool) -> str:
    """What the person waiting is told, in words that do not need a database administrator."""
    if fault == FULL:
        return ("The database has run out of disk space, so your change was not saved. Reading "
                "still works. Tell whoever runs this server, then save again.")
    if fault == BUSY:
        return (("The database is busy with other changes, so your change was not saved. "
                 if writing else "The database is busy just now. ") + "Try again in a moment.")
    return (("The database is unavailable, so your change was not saved. " if writing else
             "The database is unavailable just now. ") + "Try again in a minute.")


def _rolled_back() -> None:
    """Forget the failed transaction (its connection may be gone already)."""
    try:
        get_session().rollback()
    except DBAPIError:
        log.warning("rollback after a database fault failed", exc_info=True)


def _user_or_anonymous() -> None:
    """Load the logged-in user for the page's header, or show the page as to a reader when
    loading it needs the database that just failed (the header would otherwise fail too)."""
    try:
        current_user._get_current_object()
    except DBAPIError:
        _rolled_back()
        g._login_user = login_manager.anonymous_user()


def _form_again(message: str) -> Response | None:
    """The editor's form again, with what was typed and the message at the top; None when the
    form cannot be shown either (the database cannot even be read)."""
    endpoint = request.endpoint or ""
    if (request.method != "POST" or endpoint not in RERENDER_ON_CSRF_ERROR
            or request.path.startswith("/api/") or not current_user.is_authenticated):
        return None
    g.csrf_problem = f"Nothing was saved: {message[0].lower()}{message[1:]} Your changes are still here."
    try:
        result: Any = current_app.view_functions[endpoint](**(request.view_args or {}))
    except DBAPIError as again:
        if database_fault(again) is None:
            raise
        _rolled_back()
        return None
    return current_app.make_response(result)


def answer(exc: Exception) -> tuple[Response | str, int] | Response:
    """The 503 for a database fault; any other database error is the app's own 500."""
    fault = database_fault(exc)
    if fault is None:
        current_app.logger.exception("Unhandled error", exc_info=exc)
        return error_response(500, "Something went wrong", InternalServerError.description)
    log.warning("database %s during %s %s: %s", fault, request.method, request.path, exc.__class__.__name__)
    _rolled_back()
    _user_or_anonymous()
    message = fault_message(fault, writing=request.method not in ("GET", "HEAD", "OPTIONS"))
    response = _form_again(message)
    if response is None:
        body, _status = error_response(503, TITLES.get(fault, "The database is unavailable"), message)
        response = current_app.make_response(body)
    response.status_code = 503
    retry_after = RETRY_AFTER.get(fault, "30")
    if retry_after:
        response.headers["Retry-After"] = retry_after
    return response


def init_app(app: Flask) -> None:
    """Answer database faults with a 503 (the most specific handler wins over errors' 500)."""
    app.register_error_handler(DBAPIError, answer)
    app.register_error_handler(PoolTimeoutError, answer)
