"""Forms of the claim pages: the claim itself, workflow actions and relations."""

from __future__ import annotations

import math
import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from webapp.claims.models import RelationKind
from webapp.claims.operations import ClaimData
from webapp.sources.fields import SourceField, SourceListField

# Thousands separators are common in quoted numbers ("10,000"); "10,5" stays an error
# rather than silently becoming 105.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_CLAIM_REF = re.compile(r"^#?\s*(\d{1,9})$")
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class NumberField(FloatField):
    """A float that accepts "10,000" and refuses NaN and infinity."""

    data: float | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            raw = valuelist[0].strip().replace(" ", "")
            valuelist = [raw.replace(",", "") if _GROUPED.match(raw) else raw]
        super().process_formdata(valuelist)
        if self.data is not None and not math.isfinite(self.data):
            self.data = None
            raise ValueError("Enter a finite number.")

    def _value(self) -> str:
        # Stored numbers show as typed ("10000", not "10000.0"); a user's input stays as is.
        if not self.raw_data and self.data is not None and float(self.data).is_integer():
            return str(int(self.data))
        return str(super()._value())


class ClaimForm(FlaskForm):
    """A new claim; :class:`ClaimEditForm` adds what editing needs."""

    statement = TextAreaField(
        "Statement",
        description="One short sentence, in your words, that can be checked.",
        validators=[DataRequired(message="The statement is required."), Length(max=2000)],
    )
    quote = TextAreaField(
        "Original quote", description="The exact words as published, if there are any."
    )
    claimant = SourceField(
        "Claimant",
        description='Who made the claim: a name, an alias or "Name #id". Leave empty if unknown.',
    )
    relays = SourceListField(
        "Relayed via",
        description="Intermediaries that passed the claim on, one per line, in order "
        "(e.g. the agency that quoted a tweet).",
    )
    claim_date = DateField("Claim date", validators=[Optional()])
    event_date = DateField(
        "Event date", description="When the claimed event happened.", validators=[Optional()]
    )
    place = StringField("Place", validators=[Length(max=200)])
    tags = StringField(
        "Tags",
        description="Separate tags with commas.",
        render_kw={
            "data-suggest-url": "/claims/tags/suggest",
            "data-suggest-multi": ",",
            "autocomplete": "off",
        },
    )
    language = StringField(
        "Language",
        default="en",
        description="A language code such as en, fr or pt-BR.",
        validators=[
            Optional(),
            Length(max=12),
            Regexp(LANGUAGE_CODE, message="Use a language code such as en, fr or pt-BR."),
        ],
    )
    checkable = BooleanField(
        "Checkable",
        default=True,
        description="Untick for opinions: they are recorded but not checked",
    )
    quantity_value = NumberField("Value", validators=[Optional()])
    quantity_low = NumberField(
        "Lower bound", description='For "more than 140,000".', validators=[Optional()]
    )
    quantity_high = NumberField("Upper bound", validators=[Optional()])
    quantity_unit = StringField(
        "Unit", description="e.g. fighters, people, USD.", validators=[Length(max=80)]
    )
    quantity_as_of = DateField("As of", validators=[Optional()])

    def tag_names(self) -> list[str]:
        """The comma-separated tags as a list (blanks dropped)."""
        return [name.strip() for name in (self.tags.data or "").split(",") if name.strip()]

    def claim_data(self) -> ClaimData:
        """What the form says, for create_claim and update_claim."""
        return ClaimData(
            statement=self.statement.data or "",
            quote=self.quote.data or "",
            claimant_id=self.claimant.source_id,
            relay_ids=list(self.relays.source_ids),
            claim_date=self.claim_date.data,
            event_date=self.event_date.data,
            place=self.place.data,
            tags=self.tag_names(),
            language=(self.language.data or "en").strip(),
            checkable=bool(self.checkable.data),
            quantity_value=self.quantity_value.data,
            quantity_low=self.quantity_low.data,
            quantity_high=self.quantity_high.data,
            quantity_unit=self.quantity_unit.data,
            quantity_as_of=self.quantity_as_of.data,
        )


class ClaimEditForm(ClaimForm):
    """Editing a claim: carries the version shown and the last change the user had seen."""

    version = HiddenField()
    # The newest audit entry of the claim when the form was shown: on a conflict it tells
    # which fields someone else changed meanwhile.
    seen_change = HiddenField()


class WorkflowForm(FlaskForm):
    """A workflow button (submit for review): only the version the page showed."""

    version = HiddenField()


class ReopenForm(WorkflowForm):
    reason = TextAreaField(
        "Why reopen?",
        validators=[DataRequired(message="Give a reason for reopening."), Length(max=1000)],
    )


class ReasonForm(FlaskForm):
    """Retracting something: the reason is kept in the history."""

    reason = TextAreaField(
        "Reason",
        validators=[DataRequired(message="Give a reason for the retraction."), Length(max=1000)],
    )


class ActionForm(FlaskForm):
    """A bare button that only needs its CSRF token (restore)."""


RELATION_CHOICES = [SelectChoice(kind.value, kind.label.capitalize()) for kind in RelationKind]


class RelationForm(FlaskForm):
    """Link this claim to another one."""

    kind = SelectField("This claim", choices=RELATION_CHOICES)
    related = StringField(
        "Claim",
        description='Its number, e.g. "#12".',
        validators=[DataRequired(message='Give the other claim\'s number, e.g. "#12".')],
    )
    note = TextAreaField("Note", validators=[Length(max=2000)])

    def validate_related(self, field: StringField) -> None:
        if not _CLAIM_REF.match((field.data or "").strip()):
            raise ValidationError('Write the other claim\'s number, e.g. "#12".')

    @property
    def related_id(self) -> int | None:
        """The number typed as the related claim (None when it is not a number)."""
        match = _CLAIM_REF.match((self.related.data or "").strip())
        return int(match.group(1)) if match else None
