"""`make bench`: every measurement of docs/performance.md, side by side with its references.

Knobs (environment): BENCH_CLAIMS (default 1000000), BENCH_SECONDS per wrk run (5),
BENCH_REPEATS rounds of each interleaved comparison (3), BENCH_IMPORT_ROWS (100000),
BENCH_DATA (cache of built desks), BENCH_POSTGRES_URL or CLAIMDESK_TEST_POSTGRES_URL.
Prints markdown tables (median, min-max over the rounds, and ratios per round) and
writes them to BENCH_DATA/results-<N>.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages, transfer
from bench.data import DATA, postgres_desk, sqlite_desk
from bench.tools import ensure_tools, fmt, ratios

CLAIMS = int(os.environ.get("BENCH_CLAIMS", "1000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
# Exports of a million rows take minutes each: two rounds keep the suite under 30 minutes.
SLOW_REPEATS = REPEATS if CLAIMS <= 100_000 else min(REPEATS, 2)
lines: list[str] = []


def say(text: str = "") -> None:
    print(text, flush=True)
    lines.append(text)


def table(header: Sequence[str], rows: list[Sequence[str]]) -> None:
    say("| " + " | ".join(header) + " |")
    say("|" + "---|" * len(header))
    for row in rows:
        say("| " + " | ".join(row) + " |")
    say()


def of(runs: Sequence[Any], field: str) -> list[float]:
    return [getattr(run, field) for run in runs]


def target(label: str, ok: bool, detail: str) -> None:
    say(f"- {'MET ' if ok else 'MISSED'} {label}: {detail}")


def measure_pages(path: Path, info: Any) -> dict[str, list[Any]]:
    say(f"## Claims list and search pages, {info.claims:,} claims (SQLite, wrk -c4, {SECONDS:g} s)")
    loads = pages.list_and_search(f"sqlite:///{path}", path, info, SECONDS, REPEATS)
    table_rps = of(loads["datasette table"], "rps")
    rows = []
    for name, runs in loads.items():
        bare_rps = of(loads["datasette table ?_nosuggest=1"], "rps")
        own = name.startswith("datasette")
        ratio = "" if own else fmt(ratios(of(runs, "rps"), table_rps))
        bare = "" if own else fmt(ratios(of(runs, "rps"), bare_rps))
        rows.append([name, fmt(of(runs, "rps")), fmt(of(runs, "p50")), fmt(of(runs, "p99")),
                     ratio, bare])  # fmt: skip
    table(["page", "requests/s", "p50 ms", "p99 ms", "x Datasette table page",
           "x Datasette ?_nosuggest=1"], rows)  # fmt: skip
    return loads


def measure_growth(sizes: list[int], at_n: dict[str, list[Any]]) -> dict[int, dict[str, Any]]:
    say("## Growth: p50 (ms) of the list and search pages by desk size (SQLite)")
    by_size: dict[int, dict[str, Any]] = {}
    for size in sizes:
        path, info = sqlite_desk(size)
        if size == CLAIMS:
            by_size[size] = {k: v for k, v in at_n.items() if not k.startswith("datasette")}
        else:
            by_size[size] = pages.app_only(f"sqlite:///{path}", info, SECONDS, REPEATS)
    classes = list(by_size[sizes[0]])
    rows = [[name] + [fmt(of(by_size[s][name], "p50")) for s in sizes] for name in classes]
    table(["page", *(f"{s:,} claims" for s in sizes)], rows)
    return by_size


def measure_source(path: Path, info: Any) -> dict[str, list[Any]]:
    say(f"## Source page of the source with the most claims ({info.big_source_claims:,})")
    loads = pages.app_only(f"sqlite:///{path}", info, SECONDS, REPEATS, source_page=True)
    rows = [[n, fmt(of(r, "rps")), fmt(of(r, "p50")), fmt(of(r, "p99"))] for n, r in loads.items()]
    table(["page", "requests/s", "p50 ms", "p99 ms"], rows)
    return loads


def measure_export(path: Path, pg_url: str) -> dict[str, list[Any]]:
    with sqlite3.connect(path) as conn:
        live = conn.execute("SELECT count(*) FROM claims WHERE retracted_at IS NULL").fetchone()[0]
        everything = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    say(f"## CSV export of all claims ({live:,} live claims; Datasette streams all {everything:,})")
    with pages.datasette_server(path) as ds:
        runs = transfer.exports(path, live, everything, ds, pg_url, SLOW_REPEATS)
    rows = [
        [name, fmt(of(r, "seconds"), 2), fmt(of(r, "rows_per_second"), 0),
         fmt(of(r, "peak_mib"), 0) if r[0].peak_mib else ""]
        for name, r in runs.items()
    ]  # fmt: skip
    table(["contender", "seconds", "rows/s", "peak RSS MiB"], rows)
    return runs


def measure_import() -> dict[str, list[Any]]:
    say(f"## CSV import of {IMPORT_ROWS:,} claims (claimdesk: full validation and audit)")
    runs = transfer.imports(IMPORT_ROWS, SLOW_REPEATS)
    rows = [
        [n, fmt(of(r, "seconds"), 2), fmt(of(r, "rows_per_second"), 0)] for n, r in runs.items()
    ]
    table(["contender", "seconds", "rows/s"], rows)
    return runs


def rate(runs: dict[str, list[Any]], a: str, b: str) -> list[float]:
    return ratios(of(runs[a], "rows_per_second"), of(runs[b], "rows_per_second"))


def check_targets(
    loads: dict[str, list[Any]],
    growth: dict[int, dict[str, Any]],
    source: dict[str, list[Any]],
    export: dict[str, list[Any]],
    imported: dict[str, list[Any]],
) -> None:
    say(f"## Targets ({CLAIMS:,} claims)")
    table_rps = of(loads["datasette table"], "rps")
    for name in pages.CLASSES:
        speed = statistics.median(ratios(of(loads[name], "rps"), table_rps))
        target(f"{name} throughput >= 8x Datasette table page", speed >= 8, f"{speed:.1f}x")
        p99 = statistics.median(of(loads[name], "p99"))
        target(f"{name} p99 < 50 ms", p99 < 50, f"{p99:.1f} ms")
    small, large = min(growth), max(growth)
    for name in growth[small]:
        grown = statistics.median(of(growth[large][name], "p50")) / statistics.median(
            of(growth[small][name], "p50")
        )
        target(f"growth of {name} p50 {large:,}/{small:,} <= 1.5x", grown <= 1.5, f"{grown:.2f}x")
    for name, runs in source.items():
        p99 = statistics.median(of(runs, "p99"))
        target(f"{name} p99 < 100 ms", p99 < 100, f"{p99:.1f} ms")
    app = "claimdesk export (SQLite)"
    for ref, wanted in (("sqlite3 -csv", 0.5), ("datasette CSV ?_stream=1", 5.0)):
        got = statistics.median(rate(export, app, ref))
        target(f"export >= {wanted}x {ref} rows/s", got >= wanted, f"{got:.2f}x")
    if "psql \\copy" in export:
        got = statistics.median(rate(export, "claimdesk export (PostgreSQL)", "psql \\copy"))
        target("export (PostgreSQL) >= 0.8x psql \\copy rows/s", got >= 0.8, f"{got:.2f}x")
    peak = max(of(export[app], "peak_mib"))
    target(f"export peak memory < 150 MB at {CLAIMS:,}", peak * 1.048576 < 150, f"{peak:.0f} MiB")
    got = statistics.median(rate(imported, "claimdesk import claims (SQLite)", "sqlite3 .import"))
    target("import >= 0.25x sqlite3 .import rows/s", got >= 0.25, f"{got:.4f}x")
    got = statistics.median(
        rate(imported, "claimdesk import claims (PostgreSQL)", "psql \\copy FROM")
    )
    say(f"- (for comparison) import (PostgreSQL) / psql \\copy FROM rows/s: {got:.4f}x")


def main() -> None:
    started = time.perf_counter()
    ensure_tools()
    sizes = sorted({s for s in (10_000, 100_000, CLAIMS) if s <= CLAIMS})
    say(f"# Claimdesk benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    say(
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; load average at start {os.getloadavg()[0]:.1f}"
    )
    say()
    for size in sizes:
        sqlite_desk(size)
    path, info = sqlite_desk(CLAIMS)
    pg_url, _ = postgres_desk(CLAIMS)
    loads = measure_pages(path, info)
    growth = measure_growth(sizes, loads)
    source = measure_source(path, info)
    export = measure_export(path, pg_url)
    imported = measure_import()
    check_targets(loads, growth, source, export, imported)
    say(f"\nTotal {time.perf_counter() - started:.0f} s; load average at end "
        f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    (DATA / f"results-{CLAIMS}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
