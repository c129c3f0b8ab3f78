"""Forms for verdicts, their retraction and conclusion, and the rating scales."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    ColorField,
    DateField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from webapp.users.models import User
from webapp.verdicts.models import CREDIBILITY_LABELS, RatingScale
from webapp.verdicts.operations import EVIDENCE_REQUIRED, evidence_url_problem

EVIDENCE_ROWS = 3
MAX_EVIDENCE_ROWS = 50
RATING_MESSAGE = "Choose a rating from the scale."
CREDIBILITY_MESSAGE = "Credibility is a number from 1 to 6."
REVIEWER_MESSAGE = "Choose an active account as the reviewer."


def optional_int(value: Any) -> int | None:
    """Coerce a select's value; the empty placeholder becomes None (InputRequired refuses it)."""
    if value is None or value == "":
        return None
    return int(value)


def rating_choices(scales: list[RatingScale]) -> list[SelectChoice]:
    """The values of every scale, grouped by scale (the caller puts the default scale first)."""
    choices = [SelectChoice("", "Choose a rating…")]
    for scale in scales:
        for value in scale.values:
            label = value.label if not value.is_unverifiable else f"{value.label} (not scored)"
            choices.append(SelectChoice(str(value.id), label, optgroup=scale.name))
    return choices


def reviewer_choices(users: list[User]) -> list[SelectChoice]:
    """Accounts by name, with the email to tell two people of the same name apart."""
    return [SelectChoice(str(u.id), f"{u.display_name} ({u.email})") for u in users]


CREDIBILITY_CHOICES = [SelectChoice("", "Choose…")] + [
    SelectChoice(str(number), f"{number} - {label}") for number, label in CREDIBILITY_LABELS.items()
]


def _evidence_url(_form: Any, field: Any) -> None:
    url = (field.data or "").strip()
    problem = evidence_url_problem(url) if url else None
    if problem:
        raise ValidationError(problem)


class EvidenceForm(Form):
    """One evidence row: a link and what it shows (a sub-form: the outer form has the CSRF)."""

    url = URLField("Link", validators=[Optional(), _evidence_url])
    note = StringField("What it shows", validators=[Length(max=2000)])

    def validate_note(self, field: Any) -> None:
        if (field.data or "").strip() and not (self.url.data or "").strip():
            raise ValidationError("Give the link this note is about.")


class VerdictForm(FlaskForm):
    """Propose or conclude a verdict; ``version`` is the claim's version.

    The template's buttons are named ``propose``, ``conclude`` and ``add_evidence``; the view
    reads which one was pressed.
    """

    version = HiddenField()
    rating_value_id = SelectField(
        "Rating",
        coerce=optional_int,
        validators=[InputRequired(message=RATING_MESSAGE)],
        invalid_value_message=RATING_MESSAGE,
        invalid_choice_message=RATING_MESSAGE,
    )
    credibility = SelectField(
        "Credibility of the information",
        choices=CREDIBILITY_CHOICES,
        coerce=optional_int,
        description="Admiralty number: how well other sources confirm what was found.",
        validators=[InputRequired(message=CREDIBILITY_MESSAGE)],
        invalid_value_message=CREDIBILITY_MESSAGE,
        invalid_choice_message=CREDIBILITY_MESSAGE,
    )
    rationale = TextAreaField(
        "Rationale",
        description="Why this rating, in words a reader can follow back to the evidence.",
        validators=[DataRequired(message="The rationale is required.")],
        render_kw={"rows": 6},
    )
    speaks_for = DateField(
        "Speaks for",
        default=dt.date.today,
        description="The verdict holds for the facts known on this date.",
        validators=[Optional()],
    )
    reviewer_id = SelectField(
        "Reviewer",
        coerce=optional_int,
        # DataRequired, not InputRequired: a request without the field keeps the default (me).
        validators=[DataRequired(message=REVIEWER_MESSAGE)],
        invalid_value_message=REVIEWER_MESSAGE,
        invalid_choice_message=REVIEWER_MESSAGE,
    )
    evidence = FieldList(
        FormField(EvidenceForm), min_entries=EVIDENCE_ROWS, max_entries=MAX_EVIDENCE_ROWS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set by prepare(): whether a verdict without evidence links may be saved.
        self.unscored_rating_ids: set[int] = set()
        self.claim_checkable = True

    def prepare(self, scales: list[RatingScale], users: list[User], claim_checkable: bool) -> None:
        """Fill the choices that come from the database."""
        self.rating_value_id.choices = rating_choices(scales)
        self.reviewer_id.choices = reviewer_choices(users)
        self.unscored_rating_ids = {
            v.id for scale in scales for v in scale.values if v.is_unverifiable
        }
        self.claim_checkable = claim_checkable

    def validate_evidence(self, field: Any) -> None:
        # Same rule as the operation, checked here too so every error shows at once.
        has_link = any((row.url.data or "").strip() for row in field)
        exempt = self.rating_value_id.data in self.unscored_rating_ids or not self.claim_checkable
        if not has_link and not exempt:
            raise ValidationError(EVIDENCE_REQUIRED)

    def evidence_messages(self) -> list[str]:
        """Errors about the evidence as a whole (row errors sit beside their row)."""
        return [e for e in self.evidence.errors if isinstance(e, str)]


class VersionForm(FlaskForm):
    """A one-button action (conclude) that carries the verdict's version."""

    version = HiddenField()


class RetractForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(
        "Reason for the retraction",
        description="Readers see this beside the struck verdict.",
        validators=[
            DataRequired(message="A reason for the retraction is required."),
            Length(max=1000),
        ],
    )


class ScaleForm(FlaskForm):
    slug = StringField(
        "Short name",
        description="Lower-case letters, digits and hyphens, e.g. snopes.",
        validators=[DataRequired(message="The short name is required."), Length(max=40)],
    )
    name = StringField(
        "Name", validators=[DataRequired(message="The name is required."), Length(max=200)]
    )
    description = TextAreaField("Description", render_kw={"rows": 2})


class ScaleValueForm(FlaskForm):
    """A value added at the end of a scale; the page prefixes it with the scale's id."""

    label = StringField(
        "Label", validators=[DataRequired(message="The label is required."), Length(max=80)]
    )
    truth_score = FloatField(
        "Truth score",
        description="From 0 (false) to 1 (true); leave empty for a value that is not scored.",
        invalid_value_message="The truth score is a number from 0 to 1 (or empty).",
        validators=[
            Optional(),
            NumberRange(min=0, max=1, message="The truth score is between 0 and 1 (or empty)."),
        ],
    )
    colour = ColorField(
        "Colour",
        default="#777777",
        validators=[
            DataRequired(message="Pick a colour."),
            Regexp(r"^#[0-9a-fA-F]{6}$", message="A colour looks like #1a7f37."),
        ],
    )
    description = TextAreaField("Description", render_kw={"rows": 2})
