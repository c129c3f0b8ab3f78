"""Benchmark: the claims CSV export against the database's own CSV dump, in one run.

Builds a desk of N claims (default 100,000; bulk-inserted with SQLAlchemy Core, since the
point is the export, not the insert), then times

  * `claimdesk export claims` (the app's streamed export, through the same code as
    /exports/claims.csv), and
  * the reference: `sqlite3 -csv` (SQLite) or `psql \\copy ... TO STDOUT CSV` (PostgreSQL)
    dumping the claims table joined to its claimant,

and prints rows, seconds, rows per second, the ratio, and the export's peak memory
(resident set of the child process), to show it stays flat as N grows.

    python bench/export_bench.py [--claims 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alembic import command
from sqlalchemy import insert, make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import analyze, insert_in_batches, postgres_database  # noqa: E402
from webapp.claims.models import Claim  # noqa: E402
from webapp.db import make_engine  # noqa: E402
from webapp.migrations_cli import alembic_config  # noqa: E402
from webapp.sources.models import Source  # noqa: E402

CLAIMDESK = str(Path(sys.executable).with_name("claimdesk"))
REFERENCE_QUERY = (
    "SELECT c.id, c.statement, c.quote, s.name, c.status, c.created_at "
    "FROM claims c LEFT JOIN sources s ON s.id = c.claimant_id ORDER BY c.id"
)


def build(url: str, claims: int) -> None:
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url).execution_options(claimdesk_write=True)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Source),
            [
                {
                    "name": f"Source {n}",
                    "name_key": f"source {n}",
                    "kind": "person",
                    "description": "",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(1, 1001)
            ],
        )
        insert_in_batches(
            conn,
            Claim,
            (
                {
                    "statement": f'Claim number {n}: about {n % 997} fighters, "quoted", =SUM(A1)',
                    "quote": f"the words of claim {n}\nover two lines",
                    "claimant_id": n % 1000 + 1,
                    "language": "en",
                    "checkable": True,
                    "status": "new",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(1, claims + 1)
            ),
        )
    analyze(engine)
    engine.dispose()


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB) of a child process writing to /dev/null."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(args, stdout=sink, check=True, env=env)
    elapsed = time.perf_counter() - start
    return elapsed, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def run(url: str, claims: int, reference: list[str]) -> None:
    env = {**os.environ, "CLAIMDESK_DATABASE_URL": url}
    app_seconds, app_rss = timed([CLAIMDESK, "export", "claims"], env)
    ref_seconds, _ = timed(reference)
    engine = make_url(url).get_backend_name()
    print(
        f"{engine:10} {claims:>9,} claims  claimdesk export {app_seconds:7.2f} s "
        f"({claims / app_seconds:>9,.0f} rows/s, peak RSS {app_rss / 1024:5.0f} MiB)  "
        f"reference {ref_seconds:6.2f} s  ratio {app_seconds / ref_seconds:5.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("CLAIMDESK_TEST_POSTGRES_URL", ""))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        url = f"sqlite:///{path}"
        build(url, options.claims)
        run(url, options.claims, ["sqlite3", "-csv", "-header", str(path), REFERENCE_QUERY])
    if options.postgres:
        with postgres_database(options.postgres, "claimdesk_bench_export") as url:
            build(url, options.claims)
            psql_url = make_url(url).set(drivername="postgresql")
            run(
                url,
                options.claims,
                [
                    "psql",
                    psql_url.render_as_string(hide_password=False),
                    "-q",
                    "-c",
                    f"\\copy ({REFERENCE_QUERY}) TO STDOUT CSV HEADER",
                ],
            )


if __name__ == "__main__":
    main()
