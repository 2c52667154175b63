"""Users: creation and password checks (argon2id)."""

from __future__ import annotations

import contextlib
import functools
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tracker.models import Revision, User, UserRole
from tracker.services.editing import history
from tracker.services.input.text import clean

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD, MAX_PASSWORD = 8, 1024
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user that cannot be created; the message says why."""


def validate_password(password: str) -> None:
    """Length rules only (NIST 800-63B): 8 to 1024 characters, anything allowed."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password must be at least {MIN_PASSWORD} characters long.")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"The password may be at most {MAX_PASSWORD} characters long.")


def create_user(session: Session, email: str, password: str, role: UserRole) -> User:
    """Add a user (the caller commits); email is stored lowercased."""
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise UserError(f"“{email}” is not an email address.")
    validate_password(password)
    if session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise UserError(f"A user with the email {email} already exists.")
    user = User(email=email, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.flush()
    return user


@functools.cache
def _dummy_hash() -> str:
    """An argon2id hash of no one's password, made once per process with the same parameters."""
    return _hasher.hash(secrets.token_urlsafe(24))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    Every attempt costs one argon2 verification, whether the account exists, is deactivated or
    not, so the time a login takes does not tell which emails have accounts."""
    user = user_by_email(session, email)
    if user is None or not user.active or len(password) > MAX_PASSWORD:
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_dummy_hash(), password[:MAX_PASSWORD])
        return None
    return user if check_password(user, password) else None


def check_password(user: User, password: str) -> bool:
    """Whether the password matches (constant-time inside argon2)."""
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# -- managing users (admins) and one's own password; every change is a Revision -------------

def document(user: User) -> dict[str, object]:
    """What a user's revisions record: never the password hash."""
    return {"email": user.email, "display_name": user.display_name, "role": user.role.value,
            "active": user.active}


def get_user(session: Session, user_id: int) -> User | None:
    """A user by id."""
    return session.get(User, user_id)


def user_by_email(session: Session, email: str) -> User | None:
    """A user by (lowercased) email."""
    return session.scalar(select(User).where(User.email == email))


def recent_changes(session: Session, limit: int = 20) -> list[Revision]:
    """The newest revisions of users (the admin page's log)."""
    return list(session.scalars(select(Revision).where(Revision.entity_type == User.__tablename__)
                                .order_by(Revision.id.desc()).limit(limit)))


def all_users(session: Session) -> list[User]:
    """Every user, by email."""
    return list(session.scalars(select(User).order_by(User.email)))


def add_user(session: Session, email: str, password: str, role: UserRole, *, by_user_id: int) -> User:
    """Create a user from the admin page, recorded as a revision."""
    user = create_user(session, email, password, role)
    history.record(session, user, "create", None, document(user), by_user_id, f"created user {user.email}")
    return user


def _change(session: Session, user: User, by_user_id: int, summary: str, **values: object) -> None:
    if user.id == by_user_id:
        raise UserError("You cannot change your own role or deactivate yourself; ask another admin.")
    before = document(user)
    for name, value in values.items():
        setattr(user, name, value)
    if document(user) != before:
        history.record(session, user, "update", before, document(user), by_user_id, summary)
        session.flush()


MAX_DISPLAY_NAME = 100


def set_display_name(session: Session, user: User, name: str) -> None:
    """The name readers see for this user's edits (any script, NFC; empty means none)."""
    value = clean(name) or None
    if value is not None and len(value) > MAX_DISPLAY_NAME:
        raise UserError(f"A display name may be at most {MAX_DISPLAY_NAME} characters long.")
    if value == user.display_name:
        return
    before = document(user)
    user.display_name = value
    history.record(session, user, "update", before, document(user), user.id, "changed their display name")
    session.flush()


def end_sessions(session: Session, user: User) -> None:
    """End every session of the user, on every device (logout, password change, deactivation).

    One UPDATE, so two logouts at once both count; the user's generation is then reloaded."""
    session.execute(update(User).where(User.id == user.id)
                    .values(session_generation=User.session_generation + 1))
    session.flush()
    session.refresh(user, ["session_generation"])


def set_role(session: Session, user: User, role: UserRole, *, by_user_id: int) -> None:
    """Make a user an editor or an admin."""
    _change(session, user, by_user_id, f"made {user.email} {role.value}", role=role)


def set_active(session: Session, user: User, active: bool, *, by_user_id: int) -> None:
    """Deactivate (cannot log in; sessions end at their next request, and stay ended when the
    user is reactivated) or reactivate a user."""
    verb = "reactivated" if active else "deactivated"
    _change(session, user, by_user_id, f"{verb} {user.email}", active=active)
    if not active:
        end_sessions(session, user)


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change one's own password: the current one is required; other sessions end."""
    if len(current) > MAX_PASSWORD or not check_password(user, current):
        raise UserError("The current password is not right.")
    validate_password(new)
    user.password_hash = _hasher.hash(new)
    history.record(session, user, "update", document(user), document(user), user.id, "changed their password")
    session.flush()


def reset_password(session: Session, user: User, new: str, *, by_user_id: int) -> None:
    """An admin sets another user's password: the same rules as changing one's own, and the
    user's sessions end (the session fingerprint is of the hash). The revision records who and
    when only, never the password or its hash. Not for oneself: /account asks for the current one."""
    if user.id == by_user_id:
        raise UserError("You cannot reset your own password here; change it on your account page "
                        "(/account), which asks for your current password.")
    validate_password(new)
    user.password_hash = _hasher.hash(new)
    history.record(session, user, "update", document(user), document(user), by_user_id,
                   f"reset the password of {user.email}")
    session.flush()
