"""Forms for signing in and for the admin's account pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length

from webapp.core.permissions import Role
from webapp.users.passwords import MAX_LENGTH, MIN_LENGTH

LENGTH_MESSAGE = f"Use at least {MIN_LENGTH} and at most {MAX_LENGTH} characters."
ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField("Keep me signed in on this device")


class UserCreateForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=200)])
    display_name = StringField("Name", validators=[Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.CHECKER.value)
    password = PasswordField(
        "Password",
        description=f"{MIN_LENGTH} to {MAX_LENGTH} characters; not a common password.",
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH, message=LENGTH_MESSAGE)],
    )


class UserEditForm(FlaskForm):
    version = HiddenField()
    display_name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES)


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        "New password",
        description=f"{MIN_LENGTH} to {MAX_LENGTH} characters; not a common password.",
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH, message=LENGTH_MESSAGE)],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )


class ActiveToggleForm(FlaskForm):
    version = HiddenField()
