"""Exceptions that operations raise and views, the API and the CLI turn into messages."""

from __future__ import annotations

from typing import Any


class OperationError(Exception):
    """A change was refused for a reason the user can fix; ``field`` names the culprit."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(Exception):
    """The record changed since the user loaded it (a stale version)."""

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current


class PermissionDenied(Exception):
    """The acting user's role does not allow this change."""
