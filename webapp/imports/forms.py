"""Forms of the import pages: the upload and the confirmation of a previewed file."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Regexp

KIND_CHOICES = [SelectChoice("claims", "Claims"), SelectChoice("sources", "Sources")]


class UploadForm(FlaskForm):
    file = FileField(
        "CSV file",
        description="UTF-8, with a header row; commas, semicolons or tabs between cells.",
        validators=[FileRequired("Choose a CSV file to upload.")],
    )
    kind = SelectField("The file holds", choices=KIND_CHOICES, default="claims")
    dry_run = BooleanField("Check only (dry run)", default=True)


class ConfirmForm(FlaskForm):
    checksum = HiddenField(
        validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$", message="Not a checksum.")]
    )
