"""Form fields that pick sources by typing a name, an alias or "#id".

Without JavaScript they are plain text inputs resolved on the server; with it,
``static/suggest.js`` offers matches from ``data-suggest-url`` as the user types.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp import db
from webapp.sources.models import Source
from webapp.sources.operations import find_similar

# Record numbers fit in a signed 32-bit integer on every engine; longer digit runs are typos.
_ID_SUFFIX = re.compile(r"#(\d{1,9})\s*$")


def source_label(source: Source) -> str:
    """How a picked source is written back into the field: "Name #id"."""
    return f"{source.name} #{source.id}"


def resolve_source(text: str) -> Source:
    """The one live source ``text`` names; ValidationError with a plain reason otherwise."""
    text = text.strip()
    if "\x00" in text:  # PostgreSQL cannot even compare text holding a NUL
        raise ValidationError("A source name cannot contain a NUL character (\\0).")
    sess = db.session()
    match = _ID_SUFFIX.search(text)
    if match:
        source = sess.get(Source, int(match.group(1)))
        if source is None:
            raise ValidationError(f"There is no source #{match.group(1)}.")
        return source
    found = find_similar(sess, [text])
    if not found:
        raise ValidationError(
            f"No source is called {text!r}. Check the spelling, or add the source first."
        )
    if len(found) > 1:
        options = "; ".join(source_label(s) for s in found[:5])
        raise ValidationError(f"Several sources match {text!r}: {options}. Add the #number.")
    return found[0]


class SourceField(StringField):
    """One source. ``field.source_id`` is the resolved id (None when left empty)."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        render_kw = {"data-suggest-url": "/sources/suggest", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.source_id: int | None = None

    def process_data(self, value: Any) -> None:
        if isinstance(value, Source):
            self.data = source_label(value)
            self.source_id = value.id
        elif isinstance(value, int):
            source = db.session().get(Source, value)
            self.data = source_label(source) if source else ""
            self.source_id = value if source else None
        else:
            self.data = value or ""

    def pre_validate(self, form: Any) -> None:
        self.source_id = None
        if self.data and self.data.strip():
            self.source_id = resolve_source(self.data).id


class SourceListField(TextAreaField):
    """Several sources in order, one per line. ``field.source_ids`` holds the resolved ids."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        render_kw = {"data-suggest-url": "/sources/suggest", "data-suggest-lines": "1", "rows": 3}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.source_ids: list[int] = []

    def process_data(self, value: Any) -> None:
        if isinstance(value, list | tuple):
            ids = [v.id if isinstance(v, Source) else int(v) for v in value]
            sources = {
                s.id: s for s in db.session().scalars(select(Source).where(Source.id.in_(ids)))
            }
            self.data = "\n".join(source_label(sources[i]) for i in ids if i in sources)
            self.source_ids = [i for i in ids if i in sources]
        else:
            self.data = value or ""

    def pre_validate(self, form: Any) -> None:
        self.source_ids = []
        problems = []
        for number, line in enumerate((self.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                self.source_ids.append(resolve_source(line).id)
            except ValidationError as error:
                problems.append(f"Line {number}: {error}")
        if problems:
            raise ValidationError(" ".join(problems))
