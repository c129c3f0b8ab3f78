"""Running a CSV import through the domain operations, all or nothing, or as a dry run.

The dry run *is* the real import, inside a savepoint that is always rolled back: every
row goes through ``create_claim``, ``record_verdict`` and friends, so the check and the
import can never disagree. Each row runs in its own nested savepoint, so a refused row
leaves nothing behind for the rows after it, and every problem of the file is reported
at once. Nothing is kept when any row has a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from webapp.core.errors import OperationError, PermissionDenied
from webapp.imports.csv_common import CsvRow, ParsedCsv, plural
from webapp.imports.operations import previous_batch, record_batch
from webapp.imports.reading import Problem
from webapp.matching.queries import RowMatch

T = TypeVar("T")


class RowProblem(Exception):
    """A row cannot be imported; ``column`` names the cell to fix."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@contextmanager
def blame(column: str, fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """Turn an operation's refusal into a :class:`RowProblem` on the matching CSV column.

    ``fields`` maps the operation's field names to CSV columns; anything else (and a
    role refusal) is blamed on ``column``.
    """
    try:
        yield
    except OperationError as error:
        raise RowProblem((fields or {}).get(error.field or "", column), error.message) from error
    except PermissionDenied as error:
        raise RowProblem(column, str(error)) from error


class RowCache:
    """Look-ups remembered from row to row of one import (``row_cache(sess)``).

    What a row adds is kept only when the row is: a refused row's savepoint is rolled
    back, and with it anything it created that a later row must not find.
    """

    def __init__(self) -> None:
        self.kept: dict[Any, Any] = {}
        self.pending: dict[Any, Any] = {}

    def get(self, key: Any) -> Any:
        return self.pending.get(key, self.kept.get(key))

    def put(self, key: Any, value: Any) -> None:
        self.pending[key] = value

    def end_row(self, kept: bool) -> None:
        if kept:
            self.kept.update(self.pending)
        self.pending.clear()


_CACHE_KEY = "claimdesk.import_row_cache"


@contextmanager
def using_row_cache(sess: Session, cache: RowCache) -> Iterator[RowCache]:
    """Let the look-ups of ``sess`` remember their answers in ``cache`` meanwhile."""
    sess.info[_CACHE_KEY] = cache
    try:
        yield cache
    finally:
        sess.info.pop(_CACHE_KEY, None)


def row_cache(sess: Session) -> RowCache:
    """The running import's cache; a fresh one outside an import (nothing is remembered)."""
    cache = sess.info.get(_CACHE_KEY)
    return cache if isinstance(cache, RowCache) else RowCache()


@dataclass(frozen=True)
class Checked(Generic[T]):
    """A row's cells read into ``data``, with the row's idempotency key."""

    row: CsvRow
    data: T
    key: str
    key_column: str
    key_text: str  # how the key is described in a duplicate-row message


WriteAll = Callable[
    [Session, Any, list[Checked[T]], dict[str, int], Callable[[int], None] | None], list[Problem]
]


@dataclass(frozen=True)
class ImportSpec(Generic[T]):
    """What differs between the claims and the sources importer."""

    kind: str  # ImportBatch.kind, e.g. "csv-claims"
    noun: str  # "claim": what one row creates
    columns: tuple[str, ...]
    required: tuple[str, ...]
    counts: tuple[str, ...]  # what the import may create, e.g. ("claims", "sources")
    check: Callable[[CsvRow], tuple[Checked[T] | None, list[Problem]]]
    existing_keys: Callable[[Session, list[str]], set[str]]
    write: Callable[[Session, Any, T, dict[str, int]], None]
    # Rows like claims already on the desk ("checked before?"), looked up before writing.
    similar: Callable[[Session, list[Checked[T]]], list[RowMatch]] | None = None
    # Checks every row, then writes them all at once (returns the problems, having written
    # nothing when there are any); without it, each row is written on its own with write.
    write_all: WriteAll[T] | None = None


@dataclass
class ImportResult:
    """What an import did (or, on a dry run, would do), and why it could not."""

    kind: str
    file_name: str
    checksum: str
    rows_total: int
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = True
    batch_id: int | None = None
    matches: list[RowMatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def created(self) -> dict[str, int]:
        return {k: v for k, v in self.counts.items() if k != "unchanged"}

    def summary(self) -> str:
        """ "3 claims, 1 source, 2 documents, 1 verdict; 4 rows unchanged"."""
        created = ", ".join(plural(n, k.removesuffix("s")) for k, n in self.created.items())
        return f"{created}; {plural(self.counts.get('unchanged', 0), 'row')} unchanged"


def _checked_rows(
    spec: ImportSpec[T], parsed: ParsedCsv, problems: list[Problem]
) -> list[Checked[T]]:
    """Read every row's cells; a key seen twice in the file is a problem of the later row."""
    checked: list[Checked[T]] = []
    seen: dict[str, int] = {}
    for row in parsed.rows:
        item, row_problems = spec.check(row)
        problems.extend(row_problems)
        if item is None:
            continue
        if item.key in seen:
            problems.append(
                Problem(
                    row.number,
                    item.key_column,
                    f"the same {spec.noun} as row {seen[item.key]} ({item.key_text}); "
                    "remove one of the two rows",
                )
            )
            continue
        seen[item.key] = row.number
        checked.append(item)
    return checked


@contextmanager
def _records_made(sess: Session) -> Iterator[list[Any]]:
    """The records that become persistent (are flushed) in ``sess`` meanwhile."""
    made: list[Any] = []

    def note(_session: Session, record: Any) -> None:
        made.append(record)

    event.listen(sess, "pending_to_persistent", note)
    try:
        yield made
    finally:
        event.remove(sess, "pending_to_persistent", note)


def _roll_back_row(sess: Session, savepoint: Any, made: list[Any]) -> None:
    savepoint.rollback()
    # SQLite gives a rolled-back row's ids out again, so a record the row made must not
    # stay in the identity map under an id that a later row's record will get.
    for record in made:
        if record in sess:
            sess.expunge(record)


def _write_row(
    sess: Session, spec: ImportSpec[T], actor: Any, item: Checked[T], counts: dict[str, int]
) -> Problem | None:
    """Write one row in its own savepoint; a refusal rolls the row back and is returned."""
    row_counts = dict.fromkeys(counts, 0)
    cache = row_cache(sess)
    savepoint = sess.begin_nested()
    try:
        # The operations flush whatever they need an id or a check for; autoflushing
        # before each of a row's look-ups as well only repeated that work.
        with sess.no_autoflush, _records_made(sess) as made:
            spec.write(sess, actor, item.data, row_counts)
            sess.flush()
    except RowProblem as error:
        _roll_back_row(sess, savepoint, made)
        cache.end_row(kept=False)
        return Problem(item.row.number, error.column, error.reason)
    except (IntegrityError, DataError) as error:
        # A race with another writer, or a value the database refuses: report, don't crash.
        _roll_back_row(sess, savepoint, made)
        cache.end_row(kept=False)
        reason = str(error.orig).splitlines()[0] if error.orig else str(error)
        return Problem(item.row.number, "", f"the database refused this row ({reason})")
    except BaseException:
        cache.end_row(kept=False)
        raise
    savepoint.commit()
    cache.end_row(kept=True)
    for name, number in row_counts.items():
        counts[name] += number
    return None


def _write_rows(
    sess: Session,
    spec: ImportSpec[T],
    actor: Any,
    items: list[Checked[T]],
    result: ImportResult,
    progress: Callable[[int], None] | None,
) -> None:
    """Write the rows one by one, each in its own savepoint; every refusal is reported."""
    with using_row_cache(sess, RowCache()):
        for item in items:
            problem = _write_row(sess, spec, actor, item, result.counts)
            if problem is not None:
                result.problems.append(problem)
            if progress is not None:
                progress(1)


def _write_all(
    sess: Session,
    spec: ImportSpec[T],
    actor: Any,
    items: list[Checked[T]],
    result: ImportResult,
    progress: Callable[[int], None] | None,
) -> bool:
    """Check and write the rows all at once; False when the database refused the write.

    The checks mirror the operations', so a refusal here means something they cannot see
    (another writer took an external id meanwhile, a value the database will not store):
    then nothing of the attempt is kept, and the caller writes row by row to find the rows.
    """
    assert spec.write_all is not None
    counts = dict(result.counts)
    attempt = sess.begin_nested()
    try:
        problems = spec.write_all(sess, actor, items, counts, progress)
    except (IntegrityError, DataError):
        attempt.rollback()
        result.notes.append(
            "The database refused the file as a whole, so each row was tried on its own to "
            "find the rows it refuses."
        )
        return False
    except BaseException:
        attempt.rollback()
        raise
    attempt.commit()
    result.counts = counts
    result.problems.extend(problems)
    return True


def _note_matches(result: ImportResult, matches: list[RowMatch]) -> None:
    result.matches = matches
    if matches:
        listed = ", ".join(f"row {m.row} like claim #{m.claim_id}" for m in matches[:20])
        more = f" and {len(matches) - 20} more" if len(matches) > 20 else ""
        result.notes.append(
            f"Checked before? {plural(len(matches), 'row')} look like claims already on the "
            f"desk: {listed}{more}. They are imported all the same; mark duplicates on the "
            "claim pages."
        )


def run_import(
    sess: Session,
    spec: ImportSpec[T],
    parsed: ParsedCsv,
    *,
    actor: Any,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check (``dry_run``) or import ``parsed``; the caller commits the session afterwards.

    Rows whose key exists already count as unchanged. On a dry run, or when any row has
    a problem, everything is rolled back; otherwise an ImportBatch is recorded.
    """
    result = ImportResult(
        kind=spec.kind,
        file_name=parsed.file_name,
        checksum=parsed.checksum,
        rows_total=len(parsed.rows),
        counts={**dict.fromkeys(spec.counts, 0), "unchanged": 0},
        problems=list(parsed.problems),
        notes=list(parsed.notes),
        dry_run=dry_run,
    )
    if not parsed.readable:
        return result
    checked = _checked_rows(spec, parsed, result.problems)
    present = spec.existing_keys(sess, [item.key for item in checked])
    earlier = previous_batch(sess, spec.kind, parsed.checksum)
    if earlier is not None:
        result.notes.append(
            f"This file was imported before (batch #{earlier.id}, "
            f"{earlier.created_at:%Y-%m-%d %H:%M} UTC); only rows not yet present are added."
        )
    to_write = [item for item in checked if item.key not in present]
    if spec.similar is not None:
        _note_matches(result, spec.similar(sess, to_write))
    result.counts["unchanged"] = len(checked) - len(to_write)
    done = len(parsed.rows) - len(to_write)
    if progress is not None and done:
        progress(done)  # rows refused while reading, or present already, need no writing
    outer = sess.begin_nested()
    try:
        if spec.write_all is None or not _write_all(sess, spec, actor, to_write, result, progress):
            _write_rows(sess, spec, actor, to_write, result, progress)
    except BaseException:
        outer.rollback()
        raise
    result.problems.sort(key=lambda p: (p.row, p.column))
    if dry_run or result.problems:
        outer.rollback()
        return result
    outer.commit()
    batch = record_batch(
        sess,
        actor=actor,
        kind=spec.kind,
        file_name=parsed.file_name,
        checksum=parsed.checksum,
        rows_total=result.rows_total,
        counts=result.counts,
    )
    result.batch_id = batch.id
    return result
