"""The four CSV exports, their filters, and one way to stream each (web and CLI alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from webapp.claims.filter_forms import ClaimFilterForm
from webapp.core.csvstream import stream_cells, stream_csv
from webapp.reports import rows
from webapp.reports.claim_rows import claim_rows
from webapp.reports.schemas import csv_columns
from webapp.sources.models import AdmiraltyGrade, SourceKind

EXPORT_NAMES = ("claims", "verdicts", "sources", "audit")
SOURCE_QUERY_MAX = 200  # as the sources list's search field


class FilterError(ValueError):
    """A filter value that cannot be understood; the message says which and why."""


def _claim_filters(args: MultiDict[str, str]) -> Any:
    form = ClaimFilterForm(formdata=args)
    if not form.validate():
        problems = "; ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())
        raise FilterError(problems)
    return form.filters()


def _flag(args: MultiDict[str, str], name: str) -> bool:
    return args.get(name, "").lower() in {"1", "true", "yes", "on", "y"}


def _claims(sess: Session, args: MultiDict[str, str]) -> Iterator[rows.Row]:
    return claim_rows(sess, _claim_filters(args))


def _verdicts(sess: Session, args: MultiDict[str, str]) -> Iterator[rows.Row]:
    return rows.verdict_rows(sess, _claim_filters(args))


def _sources(sess: Session, args: MultiDict[str, str]) -> Iterator[rows.Row]:
    """The sources list page's filters: q, kind, graded (yes/no), grade (A-F), show_retracted."""
    kind = args.get("kind") or None
    if kind and kind not in {k.value for k in SourceKind}:
        raise FilterError(f"kind: {kind!r} is not one of {', '.join(k.value for k in SourceKind)}")
    text = (args.get("q") or "").strip()
    if len(text) > SOURCE_QUERY_MAX:
        raise FilterError(f"q: at most {SOURCE_QUERY_MAX} characters")
    graded = args.get("graded") or ""
    if graded not in {"", "yes", "no"}:
        raise FilterError(f"graded: {graded!r} is not yes or no")
    grade = args.get("grade") or None
    if grade and grade not in {g.value for g in AdmiraltyGrade}:
        raise FilterError(f"grade: {grade!r} is not a letter from A to F")
    return rows.source_rows(
        sess,
        kind=kind,
        show_retracted=_flag(args, "show_retracted"),
        q=text,
        graded={"yes": True, "no": False}.get(graded),
        grade_letter=AdmiraltyGrade(grade) if grade else None,
        tag=(args.get("tag") or "").strip()[:SOURCE_QUERY_MAX],
        min_claims=_min_claims(args),
    )


def _min_claims(args: MultiDict[str, str]) -> int:
    """The reliability report's "at least this many scored claims" filter (0: none)."""
    raw = (args.get("min_claims") or "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or len(raw) > 7:
        raise FilterError("min_claims: give a whole number from 0")
    return int(raw)


def _audit(sess: Session, args: MultiDict[str, str]) -> Iterator[rows.Row]:
    raw_id = args.get("entity_id") or None
    if raw_id is not None and not raw_id.isdigit():
        raise FilterError("entity_id: give a record number")
    return rows.audit_rows(
        sess,
        entity_type=args.get("entity_type") or None,
        entity_id=int(raw_id) if raw_id else None,
    )


@dataclass(frozen=True)
class Export:
    name: str
    rows: Callable[[Session, MultiDict[str, str]], Iterator[rows.Row]]
    cells: bool = False  # the rows are CSV-ready cells already (see stream_cells)

    @property
    def columns(self) -> list[str]:
        return csv_columns(self.name)

    def file_name(self, today: dt.date | None = None) -> str:
        return f"claimdesk-{self.name}-{(today or dt.date.today()).isoformat()}.csv"

    def stream(
        self, sess: Session, args: MultiDict[str, str], *, bom: bool = False
    ) -> Iterator[bytes]:
        """Check the filters now (so a bad one is a 400, not a broken download), then stream."""
        selected = self.rows(sess, args)
        return (stream_cells if self.cells else stream_csv)(self.columns, selected, bom=bom)


EXPORTS = {
    export.name: export
    for export in (
        Export("claims", _claims, cells=True),
        Export("verdicts", _verdicts),
        Export("sources", _sources),
        Export("audit", _audit),
    )
}
