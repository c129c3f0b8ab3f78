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
from webapp.core.changes import require
from webapp.core.permissions import Role
from webapp.imports import liar_writer
from webapp.imports.bulk import AuditLog
from webapp.imports.reading import DecodedLines, FileProblem, Problem, decode_lines, non_blank
from webapp.sources.models import Source, SourceKind
from webapp.verdicts.models import RatingScale, RatingValue

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


CHUNK_ROWS = 1000


def _speaker(values: dict[str, str]) -> dict[str, Any]:
    slug = values["speaker"].strip()
    party = values["party"].strip()
    return {
        "name": speaker_name(slug) or slug,
        "kind": SourceKind.ORGANISATION if party == "organization" else SourceKind.PERSON,
        "job_title": values["job_title"].strip() or None,
        "state": values["state"].strip() or None,
        "party": party or None,
        "alias": slug,
        "external_id": f"{SPEAKER_PREFIX}{slug}",
    }


def _item(
    row: LiarRow, claimant: tuple[int, str], ratings: dict[str, RatingValue]
) -> dict[str, Any]:
    """What one row writes: the claim, its tags, document, appearance and verdict."""
    values = row.values
    statement = values["statement"].strip()
    context = values["context"].strip()
    number = values["id"].removesuffix(".json")
    return {
        "claim": {
            "statement": statement,
            "quote": statement,
            "claimant_id": claimant[0],
            "claimant_name": claimant[1],
            "external_id": row.external_id,
        },
        "tags": [s for s in values["subjects"].split(",") if s.strip()],
        "document": {
            "title": context or "Venue not given",
            "description": f"LIAR context: {context}".strip(),
        },
        "rating": ratings[values["label"]],
        "verdict": {
            "credibility": IMPORTED_CREDIBILITY,
            "rationale": f"PolitiFact rated this {values['label']} (imported from the LIAR data "
            f"set, Wang 2017, statement {values['id']}).",
            "evidence_url": REPORT_URL.format(number=number),
            "evidence_note": "PolitiFact's verdict report and its sources",
        },
    }


def import_rows(
    sess: Session,
    *,
    actor: Any,
    rows: list[LiarRow],
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Create what is missing, a chunk of rows at a time; returns counts.

    Rows whose ``liar:<id>`` claim exists already are left alone, and speakers are found
    again by their ``liar-speaker:<slug>`` external id, so importing the same files twice
    creates nothing new. The caller commits (once): the import is all or nothing.
    """
    if actor is not None:
        require(actor, Role.EDITOR, "Importing concluded verdicts")
    scale = sess.scalar(select(RatingScale).where(RatingScale.slug == "politifact"))
    if scale is None:
        raise FileProblem(Problem(0, "", "the PolitiFact rating scale is missing"))
    ratings = {v.slug: v for v in scale.values}
    present = set(sess.scalars(select(Claim.external_id).where(Claim.external_id.like("liar:%"))))
    todo = [row for row in rows if row.external_id not in present]
    counts = {
        "claims": 0,
        "verdicts": 0,
        "documents": 0,
        "sources": 0,
        "unchanged": len(rows) - len(todo),
    }
    if progress is not None and counts["unchanged"]:
        progress(counts["unchanged"])
    known: dict[str, tuple[int, str]] = {
        str(external_id): (source_id, name)
        for external_id, source_id, name in sess.execute(
            select(Source.external_id, Source.id, Source.name).where(
                Source.external_id.like(f"{SPEAKER_PREFIX}%")
            )
        )
    }
    for start in range(0, len(todo), CHUNK_ROWS):
        chunk = todo[start : start + CHUNK_ROWS]
        log = AuditLog(actor.id if actor is not None else None)
        missing: dict[str, dict[str, Any]] = {}
        for row in chunk:
            speaker = _speaker(row.values)
            if speaker["external_id"] not in known:
                missing.setdefault(speaker["external_id"], speaker)
        created = liar_writer.new_sources(sess, log, list(missing.values()))
        known.update({ext: (i, missing[ext]["name"]) for ext, i in created.items()})
        items = [_item(row, known[_speaker(row.values)["external_id"]], ratings) for row in chunk]
        liar_writer.write_claims(sess, log, items)
        log.write(sess)
        counts["sources"] += len(created)
        for key in ("claims", "verdicts", "documents"):
            counts[key] += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return counts
