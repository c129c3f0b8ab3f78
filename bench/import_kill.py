"""Benchmark: kill -9 of `claimdesk import claims` of 100,000 rows at random moments.

The long version of tests/faults/test_import_kill.py, per engine: time a full import of
N rows (default 100,000) of a file like the one killed (that also creates its 50
claimants), then run T trials (default 10), each with a new file of N rows, killed with
SIGKILL at a seeded random moment in the first 60% of the write phase. After each kill it
checks that no table changed (or, if the kill came after the commit, that the whole file
is there), and `PRAGMA integrity_check` on SQLite; at the end it imports the last killed
file to completion and once more, to show the import repeats cleanly. Prints each trial.

    .venv/bin/python bench/import_kill.py [--rows 100000] [--trials 10] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alembic import command  # noqa: E402
from sqlalchemy import make_url  # noqa: E402

from bench.scratch import postgres_database  # noqa: E402
from tests.faults.killing import (  # noqa: E402
    kill_during_import,
    run_import,
    sqlite_integrity,
    table_counts,
    write_claims_csv,
    write_phase_seconds,
)
from webapp.db import make_engine  # noqa: E402
from webapp.migrations_cli import alembic_config  # noqa: E402


def run(url: str, rows: int, trials: int, folder: Path, repeat: bool = True) -> None:
    name = make_url(url).get_backend_name()
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    start = time.perf_counter()
    write = write_phase_seconds(url, write_claims_csv(folder / "warm.csv", rows, "warm"))
    total = time.perf_counter() - start
    print(
        f"{name}: full import of {rows:,} rows {total:.1f} s (write phase {write:.1f} s, "
        f"{rows / write:,.0f} rows/s)",
        flush=True,
    )
    last_killed = None
    for trial in range(trials):
        path = write_claims_csv(folder / f"trial{trial}.csv", rows, f"trial{trial}")
        before = table_counts(engine)
        result = kill_during_import(url, path, seed=trial, write_seconds=write)
        after = table_counts(engine)
        if after == before:
            outcome, last_killed = "nothing written", path
        elif after["claims"] == before["claims"] + rows:
            outcome = "whole file (kill after commit)"
        else:
            outcome = f"PARTIAL: {after['claims'] - before['claims']:,} claims"
        integrity = sqlite_integrity(url)[0][0] if name == "sqlite" else "n/a"
        print(
            f"  trial {trial}: killed after {result.delay:6.1f} s, exit {result.returncode}, "
            f"{outcome}, integrity {integrity}",
            flush=True,
        )
    if repeat and last_killed is not None:
        seconds, done = run_import(url, last_killed)
        print(
            f"  re-import of a killed file: exit {done.returncode}, {seconds:.1f} s; "
            f"{done.stdout.strip().splitlines()[-1]}"
        )
        seconds, done = run_import(url, last_killed)
        print(
            f"  once more: exit {done.returncode}, {seconds:.1f} s; "
            f"{done.stdout.strip().splitlines()[-1]}"
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--postgres", default=os.environ.get("CLAIMDESK_TEST_POSTGRES_URL", ""))
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--no-repeat", action="store_true", help="Skip re-importing a killed file at the end."
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not options.skip_sqlite:
            run(
                f"sqlite:///{Path(folder) / 'kill.sqlite3'}",
                options.rows,
                options.trials,
                Path(folder),
                not options.no_repeat,
            )
        if options.postgres:
            with postgres_database(options.postgres, "claimdesk_bench_kill") as url:
                run(url, options.rows, options.trials, Path(folder), not options.no_repeat)


if __name__ == "__main__":
    main()
