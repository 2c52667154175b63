"""Who may write: logins (Flask-Login), roles, CSRF on every form (Flask-WTF).

Readers are anonymous. Editors add and edit; admins also merge speakers. The session
carries the user id plus a fingerprint of the password hash and the user's session generation,
checked on every request: changing a password ends every other session, and logging out or
being deactivated raises the generation, which ends every copy of every session of that user
(a cookie captured before logout no longer works). Logging in and out clears the whole
session (no fixation).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, Response, abort, current_app, g, request
from flask_login import LoginManager, current_user  # type: ignore[import-untyped]
from flask_wtf.csrf import CSRFError, CSRFProtect  # type: ignore[import-untyped]
from sqlalchemy import select

from tracker.models import User, UserRole
from tracker.services.input.records import whole_number
from tracker.web.database import get_session
from tracker.web.errors import error_response

F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()
csrf = CSRFProtect()


class SessionUser:
    """The logged-in user as Flask-Login sees it (the model stays free of login concerns)."""

    is_anonymous = False

    def __init__(self, user: User) -> None:
        self.id, self.email, self.role, self.active = user.id, user.email, user.role, user.active
        self.fingerprint = fingerprint(user)

    @property
    def is_authenticated(self) -> bool:
        """Always, for a loaded user."""
        return True

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot log in."""
        return self.active

    @property
    def is_admin(self) -> bool:
        """Whether the user may merge speakers and manage users."""
        return self.role == UserRole.ADMIN

    def get_id(self) -> str:
        """What the session stores: id and password fingerprint."""
        return f"{self.id}:{self.fingerprint}"


def fingerprint(user: User) -> str:
    """A short keyed digest of the password hash and the session generation; it changes when
    the password does and when the user logs out (generation 0 keeps the sessions opened
    before generations existed)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = user.password_hash
    if user.session_generation:
        message += f"\x00{user.session_generation}"
    return hmac.new(key, message.encode(), "sha256").hexdigest()[:24]


@login_manager.user_loader
def _load_user(session_id: str) -> SessionUser | None:
    user_id, _, print_ = session_id.partition(":")
    number = whole_number(user_id)
    if number is None:
        return None
    user = get_session().scalar(select(User).where(User.id == number))
    if user is None or not user.active or not hmac.compare_digest(fingerprint(user), print_):
        return None
    return SessionUser(user)


def current_user_id() -> int | None:
    """The logged-in user's id, or None for readers."""
    if current_user.is_authenticated:
        return int(current_user.id)
    return None


def editor_required(view: F) -> F:
    """Any logged-in editor or admin; readers are sent to the login page."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return cast(F, wrapped)


def admin_required(view: F) -> F:
    """Admins only."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403, "Only an admin may do this.")
        return view(*args, **kwargs)

    return cast(F, wrapped)


# Views that can re-render their form with what was typed when the CSRF token has expired.
RERENDER_ON_CSRF_ERROR: set[str] = set()


def rerender_on_csrf_error(endpoint: str) -> None:
    """Mark a form view as able to re-render itself after a CSRF failure."""
    RERENDER_ON_CSRF_ERROR.add(endpoint)


def csrf_problem() -> str | None:
    """The CSRF failure message when the current request is being re-rendered after one."""
    return cast(str | None, g.get("csrf_problem"))


def init_app(app: Flask) -> None:
    """Login manager, CSRF protection and the error pages that belong with them."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to make changes."
    login_manager.login_message_category = "info"
    csrf.init_app(app)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> Any:
        endpoint = request.endpoint or ""
        if (endpoint in RERENDER_ON_CSRF_ERROR and current_user.is_authenticated
                and not request.path.startswith("/api/")):
            # A long lunch: keep what was typed, say why nothing was saved, offer a new token.
            g.csrf_problem = ("Nothing was saved: this form was open too long or its security "
                              "token was missing. Your changes are still here; check them and "
                              "save again.")
            result: Any = app.view_functions[endpoint](**(request.view_args or {}))
            response = app.make_response(result)
            response.status_code = 400
            return response
        return error_response(400, "The form could not be accepted",
                              "The form's security token was missing or had expired. "
                              "Go back, reload the page and try again.")

    @app.errorhandler(413)
    def _too_large(_exc: Exception) -> tuple[Response | str, int]:
        return error_response(413, "Too much data",
                              "What was sent is larger than this site accepts in one go. Nothing "
                              "was saved. Shorten long texts (a text field holds at most "
                              "20,000 characters) and try again.")
