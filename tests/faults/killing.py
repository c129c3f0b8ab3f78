"""Kill -9 of ``claimdesk import claims`` at a random moment: the trial, for tests and bench/.

An import is one transaction, so a process killed half way must leave the database as it
was before (or, if the kill came after the commit, with the whole file): never part of it.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, make_url, select
from sqlalchemy.engine import Engine

from tests.faults.live import BIN, ROOT, server_env
from webapp.db import Base
from webapp.registry import import_models

CLAIMDESK = str(BIN / "claimdesk")
HEADER = ["external_id", "statement", "claimant", "claimant_kind", "tags"]


def write_claims_csv(path: Path, rows: int, prefix: str = "kill") -> Path:
    """A claims CSV of ``rows`` new claims by 50 claimants (created by the first import)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            writer.writerow(
                [
                    f"{prefix}-{n}",
                    f"Claim {prefix} {n}: about {n % 997} fighters left for Panjshir.",
                    f"Claimant {n % 50}",
                    "person",
                    "Panjshir, import test",
                ]
            )
    return path


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the schema, all read from one snapshot."""
    import_models()
    # One snapshot: a commit landing between two counts must not look like a partial import.
    snapshot = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name != "sqlite" else {}
    with engine.connect().execution_options(**snapshot) as conn, conn.begin():
        return {
            table.name: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def sqlite_integrity(url: str) -> list[tuple[str, ...]]:
    """``PRAGMA integrity_check`` of a SQLite database file (``[("ok",)]`` when sound)."""
    with closing(sqlite3.connect(make_url(url).database or "")) as conn:
        return [tuple(row) for row in conn.execute("PRAGMA integrity_check")]


def run_import(url: str, path: Path, *extra: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``claimdesk import claims`` to its end; return seconds taken and the result."""
    start = time.perf_counter()
    done = subprocess.run(
        [CLAIMDESK, "import", "claims", *extra, str(path)],
        cwd=ROOT,
        env=server_env(url),
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    return time.perf_counter() - start, done


@dataclass(frozen=True)
class Trial:
    seed: int
    delay: float  # seconds after the write phase began
    returncode: int  # -9 when the kill landed before the import ended


def _start_writing(url: str, path: Path) -> subprocess.Popen[bytes]:
    """Start ``claimdesk import claims PATH``; return once it begins writing rows."""
    process = subprocess.Popen(
        [CLAIMDESK, "import", "claims", str(path)],
        cwd=ROOT,
        env=server_env(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    # The progress bar's label (no newline after it) is printed when the rows start
    # being written.
    seen = b""
    while b"Importing" not in seen:
        chunk = os.read(process.stdout.fileno(), 256)
        if not chunk:
            break
        seen += chunk
    return process


def _finish(process: subprocess.Popen[bytes]) -> int:
    process.wait(timeout=3600)
    assert process.stdout is not None
    process.stdout.close()
    return process.returncode


def write_phase_seconds(url: str, path: Path) -> float:
    """Import ``path`` for real and time its write phase (from the first row to the exit)."""
    process = _start_writing(url, path)
    start = time.perf_counter()
    returncode = _finish(process)
    if returncode != 0:
        raise RuntimeError(f"the timing import of {path} failed ({returncode})")
    return time.perf_counter() - start


def kill_during_import(url: str, path: Path, *, seed: int, write_seconds: float) -> Trial:
    """Start an import, wait for its write phase, SIGKILL it after a seeded random delay.

    ``write_seconds`` is how long the write phase of such a file takes (see
    :func:`write_phase_seconds`): the kill lands in its first 60% (the machine's load
    varies, so it may still come after the commit; callers accept both outcomes).
    """
    delay = random.Random(seed).uniform(0.02, 0.6) * write_seconds
    process = _start_writing(url, path)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return Trial(seed=seed, delay=delay, returncode=_finish(process))
