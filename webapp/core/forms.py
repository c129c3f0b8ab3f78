"""Helpers that connect operations' errors to WTForms forms."""

from __future__ import annotations

from typing import Any

from webapp.core.errors import OperationError


def show_operation_error(form: Any, error: OperationError) -> None:
    """Attach ``error`` to the form field it names, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def submitted_version(form: Any) -> int | None:
    """The record version an edit form carried, or None when it is missing or garbled."""
    raw = form.version.data
    return int(raw) if raw and str(raw).isdigit() else None
