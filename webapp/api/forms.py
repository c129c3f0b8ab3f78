"""Forms of the token section of the account pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from webapp.api.tokens import NAME_MAX_LENGTH


class TokenCreateForm(FlaskForm):
    """Name a new API token; its secret is shown once, on the page that answers this form."""

    name = StringField(
        "Name",
        description="What the token is for, e.g. \u201cnewsroom importer\u201d.",
        validators=[
            DataRequired(message="Give the token a name, so you can tell it apart later."),
            Length(max=NAME_MAX_LENGTH),
        ],
    )


class TokenRevokeForm(FlaskForm):
    """A revoke button: only its CSRF token."""
