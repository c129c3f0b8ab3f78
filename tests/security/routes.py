"""Every route of the app's URL map, with its arguments filled from the seeded desk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask

from webapp.db import WRITE_METHODS


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    rule: str

    @property
    def key(self) -> str:
        return f"{self.method} {self.endpoint}"

    @property
    def is_api(self) -> bool:
        return self.rule.startswith("/api/")

    @property
    def writes(self) -> bool:
        return self.method in WRITE_METHODS

    def url(self, ids: dict[str, Any]) -> str:
        path = self.rule
        for name in _arguments(path):
            path = path.replace(f"<{name}>", str(ids[name.split(":")[-1]]))
        return path


LAST = {"users.logout"}


def _arguments(rule: str) -> list[str]:
    return [part.split(">")[0] for part in rule.split("<")[1:]]


def routes(app: Flask) -> Iterator[Route]:
    """Each (rule, method) pair, HEAD and OPTIONS left out (Werkzeug answers them itself).

    Web routes come first, then the API (whose valid bodies really change records), and
    signing out last, so a test that walks every route keeps its session to the end.
    """
    ordered = sorted(
        app.url_map.iter_rules(),
        key=lambda r: (r.endpoint in LAST, r.rule.startswith("/api/"), r.rule),
    )
    for rule in ordered:
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield Route(rule.endpoint, method, rule.rule)
