"""Reading uploaded or local files defensively: size limits, UTF-8, BOM, empty files.

Every problem becomes a :class:`Problem` with a row number (1-based, the header is
row 1 in CSV files), a column and a plain-language reason, so a dry run can list them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

MAX_LINE_BYTES = 1_000_000
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    """Why one row (or the whole file, row 0) cannot be imported."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        column = f", column {self.column}" if self.column else ""
        return f"{where}{column}: {self.reason}"


class FileProblem(Exception):
    """The file as a whole cannot be read; nothing is imported."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class DecodedLines:
    """The lines of a file, its checksum, and notes (e.g. a BOM that was ignored)."""

    lines: list[str]
    checksum: str
    notes: list[str]


def decode_lines(stream: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES) -> DecodedLines:
    """Read ``stream`` as UTF-8 lines (line endings kept), refusing oversized or undecodable ones.

    Lines are read one at a time with a length cap, so a 50 MB line is refused after
    reading 1 MB of it rather than held whole in memory.
    """
    digest = hashlib.sha256()
    lines: list[str] = []
    notes: list[str] = []
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            break
        number += 1
        digest.update(raw)
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            raise FileProblem(
                Problem(
                    number,
                    "",
                    f"the line is longer than {max_line_bytes:,} bytes; is this the right file?",
                )
            )
        if number == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM) :]
            notes.append(
                "The file starts with a UTF-8 byte-order mark (as Excel writes); it was ignored."
            )
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise FileProblem(
                Problem(
                    number,
                    "",
                    f"not valid UTF-8 (byte {error.start + 1} of the line); "
                    "save the file as UTF-8 and try again",
                )
            ) from error
    if not any(line.strip() for line in lines):
        raise FileProblem(Problem(0, "", "the file is empty"))
    return DecodedLines(lines=lines, checksum=digest.hexdigest(), notes=notes)


def non_blank(lines: list[str]) -> Iterator[tuple[int, str]]:
    """``(line number, line without its ending)`` for every line that is not blank."""
    for number, line in enumerate(lines, start=1):
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            yield number, stripped
