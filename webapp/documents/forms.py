"""Forms of the documents pages: the list filter, documents, and appearances of claims."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional

from webapp.documents.queries import DocumentSort
from webapp.sources.fields import SourceField

SORT_CHOICES = [SelectChoice(sort.value, sort.label) for sort in DocumentSort]
URL_HELP = "Starts with http:// or https://."


class DocumentFilterForm(FlaskForm):
    """The documents list's filters; a GET form, so a filtered list can be bookmarked."""

    q = StringField("Title or URL contains", validators=[Length(max=200)])
    publisher = SourceField("Publisher", description="A name, or “Name #number”.")
    published_from = DateField("Published from", validators=[Optional()])
    published_to = DateField("Published until", validators=[Optional()])
    sort = SelectField("Sort by", choices=SORT_CHOICES, default=DocumentSort.PUBLISHED.value)
    show_retracted = BooleanField("Show retracted documents")

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        start, end = self.published_from.data, self.published_to.data
        if start and end and end < start:
            self.published_to.errors.append("The end of the range is before its start.")
            return False
        return valid


class DocumentForm(FlaskForm):
    """Create or edit a document; ``version`` is only used when editing."""

    version = HiddenField()
    title = StringField("Title", validators=[DataRequired(), Length(max=2000)])
    url = URLField("URL", description=URL_HELP, validators=[Optional(), Length(max=500)])
    publisher = SourceField("Publisher", description="The outlet that carried it.")
    author = SourceField("Author", description="Who wrote or said it, when known.")
    published_on = DateField("Published on", validators=[Optional()])
    retrieved_on = DateField("Retrieved on", validators=[Optional()])
    archived_url = URLField(
        "Archived copy",
        description="A snapshot (e.g. web.archive.org), in case the page changes.",
        validators=[Optional(), Length(max=500)],
    )
    description = TextAreaField("Description", description="Context: “a TV interview”, …")


class AddAppearanceForm(FlaskForm):
    """Where a claim appeared: a recorded document, or a new one described in the same form."""

    document = StringField(
        "Recorded document",
        description="Its URL, or its number like #12.",
        validators=[Length(max=500)],
    )
    title = StringField("Title", validators=[Length(max=2000)])
    url = URLField("URL", description=URL_HELP, validators=[Optional(), Length(max=500)])
    publisher = SourceField("Publisher")
    author = SourceField("Author")
    published_on = DateField("Published on", validators=[Optional()])
    # The quote's length is the operation's rule, so a too-long quote is refused there.
    quote = TextAreaField("Quote", description="The exact words in that document.")
    is_first = BooleanField("This is where it first appeared")

    def describes_new_document(self) -> bool:
        """True when any of the new-document fields is filled in."""
        texts = (self.title.data, self.url.data, self.publisher.data, self.author.data)
        return any((text or "").strip() for text in texts) or self.published_on.data is not None

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        picked = bool((self.document.data or "").strip())
        if picked and self.describes_new_document():
            self.document.errors.append("Pick a recorded document or describe a new one, not both.")
            return False
        if not picked and not (self.title.data or "").strip():
            self.title.errors.append(
                "Give the new document's title, or pick a recorded document above."
            )
            return False
        return valid


class AppearanceEditForm(FlaskForm):
    version = HiddenField()
    quote = TextAreaField("Quote", description="The exact words in that document.")
    note = StringField("Note", validators=[Length(max=200)])


class RetractForm(FlaskForm):
    reason = TextAreaField(
        "Reason",
        description="Kept with the record and shown to everyone.",
        validators=[DataRequired(message="Say why."), Length(max=1000)],
    )


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (mark as first, restore)."""
