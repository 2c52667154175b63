"""Log in and out; the session is cleared at both so its contents never carry over."""

from __future__ import annotations

import secrets
import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user  # type: ignore[import-untyped]
from werkzeug.wrappers import Response

from tracker.forms.auth import LoginForm
from tracker.services.access import users
from tracker.web.auth import SessionUser, current_user_id
from tracker.web.database import get_session, write_session
from tracker.web.ratelimit import LimiterUnavailableError, login_limiter

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only local paths, so the login page cannot send anyone elsewhere.

    Browsers drop tabs and newlines anywhere in a URL, strip leading spaces and control
    characters and read a backslash as a slash, so ``/%09/evil.example`` (a tab) becomes
    ``//evil.example``. A target with any control character, whitespace or backslash is
    refused outright; what is left must split into a path with no scheme and no host.
    """
    home: str = url_for("home.index")
    if not target or any(ch.isspace() or unicodedata.category(ch) == "Cc" or ch == "\\"
                         for ch in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return home
    return target


def _unavailable(form: LoginForm) -> tuple[str, int]:
    form.form_errors.append("Logging in is unavailable for a moment. Try again shortly.")
    return render_template("auth/login.html", form=form), 503


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    """The login form; failed attempts are limited per address and per account."""
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()[:320]
        limiter = login_limiter()
        keys = (f"login:ip:{request.remote_addr}", f"login:email:{email}")
        try:
            blocked = limiter.blocked(*keys)
        except LimiterUnavailableError:
            return _unavailable(form)
        if blocked:
            form.form_errors.append("Too many login attempts. Wait a few minutes and try again.")
            return render_template("auth/login.html", form=form), 429
        user = users.authenticate(get_session(), email, form.password.data or "")
        if user is not None:
            limiter.reset(keys[1])
            next_url = safe_next(request.args.get("next"))
            session.clear()  # a new session: nothing from before login survives
            session["sid"] = secrets.token_urlsafe(16)
            login_user(SessionUser(user))
            flash("You are logged in.", "info")
            return redirect(next_url)
        try:
            limiter.fail(*keys)  # only failures count, per address and per account
        except LimiterUnavailableError:
            return _unavailable(form)
        form.form_errors.append("That email and password do not match an account.")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    """Log out (POST, with a CSRF token) and start a fresh session.

    Every session of this user ends, on every device: a copy of the cookie taken before
    logging out is refused from now on (the session generation is checked on every request)."""
    user_id = current_user_id()
    if user_id is not None:
        session_ = write_session()
        user = users.get_user(session_, user_id)
        if user is not None:
            users.end_sessions(session_, user)
            session_.commit()
    logout_user()
    session.clear()
    session["sid"] = secrets.token_urlsafe(16)
    flash("You are logged out.", "info")
    return redirect(url_for("home.index"))
