"""Forms of the reliability pages: the report's filters and the "as of" date (GET, no CSRF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from webapp.reliability.report import DEFAULT_SORT, SORTS, ReportFilters
from webapp.sources.models import SourceKind

KIND_CHOICES = [SelectChoice("", "Any kind")] + [
    SelectChoice(kind.value, kind.label) for kind in SourceKind
]
SORT_CHOICES = [SelectChoice(value, label) for value, label in SORTS.items()]


class ReportFilterForm(FlaskForm):
    """The report's filters, read from the query string so a view can be bookmarked."""

    class Meta:
        csrf = False

    kind = SelectField("Kind", choices=KIND_CHOICES, default="")
    tag = StringField(
        "Tag", validators=[Length(max=200)], description="Sources that made claims with this tag."
    )
    min_claims = IntegerField(
        "At least this many scored claims",
        validators=[Optional(), NumberRange(min=0, max=1_000_000, message="A number from 0.")],
    )
    sort = SelectField("Sort by", choices=SORT_CHOICES, default=DEFAULT_SORT)
    show_retracted = BooleanField("Show retracted sources")

    def filters(self) -> ReportFilters:
        """The validated filters, for report.report."""
        return ReportFilters(
            kind=SourceKind(self.kind.data) if self.kind.data else None,
            tag=(self.tag.data or "").strip(),
            min_claims=self.min_claims.data or 0,
            show_retracted=bool(self.show_retracted.data),
            sort=self.sort.data or DEFAULT_SORT,
        )

    def export_args(self) -> dict[str, str]:
        """The same filters, for /exports/sources.csv."""
        args = {
            "kind": self.kind.data or "",
            "tag": (self.tag.data or "").strip(),
            "min_claims": str(self.min_claims.data) if self.min_claims.data else "",
            "show_retracted": "1" if self.show_retracted.data else "",
        }
        return {name: value for name, value in args.items() if value}

    @property
    def narrowed(self) -> bool:
        return bool(self.kind.data or (self.tag.data or "").strip() or self.min_claims.data)


class AsOfForm(FlaskForm):
    """Show a source's track record as it stood at the end of a past day."""

    class Meta:
        csrf = False

    as_of = DateField(
        "As of",
        validators=[Optional()],
        description="Only verdicts concluded by the end of this day (UTC) count.",
    )
