"""Forms of the intake pages: a document from text, the threshold, a claim per candidate."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FloatField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from webapp import db
from webapp.claims.forms import ClaimForm
from webapp.documents.forms import DocumentForm
from webapp.sources.fields import SourceField, SourceListField, resolve_source
from webapp.sources.models import SourceKind
from webapp.sources.operations import find_similar

KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in SourceKind]
ORDER_CHOICES = [SelectChoice("text", "Text order"), SelectChoice("score", "Highest score first")]


class TextDocumentForm(DocumentForm):
    """A new document with its text, pasted or uploaded."""

    body = TextAreaField(
        "Text",
        description="Paste the article's text (up to 1,000,000 characters).",
        render_kw={"rows": 14},
    )
    upload = FileField("Or upload a file", description="A .txt or .html file, up to 1 MB.")


NAME_MAX_LENGTH = 200  # sources.name


def _new_name(text: str) -> str | None:
    """``text`` when it names no live source (and is no "#id" reference), else None."""
    text = text.strip()
    if not text or re.search(r"#\d+$", text):
        return None
    if find_similar(db.session(), [text]):
        return None
    if len(text) > NAME_MAX_LENGTH:
        raise ValidationError(f"A source's name is at most {NAME_MAX_LENGTH} characters.")
    return text


class SourceOrNewField(SourceField):
    """A source picker that also takes a name no source has yet (``new_name``)."""

    new_name: str | None = None

    def pre_validate(self, form: Any) -> None:
        self.new_name = _new_name(self.data or "")
        if self.new_name is None:
            super().pre_validate(form)
        else:
            self.source_id = None


class SourceOrNewListField(SourceListField):
    """Sources one per line; ``entries`` holds an id or a new name per line, in order."""

    entries: list[int | str]

    def pre_validate(self, form: Any) -> None:
        self.entries, self.source_ids, problems = [], [], []
        for number, line in enumerate((self.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                name = _new_name(line)
                if name is not None:
                    self.entries.append(name)
                    continue
                source_id = resolve_source(line).id
            except ValidationError as error:
                problems.append(f"Line {number}: {error}")
            else:
                self.entries.append(source_id)
                self.source_ids.append(source_id)
        if problems:
            raise ValidationError(" ".join(problems))


class CandidateForm(ClaimForm):
    """A claim from one candidate sentence; names that match no source can be added."""

    claimant = SourceOrNewField(
        "Claimant", description="A recorded source, or a new name to add as a source."
    )
    claimant_kind = SelectField(
        "If new, the claimant is a", choices=KIND_CHOICES, default=SourceKind.PERSON.value
    )
    relays = SourceOrNewListField(
        "Relayed via", description="One per line; new names are added as news outlets."
    )
    add_sources = BooleanField("Add names that match no source as new sources", default=True)

    def new_names(self) -> list[str]:
        """The names typed that match no source (claimant first)."""
        relays = [entry for entry in self.relays.entries if isinstance(entry, str)]
        return ([self.claimant.new_name] if self.claimant.new_name else []) + relays

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if valid and self.new_names() and not self.add_sources.data:
            self.add_sources.errors.append(
                "No source is called " + ", ".join(repr(n) for n in self.new_names()) + ". "
                "Tick this box to add them, or pick recorded sources."
            )
            return False
        return valid


class ThresholdForm(FlaskForm):
    """The intake page's GET controls: which sentences count as candidates, in what order."""

    class Meta:
        csrf = False

    threshold = FloatField(
        "Minimum score",
        validators=[Optional(), NumberRange(min=-10, max=20, message="Between -10 and 20.")],
    )
    order = SelectField("Order", choices=ORDER_CHOICES, default="text")
