"""Users: admins manage accounts at /admin/users; everyone logged in has /account.

Admins create users (email, role, initial password), change roles, deactivate and reactivate
(a deactivated user cannot log in and their sessions end at the next request, because the
session loader refuses inactive users) and reset another user's password (their sessions end,
as the session carries a fingerprint of the password hash). On /account a user changes their own password (the
current one required; other sessions end) and creates and revokes API tokens, shown once.
Every change is recorded as a Revision.
"""

from __future__ import annotations

from contextlib import suppress

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_user  # type: ignore[import-untyped]
from werkzeug.wrappers import Response

from tracker.forms import attach_error
from tracker.forms.users import DisplayNameForm, NewUserForm, PasswordForm, ResetPasswordForm, TokenForm
from tracker.models import User, UserRole
from tracker.services.access import tokens, users
from tracker.web.auth import SessionUser, admin_required, editor_required
from tracker.web.database import get_session, write_session
from tracker.web.ratelimit import LimiterUnavailableError, login_limiter

bp = Blueprint("users", __name__)
PageResult = Response | str | tuple[str, int]


def _me() -> User:
    user = users.get_user(write_session(), int(current_user.id))
    if user is None:
        abort(404)
    return user


# -- admins ---------------------------------------------------------------------------------

def _admin_page(form: NewUserForm, status: int = 200,
                reset_error: tuple[int, str] | None = None) -> tuple[str, int]:
    session = get_session()
    recent = users.recent_changes(session)
    return render_template("users/admin.html", form=form, users=users.all_users(session),
                           roles=list(UserRole), recent=recent, me=int(current_user.id),
                           reset_error=reset_error), status


@bp.route("/admin/users", methods=["GET", "POST"])
@admin_required
def admin_users() -> PageResult:
    """Every user, a form to add one, and the controls to change roles and access."""
    form = NewUserForm()
    if form.validate_on_submit():
        session = write_session()
        try:
            user = users.add_user(session, form.email.data or "", form.password.data or "",
                                  UserRole(form.role.data), by_user_id=int(current_user.id))
            session.commit()
        except users.UserError as exc:
            session.rollback()
            message = str(exc)
            attach_error(form, "password" if "password" in message else "email", message)
        else:
            flash(f"Created {user.role.value} {user.email}. Give them the initial password; they can "
                  "change it on their account page.", "info")
            return redirect(url_for(".admin_users"))
    if form.errors or form.form_errors:
        form.password.data = ""
        return _admin_page(form, 400)
    return _admin_page(form)


def _target(user_id: int) -> User:
    user = write_session().get(User, user_id)
    if user is None:
        abort(404, f"There is no user {user_id}.")
    return user


@bp.post("/admin/users/<int:user_id>/role")
@admin_required
def change_role(user_id: int) -> Response:
    """Make a user an editor or an admin."""
    session = write_session()
    user = _target(user_id)
    raw = request.form.get("role", "")
    if raw not in {r.value for r in UserRole}:
        flash("Choose editor or admin.", "error")
        return redirect(url_for(".admin_users"))
    try:
        users.set_role(session, user, UserRole(raw), by_user_id=int(current_user.id))
        session.commit()
        flash(f"{user.email} is now {user.role.value}.", "info")
    except users.UserError as exc:
        session.rollback()
        flash(str(exc), "error")
    return redirect(url_for(".admin_users"))


@bp.post("/admin/users/<int:user_id>/active")
@admin_required
def change_active(user_id: int) -> Response:
    """Deactivate or reactivate a user."""
    session = write_session()
    user = _target(user_id)
    active = request.form.get("active") == "yes"
    try:
        users.set_active(session, user, active, by_user_id=int(current_user.id))
        session.commit()
        flash(f"{user.email} " + ("can log in again." if active else
                                  "is deactivated: they cannot log in and their sessions have ended."),
              "info")
    except users.UserError as exc:
        session.rollback()
        flash(str(exc), "error")
    return redirect(url_for(".admin_users"))


