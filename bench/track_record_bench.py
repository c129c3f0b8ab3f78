"""How fast is a track record? A source with 100,000 concluded claims, on SQLite and PostgreSQL.

Builds a fresh database per engine (migrated with Alembic), bulk-inserts with SQLAlchemy Core
one source with N claims (default 100,000; 2% of them corrected by a second verdict, 1%
unverifiable, spread over five years, five tags) and 300 other sources with 1-40 claims each
(so the desk's prior has something to learn from). Then it times, best of several runs:

* reference: ``SELECT count(*), sum(score)`` over the source's claims joined to their verdicts
  and rating values, sent straight through the driver (sqlite3 / psycopg) - the floor cost
  of reading those rows at all;
* track record: ``webapp.reliability.queries.track_record`` with the prior already fitted
  (counts by rating value, current-verdict rules, the estimate and its interval);
* track record + prior: the same, fitting the desk's prior from every source first (what a
  source page does);
* trend and by-tag: the other two queries of the source page;

and prints each time with its ratio to the reference.

Run:  .venv/bin/python bench/track_record_bench.py [--claims N] [--postgres URL]
(PostgreSQL is used when --postgres or CLAIMDESK_BENCH_POSTGRES_URL or
CLAIMDESK_TEST_POSTGRES_URL is set; a database claimdesk_bench_<pid> is created and dropped.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, insert, make_url, select, text
from sqlalchemy.orm import Session

from webapp.claims.models import Claim, Tag, claim_tags
from webapp.db import make_engine
from webapp.migrations_cli import alembic_config
from webapp.registry import import_models
from webapp.reliability.priors import fitted_model
from webapp.reliability.queries import Capacity, by_tag, track_record
from webapp.reliability.trend import trend
from webapp.sources.models import Source
from webapp.verdicts.models import RatingScale, RatingValue, Verdict

REFERENCE_SQL = (
    "SELECT count(*), sum(rv.truth_score) FROM claims c "
    "JOIN verdicts v ON v.claim_id = c.id "
    "JOIN rating_values rv ON rv.id = v.rating_value_id "
    "WHERE c.claimant_id = {param} AND v.concluded_at IS NOT NULL"
)
START = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
RUNS = 5


def populate(engine: Engine, claims: int, seed: int = 2026) -> int:
    """Bulk-insert the desk; returns the id of the big source."""
    rng = random.Random(seed)
    with engine.begin() as conn:
        values = conn.execute(
            select(RatingValue.id, RatingValue.truth_score)
            .join(RatingScale)
            .where(RatingScale.slug == "default")
        ).all()
        scored = [v for v, score in values if score is not None]
        unverifiable = [v for v, score in values if score is None]
        now = dt.datetime.now(dt.UTC)
        sources = [
            {
                "id": i,
                "name": f"Source {i}",
                "name_key": f"source {i}",
                "kind": "person",
                "description": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(1, 302)
        ]
        conn.execute(insert(Source.__table__), sources)
        tags = [{"id": i, "name": f"Topic {i}", "name_key": f"topic {i}"} for i in range(1, 6)]
        conn.execute(insert(Tag.__table__), tags)
        plan = [(1, claims)] + [(i, rng.randint(1, 40)) for i in range(2, 302)]
        claim_id = verdict_id = 0
        for source_id, count in plan:
            bias = rng.betavariate(3, 2)
            claim_rows, verdict_rows, tag_rows = [], [], []
            for _ in range(count):
                claim_id += 1
                when = START + dt.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
                claim_rows.append(
                    {
                        "id": claim_id,
                        "statement": f"Claim {claim_id}",
                        "quote": "",
                        "claimant_id": source_id,
                        "language": "en",
                        "checkable": True,
                        "status": "concluded",
                        "version": 1,
                        "created_at": when,
                        "updated_at": when,
                    }
                )
                tag_rows.append({"claim_id": claim_id, "tag_id": claim_id % 5 + 1})
                ratings = [_rating(rng, bias, scored, unverifiable)]
                if rng.random() < 0.02:  # a correction
                    ratings.append(_rating(rng, bias, scored, unverifiable))
                for step, rating in enumerate(ratings):
                    verdict_id += 1
                    verdict_rows.append(
                        {
                            "id": verdict_id,
                            "claim_id": claim_id,
                            "rating_value_id": rating,
                            "credibility": 2,
                            "rationale": "Bench.",
                            "created_at": when,
                            "concluded_at": when + dt.timedelta(days=step * 30),
                            "version": 1,
                        }
                    )
            for start in range(0, len(claim_rows), 10_000):
                conn.execute(insert(Claim.__table__), claim_rows[start : start + 10_000])
            for start in range(0, len(verdict_rows), 10_000):
                conn.execute(insert(Verdict.__table__), verdict_rows[start : start + 10_000])
            for start in range(0, len(tag_rows), 10_000):
                conn.execute(insert(claim_tags), tag_rows[start : start + 10_000])
        conn.execute(text("ANALYZE"))
    return 1


def _rating(rng: random.Random, bias: float, scored: list[int], unverifiable: list[int]) -> int:
    if rng.random() < 0.01:
        return unverifiable[0]
    # Lower positions of the scale are truer; a source's bias tilts the draw.
    index = min(int(rng.betavariate(1 + 4 * (1 - bias), 1 + 4 * bias) * len(scored)), 5)
    return scored[index]


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Median of RUNS timed calls after one warm-up; and the last result."""
    result = fn()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run(engine_name: str, url: str, claims: int, reference: Callable[[int], Any]) -> None:
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    started = time.perf_counter()
    source = populate(engine, claims)
    print(
        f"\n{engine_name}: inserted {claims:,} claims of one source "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with Session(engine) as sess:
        model = fitted_model(sess, Capacity.CLAIMANT)
        ref_time, ref = best(lambda: reference(source))
        rows = [("reference count(*), sum(score) via driver", ref_time)]
        t_rec, record = best(lambda: track_record(sess, source, Capacity.CLAIMANT, None, model))
        rows.append(("track record (prior given)", t_rec))
        t_full, _ = best(lambda: track_record(sess, source, Capacity.CLAIMANT))
        rows.append(("track record + fitting the prior", t_full))
        t_trend, points = best(lambda: trend(sess, source, model))
        rows.append((f"trend ({len(points)} points)", t_trend))
        t_tags, tags = best(lambda: by_tag(sess, source, model))
        rows.append((f"by tag ({len(tags)} tags)", t_tags))
    engine.dispose()
    e = record.estimate
    print(
        f"reference rows {ref[0]:,} (sum {ref[1]:.1f}); track record: {record.concluded:,} "
        f"verdicts, {e.n:,} scored, estimate {e.estimate:.4f} ({e.low:.4f}-{e.high:.4f})"
    )
    for label, seconds in rows:
        print(f"  {label:<44} {seconds * 1000:8.1f} ms   x{seconds / ref_time:5.2f}")


def sqlite_reference(path: Path) -> Callable[[int], Any]:
    """The reference query on one open sqlite3 connection (opening it is not timed)."""
    conn = sqlite3.connect(path)

    def query(source_id: int) -> Any:
        return conn.execute(REFERENCE_SQL.format(param="?"), (source_id,)).fetchone()

    return query


def postgres_reference(url: str) -> Callable[[int], Any]:
    """The reference query on one open psycopg connection, autocommit (like psql)."""
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    holder: dict[str, Any] = {}

    def query(source_id: int) -> Any:
        if "conn" not in holder:
            holder["conn"] = psycopg.connect(plain, autocommit=True)
        return holder["conn"].execute(REFERENCE_SQL.format(param="%s"), (source_id,)).fetchone()

    query.close = lambda: holder.pop("conn").close() if "conn" in holder else None  # type: ignore[attr-defined]
    return query


def main() -> None:
    import_models()  # every mapper configured before the first query
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        run("SQLite", f"sqlite:///{path}", args.claims, sqlite_reference(path))
    server = (
        args.postgres
        or os.environ.get("CLAIMDESK_BENCH_POSTGRES_URL")
        or os.environ.get("CLAIMDESK_TEST_POSTGRES_URL")
    )
    if not server:
        print("\nPostgreSQL: skipped (no --postgres / CLAIMDESK_BENCH_POSTGRES_URL)")
        return
    server = server.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"claimdesk_bench_{os.getpid()}"
    admin = make_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    reference = postgres_reference(url)
    try:
        run("PostgreSQL", url, args.claims, reference)
    finally:
        reference.close()  # type: ignore[attr-defined]
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
