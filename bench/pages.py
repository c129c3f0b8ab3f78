"""Claims list, search and source pages under load: Claimdesk against Datasette, same file."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.desk import DeskInfo
from bench.tools import (
    BIN,
    Load,
    app_server,
    check_page,
    free_port,
    interleaved,
    server,
    viewer_cookie,
    wrk,
)


@contextmanager
def datasette_server(path: Path) -> Iterator[str]:
    """Datasette on the same SQLite file; its FTS5 table configured, time limit raised."""
    name = path.stem
    metadata = {"databases": {name: {"tables": {"claims": {"fts_table": "claims_fts",
                                                            "fts_pk": "id"}}}}}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        meta = Path(folder) / "metadata.json"
        meta.write_text(json.dumps(metadata))
        port = free_port()
        args = [str(BIN / "datasette"), "serve", str(path), "--port", str(port),
                "--metadata", str(meta), "--setting", "default_page_size", "50",
                # Its default 1 s limit answers 400 "query took too long" at a million rows.
                "--setting", "sql_time_limit_ms", "30000",
                # and its CSV stops at 100 MB unless told otherwise.
                "--setting", "max_csv_mb", "0"]  # fmt: skip
        with server(args, port):
            yield f"http://127.0.0.1:{port}/{name}"


CLASSES = ("list", "filtered", "search rare", "search medium", "search common")


def app_urls(info: DeskInfo) -> dict[str, str]:
    """The query classes of the claims list, page size 50 (the app's default)."""
    return {
        "list": "/claims",
        "filtered": f"/claims?status=concluded&tag={info.tag}",
        "search rare": f"/claims?q={info.rare}",
        "search medium": f"/claims?q={info.medium}",
        "search common": f"/claims?q={info.common}",
    }


def datasette_urls(info: DeskInfo) -> dict[str, str]:
    return {
        "datasette table": "/claims?_size=50",
        # Out of the box Datasette also suggests facets on a table page; without them:
        "datasette table ?_nosuggest=1": "/claims?_size=50&_nosuggest=1",
        "datasette search rare": f"/claims?_search={info.rare}&_size=50",
        "datasette search medium": f"/claims?_search={info.medium}&_size=50",
        "datasette search common": f"/claims?_search={info.common}&_size=50",
    }


def _runner(url: str, seconds: float, cookie: str) -> Callable[[], Load]:
    check_page(url, cookie)

    def run() -> Load:
        return wrk(url, seconds, cookie)

    return run


def list_and_search(
    url: str, path: Path, info: DeskInfo, seconds: float, repeats: int
) -> dict[str, list[Load]]:
    """Every query class of both, interleaved ``repeats`` times."""
    with app_server(url) as base, datasette_server(path) as ds:
        cookie = viewer_cookie(url, base)
        contenders: dict[str, Callable[[], Any]] = {}
        for name, page in app_urls(info).items():
            contenders[name] = _runner(base + page, seconds, cookie)
        for name, page in datasette_urls(info).items():
            contenders[name] = _runner(ds + page, seconds, "")
        return interleaved(contenders, repeats)


def app_only(
    url: str, info: DeskInfo, seconds: float, repeats: int, source_page: bool = False
) -> dict[str, list[Load]]:
    """The app's query classes alone (growth); with the biggest source's page if asked."""
    with app_server(url) as base:
        cookie = viewer_cookie(url, base)
        pages = app_urls(info)
        if source_page:
            pages = {f"source page ({info.big_source_claims:,} claims)":
                     f"/sources/{info.big_source_id}"}  # fmt: skip
        contenders = {name: _runner(base + page, seconds, cookie) for name, page in pages.items()}
        return interleaved(contenders, repeats)
