"""The claims list's filter form: a GET form, so every search can be bookmarked and shared."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import BooleanField, DateField, SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from webapp import db
from webapp.claims.models import ClaimStatus
from webapp.claims.queries import ClaimFilters
from webapp.sources.fields import SourceField, source_label
from webapp.sources.models import Source
from webapp.verdicts.models import RatingScale

STATUS_CHOICES = [
    SelectChoice("", "Any status"),
    *(SelectChoice(status.value, status.label) for status in ClaimStatus),
]
CHECKABLE_CHOICES = [
    SelectChoice("", "Any"),
    SelectChoice("yes", "Checkable"),
    SelectChoice("no", "Not checkable (opinions)"),
]
SORT_CHOICES = [
    SelectChoice("relevance", "Best match (when searching)"),
    SelectChoice("newest", "Newest recorded"),
    SelectChoice("oldest", "Oldest recorded"),
    SelectChoice("claim_date", "Claim date, latest first"),
    SelectChoice("updated", "Recently updated"),
]
_ID_SUFFIX = re.compile(r"#(\d+)\s*$")
_MAX_ID_DIGITS = 12
TAG_SUGGEST = {
    "data-suggest-url": "/claims/tags/suggest",
    "data-suggest-multi": ",",
    "autocomplete": "off",
}


def _printable(value: Any) -> Any:
    """Drop control characters (PostgreSQL refuses NUL in text) from a typed value."""
    if not isinstance(value, str):
        return value
    return "".join(ch for ch in value if ch.isprintable() or ch in " \t")


def verdict_choices(scales: list[RatingScale]) -> list[SelectChoice]:
    """Any verdict, no verdict yet, or one value of a rating scale (grouped by scale)."""
    choices = [SelectChoice("", "Any verdict"), SelectChoice("none", "No verdict yet")]
    for scale in scales:
        choices.extend(SelectChoice(str(v.id), v.label, optgroup=scale.name) for v in scale.values)
    return choices


def rating_scales() -> list[RatingScale]:
    """Every rating scale with its values, the default scale first."""
    query = (
        select(RatingScale)
        .options(selectinload(RatingScale.values))
        .order_by(RatingScale.is_default.desc(), RatingScale.name, RatingScale.id)
    )
    return list(db.session().scalars(query))


def _id_param(formdata: Any, name: str) -> str | None:
    """The text a ``claimant_id``/``publisher_id`` link parameter stands for ("Name #id")."""
    raw = (formdata.get(name) or "").strip() if formdata is not None else ""
    if not raw:
        return None
    if raw.isdigit() and len(raw) <= _MAX_ID_DIGITS:
        source = db.session().get(Source, int(raw))
        if source is not None:
            return source_label(source)
    return f"#{_printable(raw)}"  # resolves to "There is no source #..." on the field


class _SourceFilterField(SourceField):
    """A SourceField that refuses absurd "#id" numbers before they reach the database."""

    def pre_validate(self, form: Any) -> None:
        # SQLite cannot even bind an integer past 2**63 (OverflowError, a 500).
        match = _ID_SUFFIX.search(self.data or "")
        if match and len(match.group(1)) > _MAX_ID_DIGITS:
            self.source_id = None
            raise ValidationError(f"There is no source #{match.group(1)}.")
        super().pre_validate(form)


class ClaimFilterForm(FlaskForm):  # type: ignore[misc]
    """Search words and filters of the claims list; read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(
        "Search", filters=[_printable], render_kw={"placeholder": "Words in the statement or quote"}
    )
    status = SelectField("Status", choices=STATUS_CHOICES, default="")
    verdict = SelectField("Current verdict", choices=[], default="")
    claimant = _SourceFilterField(
        "Claimant", description='A name, or "Name #id".', filters=[_printable]
    )
    publisher = _SourceFilterField(
        "Published by", description="The outlet of a document it appeared in.", filters=[_printable]
    )
    tag = StringField(
        "Tags",
        description="Separate several with commas.",
        filters=[_printable],
        render_kw=TAG_SUGGEST,
    )
    claim_from = DateField("Claim date from", validators=[Optional()])
    claim_to = DateField("Claim date to", validators=[Optional()])
    created_from = DateField("Recorded from", validators=[Optional()])
    created_to = DateField("Recorded to", validators=[Optional()])
    checkable = SelectField("Checkable", choices=CHECKABLE_CHOICES, default="")
    show_retracted = BooleanField("Show retracted claims")
    # Unknown sorts fall back to the default rather than refusing a bookmarked link.
    sort = SelectField("Sort by", choices=SORT_CHOICES, validate_choice=False)

    def __init__(self, formdata: Any, **kwargs: Any) -> None:
        super().__init__(formdata, **kwargs)
        self.verdict.choices = verdict_choices(rating_scales())
        # Links from a source's page carry its id; show it as the picker would write it.
        for name, target in (("claimant_id", self.claimant), ("publisher_id", self.publisher)):
            text = _id_param(formdata, name)
            if text is not None and not (target.data or "").strip():
                target.data = text

    def validate_claim_to(self, field: DateField) -> None:
        if field.data and self.claim_from.data and field.data < self.claim_from.data:
            raise ValidationError("This date is before the start date.")

    def validate_created_to(self, field: DateField) -> None:
        if field.data and self.created_from.data and field.data < self.created_from.data:
            raise ValidationError("This date is before the start date.")

    @property
    def is_filtered(self) -> bool:
        """True when anything beyond the sort order narrows the list."""
        names = [f.name for f in self if f.name != "sort"]
        return any(self[name].data not in (None, "", False) for name in names)

    def filters(self) -> ClaimFilters:
        """The validated form as query filters."""
        verdict = self.verdict.data or None
        tags = [t.strip() for t in (self.tag.data or "").split(",") if t.strip()]
        return ClaimFilters(
            q=self.q.data or "",
            status=ClaimStatus(self.status.data) if self.status.data else None,
            verdict=verdict if verdict in (None, "none") else int(verdict),
            claimant_id=self.claimant.source_id,
            publisher_id=self.publisher.source_id,
            tags=tags,
            claim_from=self.claim_from.data,
            claim_to=self.claim_to.data,
            created_from=self.created_from.data,
            created_to=self.created_to.data,
            checkable={"yes": True, "no": False}.get(self.checkable.data or ""),
            show_retracted=bool(self.show_retracted.data),
            sort=self.sort.data or "",
        )
