"""Helpers that connect operations' errors to WTForms forms."""

from __future__ import annotations

from typing import Any

from webapp.core.changes import UNKNOWN_VERSION
from webapp.core.errors import OperationError


def show_operation_error(form: Any, error: OperationError) -> None:
    """Attach ``error`` to the form field it names, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


# Record numbers and versions fit in a signed 32-bit integer on every engine; a longer run
# of digits is a typo or a probe, and SQLite would overflow on it.
MAX_RECORD_DIGITS = 9


def record_number(raw: Any) -> int | None:
    """``raw`` as a record number or version; None when it is empty, garbled or too long."""
    text = str(raw or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= MAX_RECORD_DIGITS:
        return int(text)
    return None


def submitted_version(form: Any) -> int:
    """The record version an edit form carried.

    A missing or garbled version counts as one no record has: the save is then refused
    with a 409 instead of being written over changes its author never saw. (Operations
    take None to mean "no check", which only the CLI and the importers may ask for.)
    """
    number = record_number(form.version.data)
    return UNKNOWN_VERSION if number is None else number
