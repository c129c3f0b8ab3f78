"""Keyset pagination: pages follow a cursor (the last row's sort key), never OFFSET."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The sort key a cursor carries; None for a missing or garbled cursor (first page)."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) else None


@dataclass
class Page(Generic[T]):
    """One page of rows, and the cursor of the next page (None on the last)."""

    items: list[T]
    next_cursor: str | None
    total: int | None = None


@dataclass(frozen=True)
class SortKey:
    """An ordering: columns (the last one unique, e.g. the id) and a direction."""

    columns: tuple[ColumnElement[Any], ...]
    descending: bool

    def order_by(self) -> list[ColumnElement[Any]]:
        return [c.desc() if self.descending else c.asc() for c in self.columns]

    def after(self, values: list[Any]) -> ColumnElement[bool]:
        """Rows strictly after ``values`` in this ordering (a row-value comparison, spelled out
        so NULL-free columns work the same on SQLite and PostgreSQL)."""
        clauses = []
        for i, column in enumerate(self.columns):
            equal = [self.columns[j] == values[j] for j in range(i)]
            beyond = column < values[i] if self.descending else column > values[i]
            clauses.append(and_(*equal, beyond))
        return or_(*clauses)


def paginate(
    sess: Session,
    query: Select[Any],
    sort: SortKey,
    cursor: str | None,
    per_page: int,
    key_of: Any,
) -> Page[Any]:
    """Run ``query`` for the page after ``cursor``; ``key_of(row)`` gives a row's sort key."""
    values = decode_cursor(cursor)
    if values is not None and len(values) == len(sort.columns):
        typed = _typed(sort, values)
        if typed is not None:
            query = query.where(sort.after(typed))
    rows = list(sess.scalars(query.order_by(*sort.order_by()).limit(per_page + 1)))
    has_more = len(rows) > per_page
    rows = rows[:per_page]
    next_cursor = encode_cursor(key_of(rows[-1])) if has_more and rows else None
    return Page(items=rows, next_cursor=next_cursor)


def _typed(sort: SortKey, values: list[Any]) -> list[Any] | None:
    """Turn a cursor's JSON values back into the columns' Python types (None if they don't fit)."""
    typed: list[Any] = []
    for column, value in zip(sort.columns, values, strict=True):
        column_type = column.type
        if isinstance(column_type, TypeDecorator):  # e.g. UTCDateTime: the impl knows
            column_type = column_type.impl_instance
        try:
            python_type = column_type.python_type
        except NotImplementedError:
            python_type = object
        try:
            if value is None:
                return None
            if python_type is dt.datetime:
                typed.append(dt.datetime.fromisoformat(value))
            elif python_type is dt.date:
                typed.append(dt.date.fromisoformat(value))
            elif python_type in (int, float, str):
                typed.append(python_type(value))
            else:
                typed.append(value)
        except (TypeError, ValueError):
            return None
    return typed
