"""Forms of "checked before?" and the conflicting-figures report."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, NumberRange, Optional

from webapp.claims.forms import NumberField
from webapp.matching.figures import DEFAULT_TOLERANCE


class DuplicateForm(FlaskForm):
    """The one-click "Mark as duplicate" button: only its CSRF token."""


class FiguresFilterForm(FlaskForm):
    """Tolerance, tag and unit of the conflicting-figures report; read from the query string."""

    class Meta:
        csrf = False

    tolerance = NumberField(
        "Tolerance (%)",
        default=DEFAULT_TOLERANCE,
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000, message="Give a percentage from 0 to 10,000."),
        ],
        description="Figures further apart than this are listed.",
    )
    tag = StringField("Tag", validators=[Optional(), Length(max=200)])
    unit = StringField(
        "Unit", validators=[Optional(), Length(max=80)], description='e.g. "fighters"'
    )

    def tolerance_value(self) -> float:
        value = self.tolerance.data
        return float(value) if value is not None else DEFAULT_TOLERANCE
