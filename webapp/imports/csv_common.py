"""Reading a claims or sources CSV file: header, delimiter, records and typed cells.

Nothing here writes. :func:`read_csv` turns a byte stream into :class:`CsvRow` records
(or file-level problems); :class:`Cells` reads one row's cells into Python values and
collects a :class:`Problem` per bad cell. Row numbers are spreadsheet rows: the header
is row 1, and a quoted cell with line breaks does not shift the rows after it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from webapp.imports.reading import FileProblem, Problem, decode_lines

DELIMITERS = ",;\t"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CHECKSUM_KEY_PREFIX = "csv:"
CHECKSUM_KEY_LENGTH = 32  # hex digits of sha256: 128 bits, ample for a desk's data


@dataclass(frozen=True)
class CsvRow:
    """One data record: its spreadsheet row number and the cell of every known column."""

    number: int
    values: dict[str, str]


@dataclass
class ParsedCsv:
    """A file read into records, or the problems that stop it being read."""

    file_name: str
    checksum: str = ""
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """False when a problem concerns the file as a whole (row 0) or its header (row 1)."""
        return not any(problem.row <= 1 for problem in self.problems)


def checksum_key(*parts: str) -> str:
    """The idempotency key of a row without an external id: ``csv:<sha256 prefix>``."""
    digest = hashlib.sha256("\n".join(part.strip() for part in parts).encode()).hexdigest()
    return CHECKSUM_KEY_PREFIX + digest[:CHECKSUM_KEY_LENGTH]


def _file_problem(problem: Problem) -> Problem:
    # reading.py counts physical lines; say "line" so it is not mistaken for a row.
    reason = f"line {problem.row}: {problem.reason}" if problem.row else problem.reason
    return Problem(0, "", reason)


def detect_delimiter(header: str, columns: Sequence[str]) -> str:
    """The delimiter of a header line: comma, semicolon or tab, when only one fits.

    Column names never contain any of the three, so a header holding two of them is
    ambiguous; one holding none is a single column (fine when that column is known).
    """
    present = [d for d in DELIMITERS if d in header]
    if not present:
        if header.strip().strip('"').strip().lower() in columns:
            return ","
        raise FileProblem(
            Problem(
                1,
                "",
                "could not tell the delimiter: separate the column names in the first row "
                "with commas, semicolons or tabs",
            )
        )
    if len(present) > 1:
        names = " and ".join(DELIMITER_NAMES[d] + "s" for d in present)
        raise FileProblem(
            Problem(
                1,
                "",
                f"could not tell the delimiter: the first row holds both {names}; "
                "use one of them between the column names",
            )
        )
    try:
        sniffed = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed != present[0]:
        raise FileProblem(Problem(1, "", "could not tell the delimiter of the first row"))
    return sniffed


def match_header(cells: list[str], columns: Sequence[str], required: Sequence[str]) -> list[str]:
    """Header names matched to ``columns`` (case-insensitive, spaces trimmed).

    Raises FileProblem naming unknown, duplicate, blank or missing columns.
    """
    names = [cell.strip().lower() for cell in cells]
    problems = []
    blank = [str(i) for i, name in enumerate(names, start=1) if not name]
    if blank:
        problems.append(f"column {', '.join(blank)} of the header has no name")
    unknown = [
        cell.strip()
        for cell, name in zip(cells, names, strict=True)
        if name and name not in columns
    ]
    if unknown:
        problems.append(
            f"unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
            f"(the columns are: {', '.join(columns)})"
        )
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        problems.append(
            f"column{'s' if len(repeated) > 1 else ''} named twice: {', '.join(repeated)}"
        )
    missing = [name for name in required if name not in names]
    if missing:
        problems.append(
            f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
        )
    if problems:
        raise FileProblem(Problem(1, "", "; ".join(problems)))
    return names


def read_csv(
    stream: BinaryIO, *, file_name: str, columns: Sequence[str], required: Sequence[str]
) -> ParsedCsv:
    """Read a CSV file (RFC 4180, quoted line breaks allowed) into rows; never raises.

    File-level problems (encoding, size, delimiter, header, no rows) come back as
    problems with row 0 or 1 and no rows; a record with the wrong number of cells is
    a problem of its row.
    """
    parsed = ParsedCsv(file_name=file_name)
    try:
        decoded = decode_lines(stream)
    except FileProblem as error:
        parsed.problems.append(_file_problem(error.problem))
        return parsed
    parsed.checksum, parsed.notes = decoded.checksum, decoded.notes
    header_line = decoded.lines[0].rstrip("\r\n")
    if not header_line.strip():
        parsed.problems.append(
            Problem(1, "", "the first row must hold the column names, but it is blank")
        )
        return parsed
    number = 0  # the last record read; a csv.Error belongs to the one after it
    try:
        delimiter = detect_delimiter(header_line, columns)
        reader = csv.reader(decoded.lines, delimiter=delimiter, strict=True)
        names = match_header(next(reader), columns, required)
        number = 1
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a blank row, as spreadsheets leave between blocks
            if len(cells) != len(names):
                parsed.problems.append(
                    Problem(
                        number,
                        "",
                        f"this row has {len(cells)} cells but the header has {len(names)} "
                        "columns (a stray delimiter, or a cell with a line break that is not "
                        "in quotes?)",
                    )
                )
                continue
            values = dict.fromkeys(columns, "")
            values.update(zip(names, cells, strict=True))
            parsed.rows.append(CsvRow(number, values))
    except FileProblem as error:
        parsed.problems.append(error.problem)
        return parsed
    except csv.Error as error:
        parsed.problems.append(
            Problem(
                number + 1,
                "",
                f"the file cannot be read from this row on ({error}); check that every quoted "
                'cell ends with a closing quote and that quotes inside cells are doubled ("")',
            )
        )
        return parsed
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(0, "", "the file has a header but no rows to import"))
    return parsed


class Cells:
    """Typed access to one row's cells; each bad cell adds a problem and yields None."""

    def __init__(self, row: CsvRow) -> None:
        self.row = row
        self.problems: list[Problem] = []
        for column, value in row.values.items():
            if "\x00" in value:
                # No engine stores it (PostgreSQL text cannot hold NUL): refuse it here.
                self.problem(
                    column, "the cell contains a NUL character (\\0), which cannot be stored"
                )

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.row.number, column, reason))

    def raw(self, column: str) -> str:
        """The cell exactly as given (operations decide what to strip)."""
        return self.row.values.get(column, "")

    def text(self, column: str, max_length: int | None = None) -> str | None:
        """The stripped cell, or None when empty; too long is a problem."""
        value = self.raw(column).strip()
        if max_length is not None and len(value) > max_length:
            self.problem(column, f"at most {max_length} characters (this has {len(value)})")
            return None
        return value or None

    def date(self, column: str) -> dt.date | None:
        value = self.raw(column).strip()
        if not value:
            return None
        try:
            if ISO_DATE.match(value):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        self.problem(column, f"{value!r} is not a date like 2021-08-24")
        return None

    def boolean(self, column: str, default: bool) -> bool:
        value = self.raw(column).strip().lower()
        if not value:
            return default
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.problem(column, f"{self.raw(column).strip()!r} is not true or false (or yes/no, 1/0)")
        return default

    def number(self, column: str) -> float | None:
        value = self.raw(column).strip()
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or "_" in value:
            self.problem(column, f"{value!r} is not a number like 10000 or 1.5 (no separators)")
            return None
        return number

    def integer(self, column: str, low: int, high: int) -> int | None:
        value = self.raw(column).strip()
        if not value:
            return None
        if value.isascii() and value.isdigit() and low <= int(value) <= high:
            return int(value)
        self.problem(column, f"{value!r} is not a whole number from {low} to {high}")
        return None

    def items(self, column: str, separator: str) -> list[str]:
        """The non-empty, stripped parts of a list cell ("a; b")."""
        return [part.strip() for part in self.raw(column).split(separator) if part.strip()]


def plural(count: int, noun: str) -> str:
    """ "1 claim", "3 claims", "1,204 verdicts"."""
    return f"{count:,} {noun if count == 1 else noun + 's'}"