@bp.post("/admin/users/<int:user_id>/password")
@admin_required
def reset_password(user_id: int) -> PageResult:
    """Set a new password for another user; their sessions end. Not for oneself (see /account)."""
    session = write_session()
    user = _target(user_id)
    me = int(current_user.id)
    form = ResetPasswordForm()
    if not form.validate_on_submit() and user.id != me:
        message = " ".join(form.password.errors) or "The form could not be accepted; reload and try again."
    else:
        try:
            users.reset_password(session, user, form.password.data or "", by_user_id=me)
            session.commit()
        except users.UserError as exc:
            session.rollback()
            message = str(exc)
        else:
            flash(f"Set a new password for {user.email}. Their sessions have ended; give them the new "
                  "password (they can change it on their account page).", "info")
            return redirect(url_for(".admin_users"))
    return _admin_page(NewUserForm(formdata=None), 400, reset_error=(user_id, message))


# -- one's own account ----------------------------------------------------------------------

def _account_page(password_form: PasswordForm | None = None, token_form: TokenForm | None = None,
                  new_token: str | None = None, status: int = 200,
                  name_form: DisplayNameForm | None = None) -> Response:
    session = get_session()
    me = users.get_user(session, int(current_user.id))
    if name_form is None:
        name_form = DisplayNameForm(formdata=None, display_name=me.display_name if me else "")
    response = make_response(render_template(
        "users/account.html", me=me, tokens=tokens.tokens_of(session, int(current_user.id)),
        password_form=password_form or PasswordForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None), new_token=new_token,
        name_form=name_form), status)
    response.headers["Cache-Control"] = "no-store"  # a new token is on this page once
    return response


@bp.get("/account")
@editor_required
def account() -> Response:
    """Your password and API tokens."""
    return _account_page()


@bp.post("/account/password")
@editor_required
def change_password() -> Response:
    """Change your own password; you stay logged in here, your other sessions end."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return _account_page(password_form=form, status=400)
    session = write_session()
    me = _me()
    limiter = login_limiter()
    key = f"password:user:{me.id}"
    try:
        blocked = limiter.blocked(key)
    except LimiterUnavailableError:
        blocked = True
    if blocked:
        form.form_errors.append("Too many wrong attempts. Wait a few minutes and try again.")
        return _account_page(password_form=form, status=429)
    try:
        users.change_password(session, me, form.current.data or "", form.new.data or "")
        session.commit()
    except users.UserError as exc:
        session.rollback()
        if "current" in str(exc):  # only a wrong current password counts towards the limit
            with suppress(LimiterUnavailableError):
                limiter.fail(key)
        attach_error(form, "current" if "current" in str(exc) else "new", str(exc))
        return _account_page(password_form=form, status=400)
    limiter.reset(key)
    login_user(SessionUser(me))  # this session carries the new password's fingerprint
    flash("Your password is changed. Your other sessions have ended.", "info")
    return redirect(url_for(".account"))


@bp.post("/account/name")
@editor_required
def change_display_name() -> Response:
    """Set the name readers see on history pages (they never see your email)."""
    form = DisplayNameForm()
    if not form.validate_on_submit():
        return _account_page(name_form=form, status=400)
    session = write_session()
    try:
        users.set_display_name(session, _me(), form.display_name.data or "")
        session.commit()
    except users.UserError as exc:
        session.rollback()
        attach_error(form, "display_name", str(exc))
        return _account_page(name_form=form, status=422)
    flash("Your display name is saved.", "info")
    return redirect(url_for(".account"))


@bp.post("/account/tokens")
@editor_required
def create_token() -> Response:
    """Create an API token; the token itself is shown on this response only."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _account_page(token_form=form, status=400)
    session = write_session()
    me = _me()
    _, plain = tokens.issue_token(session, me, form.name.data or "", by_user_id=me.id)
    session.commit()
    return _account_page(new_token=plain, token_form=TokenForm(formdata=None))


@bp.post("/account/tokens/<int:token_id>/revoke")
@editor_required
def revoke_token(token_id: int) -> Response:
    """Revoke one of your tokens: requests with it are refused from now on."""
    session = write_session()
    token = tokens.token_of(session, int(current_user.id), token_id)
    if token is None:
        abort(404, "You have no such token.")
    tokens.revoke_token(session, token, by_user_id=int(current_user.id))
    session.commit()
    flash(f"Revoked the token “{token.name}”.", "info")
    return redirect(url_for(".account"))
