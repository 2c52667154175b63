"""Forms for managing users (admins) and one's own account (password, API tokens)."""

from __future__ import annotations

from flask_wtf import FlaskForm  # type: ignore[import-untyped]
from wtforms import EmailField, PasswordField, SelectField, StringField  # type: ignore[import-untyped]
from wtforms.validators import DataRequired, InputRequired  # type: ignore[import-untyped]

from tracker.models import UserRole

ROLES = [(role.value, role.value.capitalize()) for role in UserRole]


class NewUserForm(FlaskForm):  # type: ignore[misc]
    """An admin creates a user with an initial password (they change it on their account page)."""

    email = EmailField("Email", validators=[InputRequired("Enter the new user’s email address.")],
                       render_kw={"autocomplete": "off"})
    role = SelectField("Role", choices=ROLES, default=UserRole.EDITOR.value)
    password = PasswordField("Initial password", validators=[InputRequired("Enter an initial password.")],
                             render_kw={"autocomplete": "new-password"})


class PasswordForm(FlaskForm):  # type: ignore[misc]
    """Change one's own password."""

    current = PasswordField("Current password", validators=[InputRequired("Enter your current password.")],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField("New password", validators=[InputRequired("Enter a new password.")],
                        render_kw={"autocomplete": "new-password"})


class ResetPasswordForm(FlaskForm):  # type: ignore[misc]
    """An admin sets a new password for another user (one small form per user row)."""

    password = PasswordField("New password", validators=[InputRequired("Enter a new password.")],
                             render_kw={"autocomplete": "new-password"})


class DisplayNameForm(FlaskForm):  # type: ignore[misc]
    """The name readers see on history pages instead of one's email."""

    display_name = StringField("Display name", render_kw={"maxlength": 100, "autocomplete": "name"})


class TokenForm(FlaskForm):  # type: ignore[misc]
    """Create an API token."""

    name = StringField("Token name", validators=[DataRequired("Give the token a name, such as the "
                                                               "script that will use it.")],
                       render_kw={"maxlength": 200, "autocomplete": "off"})
