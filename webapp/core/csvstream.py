"""Streamed CSV: RFC 4180, UTF-8, constant memory, formula injection neutralised.

A cell that a spreadsheet could run as a formula (it starts with ``=``, ``+``, ``-``,
``@``, tab, carriage return, line feed or NUL) gets a leading ``'``. Nothing else is
changed: claim text is evidence, so characters are never stripped. Numbers are
written by us, not typed by users, so a negative number stays a number.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
BOM = "\ufeff"
ROWS_PER_CHUNK = 500


def neutralise(text: str) -> str:
    """Prefix ``'`` when ``text`` would start a spreadsheet formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell(value: Any) -> str:
    """One value as CSV text: None empty, booleans true/false, dates ISO 8601."""
    if value is None:
        return ""
    if type(value) is str:  # the common case first: most cells are text
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.datetime):
        text = value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, int | float):
        # Numbers we formatted ourselves cannot carry a formula; "-3" stays a number.
        return f"{value:.10g}" if isinstance(value, float) else str(value)
    else:
        text = str(value)
    return neutralise(text)


def stream_csv(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False
) -> Iterator[bytes]:
    """Yield the CSV document in UTF-8 chunks: a header, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if bom:
        buffer.write(BOM)
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
