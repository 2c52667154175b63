"""The login form."""

from __future__ import annotations

from flask_wtf import FlaskForm  # type: ignore[import-untyped]
from wtforms import EmailField, PasswordField  # type: ignore[import-untyped]
from wtforms.validators import InputRequired  # type: ignore[import-untyped]


class LoginForm(FlaskForm):  # type: ignore[misc]
    """Email and password."""

    email = EmailField("Email", validators=[InputRequired("Enter your email address.")],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")],
                             render_kw={"autocomplete": "current-password"})
