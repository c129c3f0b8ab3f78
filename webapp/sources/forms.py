"""Forms of the sources pages: the source itself, its grade, retraction and the list filters."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional

from webapp.sources.models import AdmiraltyGrade, Source, SourceKind
from webapp.sources.operations import SourceData
from webapp.sources.queries import SourceFilters

KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in SourceKind]
GRADE_CHOICES = [SelectChoice(g.value, f"{g.value} — {g.label}") for g in AdmiraltyGrade]
SORT_CHOICES = [
    SelectChoice("name", "Name"),
    SelectChoice("newest", "Newest first"),
    SelectChoice("claims", "Most claims made"),
]


class SourceForm(FlaskForm):
    """Add or edit a source; ``allow_duplicate`` confirms a look-alike of an existing source."""

    version = HiddenField()
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=KIND_CHOICES, default=SourceKind.PERSON.value)
    aliases = TextAreaField(
        "Other names",
        description="One per line: spellings, abbreviations, handles (e.g. Anadolu, AA).",
        render_kw={"rows": 3},
    )
    description = TextAreaField("Description", render_kw={"rows": 3})
    homepage_url = URLField(
        "Homepage", validators=[Optional(), Length(max=500)], description="https://…"
    )
    country = StringField("Country", validators=[Length(max=80)])
    wikidata_id = StringField(
        "Wikidata id", validators=[Length(max=20)], description="e.g. Q42 (optional)."
    )
    job_title = StringField("Job title", validators=[Length(max=200)])
    state = StringField("State or region", validators=[Length(max=80)])
    party = StringField("Party", validators=[Length(max=80)])
    allow_duplicate = BooleanField("This is a different source")

    def fill_from(self, source: Source) -> None:
        """Show ``source`` as it is now (a GET of the edit page)."""
        self.version.data = str(source.version)
        self.name.data = source.name
        self.kind.data = source.kind.value
        self.aliases.data = "\n".join(source.alias_names)
        self.description.data = source.description
        for name in ("homepage_url", "country", "wikidata_id", "job_title", "state", "party"):
            getattr(self, name).data = getattr(source, name) or ""

    def to_data(self) -> SourceData:
        """What the user typed, for create_source / update_source."""
        text: dict[str, Any] = {
            name: getattr(self, name).data or ""
            for name in ("homepage_url", "country", "wikidata_id", "job_title", "state", "party")
        }
        return SourceData(
            name=self.name.data or "",
            kind=SourceKind(self.kind.data),
            description=self.description.data or "",
            aliases=(self.aliases.data or "").splitlines(),
            **text,
        )


class GradeForm(FlaskForm):
    """An editor's Admiralty grade of a source, with the reason for it."""

    grade = SelectField("Reliability", choices=GRADE_CHOICES, default=AdmiraltyGrade.F.value)
    rationale = TextAreaField(
        "Rationale",
        validators=[DataRequired(message="Say why the source deserves this grade.")],
        description="What the grade rests on: track record, methods, independence.",
        render_kw={"rows": 3},
    )


class RetractForm(FlaskForm):
    """Hide a source from default lists, saying why."""

    reason = TextAreaField(
        "Reason for retracting",
        validators=[DataRequired(message="Give a reason."), Length(max=1000)],
        render_kw={"rows": 2},
    )


class RestoreForm(FlaskForm):
    """Undo a retraction (only the CSRF token)."""


class SourceFilterForm(FlaskForm):
    """The list's search and filters, read from the query string (bookmarkable, no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField("Name or alias", validators=[Length(max=200)])
    kind = SelectField("Kind", choices=[SelectChoice("", "Any kind"), *KIND_CHOICES], default="")
    graded = SelectField(
        "Graded",
        choices=[
            SelectChoice("", "Graded or not"),
            SelectChoice("yes", "Graded"),
            SelectChoice("no", "Not graded"),
        ],
        default="",
    )
    grade = SelectField(
        "Current grade", choices=[SelectChoice("", "Any grade"), *GRADE_CHOICES], default=""
    )
    sort = SelectField("Sort by", choices=SORT_CHOICES, default="name")
    retracted = BooleanField("Show retracted")

    def clean(self) -> None:
        """Reset any field with a value it cannot take (an old or edited link) to its default."""
        self.validate()
        for field in self:
            if field.errors:
                field.data = field.default
                field.errors = []

    def filters(self) -> SourceFilters:
        """The cleaned filters, for queries.list_sources."""
        return SourceFilters(
            q=(self.q.data or "").strip(),
            kind=SourceKind(self.kind.data) if self.kind.data else None,
            graded={"yes": True, "no": False}.get(self.graded.data or ""),
            grade=AdmiraltyGrade(self.grade.data) if self.grade.data else None,
            show_retracted=bool(self.retracted.data),
            sort=self.sort.data or "name",
        )

    @property
    def narrowed(self) -> bool:
        """True when any filter hides sources that the plain list would show."""
        return bool(self.q.data or self.kind.data or self.graded.data or self.grade.data)
