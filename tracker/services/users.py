"""Users: creation and password checks (argon2id)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import User, UserRole

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


def check_password(user: User, password: str) -> bool:
    """Whether the password matches (constant-time inside argon2)."""
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
