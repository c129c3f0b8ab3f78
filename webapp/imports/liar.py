"""The LIAR data set (Wang, ACL 2017): 12,836 PolitiFact statements in three TSV files.

Mapping: statement -> claim; speaker -> claimant source (job title, state, party as
source attributes; the speaker slug kept as an alias so re-imports find it);
label -> a concluded verdict on the PolitiFact scale, with PolitiFact's report as the
evidence link; subjects -> tags; context -> the document the claim appeared in;
the LIAR id -> the claim's external id ``liar:<id>``.

The files are read with no quote processing (``QUOTE_NONE``): with the csv module's
default quoting 45 rows merge into their neighbours and silently disappear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.claims.models import Claim
from webapp.claims.operations import ClaimData, create_claim
from webapp.documents.operations import DocumentData, add_appearance, create_document
from webapp.imports.reading import DecodedLines, FileProblem, Problem, decode_lines, non_blank
from webapp.sources.models import SourceKind
from webapp.sources.operations import SourceData, create_source, source_with_external_id
from webapp.verdicts.models import RatingScale, RatingValue
from webapp.verdicts.operations import EvidenceData, VerdictData, record_verdict

COLUMNS = [
    "id",
    "label",
    "statement",
    "subjects",
    "speaker",
    "job_title",
    "state",
    "party",
    "barely_true_counts",
    "false_counts",
    "half_true_counts",
    "mostly_true_counts",
    "pants_on_fire_counts",
    "context",
]
LABELS = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")
ID_PATTERN = re.compile(r"^\d+\.json$")
SPEAKER_PREFIX = "liar-speaker:"
REPORT_URL = "https://www.politifact.com/api/v/2/statement/{number}/?format=json"
# LIAR gives no credibility; PolitiFact's published rulings rest on cited sources.
IMPORTED_CREDIBILITY = 2


@dataclass(frozen=True)
class LiarRow:
    file_name: str
    line: int
    values: dict[str, str]

    @property
    def external_id(self) -> str:
        return f"liar:{self.values['id']}"


@dataclass
class ParsedFiles:
    rows: list[LiarRow]
    problems: list[Problem]
    notes: list[str]
    checksums: dict[str, str]


def tsv_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into their ``*.tsv`` files, sorted; keep single files as given."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.tsv")) if path.is_dir() else [path])
    return found


def _check(row: LiarRow) -> list[Problem]:
    values, line = row.values, row.line
    problems = []
    if not ID_PATTERN.match(values["id"]):
        problems.append(Problem(line, "id", f"{values['id']!r} is not a LIAR id like 2635.json"))
    if values["label"] not in LABELS:
        problems.append(
            Problem(line, "label", f"{values['label']!r} is not one of {', '.join(LABELS)}")
        )
    if not values["statement"].strip():
        problems.append(Problem(line, "statement", "the statement is empty"))
    if not values["speaker"].strip():
        problems.append(Problem(line, "speaker", "the speaker is empty"))
    return problems


def parse_lines(file_name: str, decoded: DecodedLines) -> tuple[list[LiarRow], list[Problem]]:
    rows, problems = [], []
    for number, line in non_blank(decoded.lines):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            hint = " (is it tab-separated?)" if len(cells) == 1 else ""
            problems.append(
                Problem(
                    number,
                    "",
                    f"{file_name}: expected {len(COLUMNS)} "
                    f"tab-separated columns, found {len(cells)}{hint}",
                )
            )
            continue
        row = LiarRow(file_name, number, dict(zip(COLUMNS, cells, strict=True)))
        problems.extend(Problem(p.row, p.column, f"{file_name}: {p.reason}") for p in _check(row))
        rows.append(row)
    return rows, problems


def parse_files(paths: list[Path]) -> ParsedFiles:
    """Read and check every file; problems are collected, nothing is written."""
    parsed = ParsedFiles([], [], [], {})
    seen: dict[str, str] = {}
    for path in paths:
        try:
            with path.open("rb") as stream:
                decoded = decode_lines(stream)
        except FileProblem as error:
            p = error.problem
            parsed.problems.append(Problem(p.row, p.column, f"{path.name}: {p.reason}"))
            continue
        parsed.notes.extend(f"{path.name}: {note}" for note in decoded.notes)
        parsed.checksums[path.name] = decoded.checksum
        rows, problems = parse_lines(path.name, decoded)
        parsed.problems.extend(problems)
        for row in rows:
            where = f"{row.file_name} row {row.line}"
            if row.values["id"] in seen:
                parsed.problems.append(
                    Problem(
                        row.line,
                        "id",
                        f"{row.file_name}: id "
                        f"{row.values['id']} appears twice (also {seen[row.values['id']]})",
                    )
                )
                continue
            seen[row.values["id"]] = where
            parsed.rows.append(row)
    return parsed


def speaker_name(slug: str) -> str:
    """ "barack-obama" -> "Barack Obama"."""
    return " ".join(part.capitalize() for part in slug.split("-") if part)


class _Speakers:
    """Speaker slug -> source id, created on first sight under ``liar-speaker:<slug>``."""

    def __init__(self, sess: Session, actor: Any) -> None:
        self.sess, self.actor = sess, actor
        self.ids: dict[str, int] = {}
        self.created = 0

    def source_id(self, values: dict[str, str]) -> int:
        slug = values["speaker"].strip()
        if slug in self.ids:
            return self.ids[slug]
        external_id = f"{SPEAKER_PREFIX}{slug}"
        source = source_with_external_id(self.sess, external_id)
        if source is None:
            party = values["party"].strip()
            source = create_source(
                self.sess,
                actor=self.actor,
                allow_duplicate=True,
                data=SourceData(
                    name=speaker_name(slug) or slug,
                    kind=SourceKind.ORGANISATION if party == "organization" else SourceKind.PERSON,
                    job_title=values["job_title"].strip() or None,
                    state=values["state"].strip() or None,
                    party=party or None,
                    aliases=[slug],
                    external_id=external_id,
                ),
            )
            self.created += 1
        self.ids[slug] = source.id
        return source.id


def import_rows(
    sess: Session,
    *,
    actor: Any,
    rows: list[LiarRow],
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Create what is missing, through the domain operations; returns counts.

    Rows whose ``liar:<id>`` claim exists already are left alone, so importing the
    same files twice creates nothing new. The caller commits (once).
    """
    scale = sess.scalar(select(RatingScale).where(RatingScale.slug == "politifact"))
    if scale is None:
        raise FileProblem(Problem(0, "", "the PolitiFact rating scale is missing"))
    ratings = {
        v.slug: v.id
        for v in sess.scalars(select(RatingValue).where(RatingValue.scale_id == scale.id))
    }
    present = set(sess.scalars(select(Claim.external_id).where(Claim.external_id.like("liar:%"))))
    speakers = _Speakers(sess, actor)
    counts = {"claims": 0, "verdicts": 0, "documents": 0, "unchanged": 0}
    for done, row in enumerate(rows, start=1):
        if row.external_id in present:
            counts["unchanged"] += 1
        else:
            _import_row(sess, actor, row, speakers.source_id(row.values), ratings)
            counts["claims"] += 1
            counts["verdicts"] += 1
            counts["documents"] += 1
        if done % 500 == 0:
            sess.flush()
            sess.expunge_all()  # keep memory flat across 12,836 rows
        if progress is not None:
            progress(1)
    counts["sources"] = speakers.created
    return counts


