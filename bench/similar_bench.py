"""Benchmark: "checked before?" (``similar_claims``) on a desk of N claims, against search().

Builds a desk of N claims (default 1,000,000) with SQLAlchemy Core bulk inserts: the 12,836
LIAR statements, then statements recombined from them (the first part of one LIAR statement,
the rest of another, now and then a number written another way), each with its match key.
Then times, on the same session,

  * ``similar_claims(sess, text)`` (what the claim form, the API and the claim page call);
  * the reference: the claims list's own search, ``search_claim_ids(sess, text)`` (the FTS5 /
    tsvector ``search()`` behind /claims?q=, bounded ranking, 50 ids),

for three kinds of query text: LIAR statements reworded as in the tests (realistic form
submissions), texts of rare tokens only, and texts of the very commonest tokens only; prints
p50 and p99 of each and the ratio of the p99s, after one untimed pass over every query
(a live desk's index is in the page cache). Target: similar_claims p99 under 100 ms.

    python bench/similar_bench.py [--claims 1000000] [--postgres URL] [--queries 200]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from alembic import command
from sqlalchemy import make_url
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import analyze, insert_in_batches, postgres_database  # noqa: E402
from tests.matching.rewordings import reword  # noqa: E402
from webapp.claims.models import Claim  # noqa: E402
from webapp.claims.queries import search_claim_ids  # noqa: E402
from webapp.db import make_engine  # noqa: E402
from webapp.matching.normalize import match_key, tokens  # noqa: E402
from webapp.matching.queries import similar_claims  # noqa: E402
from webapp.migrations_cli import alembic_config  # noqa: E402
from webapp.registry import import_models  # noqa: E402

import_models()

LIAR_DIR = ROOT.parent.parent / "shared" / "datasets" / "liar"
if not LIAR_DIR.is_dir():
    LIAR_DIR = ROOT.parent / "shared" / "datasets" / "liar"


def liar_statements() -> list[str]:
    found = []
    for name in ("train.tsv", "valid.tsv", "test.tsv"):
        with (LIAR_DIR / name).open(encoding="utf-8", newline="") as handle:
            found += [row[2] for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return found


def statements(liar: list[str], claims: int) -> Iterator[str]:
    """The LIAR statements, then recombinations of two of them, deterministic."""
    rng = random.Random(1_000_000)
    yield from liar[:claims]
    for _ in range(claims - len(liar)):
        first, second = rng.choice(liar).split(), rng.choice(liar).split()
        cut_a, cut_b = max(1, len(first) // 2), len(second) // 2
        words = first[:cut_a] + second[cut_b:]
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words) + 1), f"{rng.randrange(1, 500) * 1000:,}")
        yield " ".join(words)


def build(url: str, claims: int, liar: list[str]) -> float:
    start = time.perf_counter()
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url).execution_options(claimdesk_write=True)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        insert_in_batches(
            conn,
            Claim,
            (
                {
                    "statement": statement,
                    "match_key": match_key(statement),
                    "quote": "",
                    "language": "en",
                    "checkable": True,
                    "status": "new",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for statement in statements(liar, claims)
            ),
        )
    analyze(engine)
    engine.dispose()
    return time.perf_counter() - start


def query_sets(liar: list[str], count: int) -> dict[str, list[str]]:
    """Reworded LIAR statements, and texts of rare or of the commonest tokens only."""
    rng = random.Random(8)
    frequency = Counter(t for s in liar for t in tokens(s))
    common = [t for t, _ in frequency.most_common(40)]
    rare = [t for t, n in frequency.items() if n == 1 and not t[:1].isdigit()]
    return {
        "reworded": [reword(s, i)[0] for i, s in enumerate(rng.sample(liar, count))],
        "rare": [" ".join(rng.sample(rare, 6)) for _ in range(count)],
        "common": [" ".join(rng.sample(common, 8)) for _ in range(count)],
    }


def timings(call: Callable[[str], object], texts: list[str]) -> list[float]:
    found = []
    for query in texts:
        start = time.perf_counter()
        call(query)
        found.append((time.perf_counter() - start) * 1000)
    return found


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def run(url: str, claims: int, built: float, sets: dict[str, list[str]]) -> None:
    engine = make_engine(url)
    backend = make_url(url).get_backend_name()
    print(f"{backend}: {claims:,} claims" + (f" built in {built:.0f} s" if built else ""))
    with Session(engine) as sess:
        # One untimed pass: a live desk's index sits in the page cache; a fresh build's not.
        for texts in sets.values():
            for query in texts:
                similar_claims(sess, query)
                search_claim_ids(sess, query)
        for name, texts in sets.items():
            ours = timings(lambda q: similar_claims(sess, q), texts)
            ref = timings(lambda q: search_claim_ids(sess, q), texts)
            print(
                f"  {name:9} similar_claims p50 {statistics.median(ours):6.1f} ms  "
                f"p99 {p99(ours):6.1f} ms | search() p50 {statistics.median(ref):7.1f} ms  "
                f"p99 {p99(ref):7.1f} ms | ratio of p99s {p99(ours) / p99(ref):5.2f}"
            )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("CLAIMDESK_TEST_POSTGRES_URL", ""))
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--reuse", metavar="URL", help="time a desk this script built before")
    options = parser.parse_args()
    liar = liar_statements()
    sets = query_sets(liar, options.queries)
    if options.reuse:
        run(options.reuse, options.claims, 0.0, sets)
        return
    if not options.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            run(url, options.claims, build(url, options.claims, liar), sets)
    if options.postgres:
        with postgres_database(options.postgres, "claimdesk_bench_similar") as url:
            run(url, options.claims, build(url, options.claims, liar), sets)


if __name__ == "__main__":
    main()