def _import_row(
    sess: Session, actor: Any, row: LiarRow, claimant_id: int, ratings: dict[str, int]
) -> None:
    values = row.values
    claim = create_claim(
        sess,
        actor=actor,
        data=ClaimData(
            statement=values["statement"].strip(),
            quote=values["statement"].strip(),
            claimant_id=claimant_id,
            external_id=row.external_id,
            tags=[s for s in values["subjects"].split(",") if s.strip()],
        ),
    )
    context = values["context"].strip()
    document = create_document(
        sess,
        actor=actor,
        data=DocumentData(
            title=context or "Venue not given", description=f"LIAR context: {context}"
        ),
    )
    add_appearance(
        sess, actor=actor, claim=claim, document=document, quote=values["statement"].strip()
    )
    number = values["id"].removesuffix(".json")
    record_verdict(
        sess,
        actor=actor,
        claim=claim,
        conclude=True,
        data=VerdictData(
            rating_value_id=ratings[values["label"]],
            credibility=IMPORTED_CREDIBILITY,
            rationale=f"PolitiFact rated this {values['label']} (imported from the LIAR data set, "
            f"Wang 2017, statement {values['id']}).",
            evidence=[
                EvidenceData(
                    url=REPORT_URL.format(number=number),
                    note="PolitiFact's verdict report and its sources",
                )
            ],
        ),
    )
