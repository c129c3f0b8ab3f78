"""CSV export and import: Claimdesk against sqlite3, psql and Datasette on the same data."""

from __future__ import annotations

import csv
import os
import random
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command

from bench.data import fresh_postgres, plain_postgres_url
from bench.desk import vocabulary
from bench.tools import BIN, app_env, interleaved
from webapp.migrations_cli import alembic_config


@dataclass
class Run:
    """One timed run: seconds, rows, and the peak resident memory (MiB) of the process."""

    seconds: float
    rows: int
    peak_mib: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def _first_appearance(agg: str) -> str:
    return (
        "SELECT claim_id, url, publisher_id, published_on FROM (SELECT a.claim_id, d.url, "
        "d.publisher_id, d.published_on, row_number() OVER (PARTITION BY a.claim_id "
        "ORDER BY a.is_first DESC, a.id) AS pos FROM appearances a JOIN documents d "
        "ON d.id = a.document_id WHERE a.retracted_at IS NULL) ranked_a WHERE pos = 1"
    )


def report_sql(dialect: str) -> str:
    """The claims report as one SQL query: the columns and joins of claim_rows.py."""
    agg = "group_concat({0}, '{1}')" if dialect == "sqlite" else "string_agg({0}, '{1}')"
    relays = agg.format("s.name", " > ")
    tags = agg.format("name", "; ")
    return (
        "SELECT c.id, c.external_id, c.statement, c.quote, c.claimant_id, cl.name, "
        f"(SELECT {relays} FROM (SELECT s.name FROM claim_relays r JOIN sources s "
        "ON s.id = r.source_id WHERE r.claim_id = c.id ORDER BY r.position) s), "
        "fa.url, pub.name, fa.published_on, "
        f"(SELECT {tags} FROM (SELECT t.name FROM claim_tags ct JOIN tags t "
        "ON t.id = ct.tag_id WHERE ct.claim_id = c.id ORDER BY t.name_key) t), "
        "c.quantity_value, c.quantity_low, c.quantity_high, c.quantity_unit, c.quantity_as_of, "
        "c.checkable, c.language, c.claim_date, c.event_date, c.place, c.status, v.id, "
        "rv.label, rs.slug, rv.truth_score, v.credibility, u.display_name, v.speaks_for, "
        "v.concluded_at, c.retracted_at IS NOT NULL, c.created_at, c.updated_at "
        "FROM claims c LEFT JOIN sources cl ON cl.id = c.claimant_id "
        f"LEFT JOIN ({_first_appearance(agg)}) fa ON fa.claim_id = c.id "
        "LEFT JOIN sources pub ON pub.id = fa.publisher_id "
        "LEFT JOIN (SELECT claim_id, verdict_id FROM (SELECT claim_id, id AS verdict_id, "
        "row_number() OVER (PARTITION BY claim_id ORDER BY concluded_at DESC, id DESC) AS pos "
        "FROM verdicts WHERE concluded_at IS NOT NULL AND retracted_at IS NULL) ranked_v "
        "WHERE pos = 1) cv ON cv.claim_id = c.id "
        "LEFT JOIN verdicts v ON v.id = cv.verdict_id "
        "LEFT JOIN rating_values rv ON rv.id = v.rating_value_id "
        "LEFT JOIN rating_scales rs ON rs.id = rv.scale_id "
        "LEFT JOIN users u ON u.id = v.reviewer_id "
        "WHERE c.retracted_at IS NULL ORDER BY c.id"
    )


def _high_water_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def timed(args: list[str], rows: int, env: dict[str, str] | None = None) -> Run:
    """Run ``args`` with its output to /dev/null; its own peak memory, polled every 20 ms.

    Not ``ru_maxrss`` from wait4: Python starts children with vfork, so that figure is at
    least the bench process's own size (every contender showed the same 130 MiB).
    VmHWM belongs to the program's own address space, made new by exec.
    """
    started = time.perf_counter()
    peak = 0
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(args, stdout=sink, env={**os.environ, **(env or {})})
        while process.poll() is None:
            peak = max(peak, _high_water_kib(process.pid))
            time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"{args[0]} exited with {process.returncode}")
    return Run(seconds, rows, peak / 1024)


def download(url: str, rows: int) -> Run:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=3600) as response:  # noqa: S310
        while response.read(1 << 20):
            pass
    return Run(time.perf_counter() - started, rows)


def export_contenders(
    sqlite_path: Path, live: int, everything: int, datasette: str | None, pg_url: str | None
) -> dict[str, Callable[[], Run]]:
    """Each way of dumping the claims report to CSV, as a runnable."""
    url = f"sqlite:///{sqlite_path}"
    app = [str(BIN / "claimdesk"), "export", "claims"]
    runs: dict[str, Callable[[], Run]] = {
        "claimdesk export (SQLite)": lambda: timed(app, live, app_env(url)),
        "sqlite3 -csv": lambda: timed(
            ["sqlite3", "-csv", "-header", str(sqlite_path), report_sql("sqlite")], live
        ),
    }
    if datasette:
        # Datasette streams the claims table itself (every row, no joins): the kindest case.
        stream = f"{datasette}/claims.csv?_stream=1&_size=max"
        runs["datasette CSV ?_stream=1"] = lambda: download(stream, everything)
    if pg_url:
        copy = f"\\copy ({report_sql('postgresql')}) TO STDOUT CSV HEADER"
        psql = ["psql", plain_postgres_url(pg_url), "-q", "-c", copy]
        runs["claimdesk export (PostgreSQL)"] = lambda: timed(app, live, app_env(pg_url))
        runs["psql \\copy"] = lambda: timed(psql, live)
    return runs


def exports(
    sqlite_path: Path, live: int, everything: int, datasette: str, pg_url: str, repeats: int
) -> dict[str, list[Run]]:
    return interleaved(export_contenders(sqlite_path, live, everything, datasette, pg_url), repeats)


# --- import ------------------------------------------------------------------------------

IMPORT_COLUMNS = ["statement", "quote", "claimant", "claimant_kind", "tags", "claim_date",
                  "appearance_url", "appearance_title", "verdict",
                  "credibility", "rationale", "evidence_urls", "verdict_conclude"]  # fmt: skip


def import_file(folder: Path, rows: int, seed: int = 11) -> Path:
    """A claims CSV in the import format: claimant, tag, document and a concluded verdict."""
    rng = random.Random(seed)
    words = vocabulary()
    path = folder / f"claims-{rows}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(IMPORT_COLUMNS)
        for n in range(rows):
            drawn = rng.choices(words[:2000], k=14)
            out.writerow(
                [f"Person said {' '.join(drawn[:9])} (row {n}).", " ".join(drawn[9:]),
                 f"Person {rng.randrange(1, 500)}", "person", f"Topic {rng.randrange(1, 30)}",
                 f"2024-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}",
                 f"https://news.example/{n}", f"Article {n}",
                 rng.choice(["True", "Mostly true", "Mixed", "False"]), rng.randrange(1, 7),
                 "Checked against the record.", f"https://records.example/{n}", "yes"]
            )  # fmt: skip
    return path


def import_contenders(folder: Path, path: Path, rows: int) -> dict[str, Callable[[], Run]]:
    """The app's full import into a fresh desk, and the databases' raw CSV loaders."""
    table = "CREATE TABLE claims_import (" + ", ".join(f"{c} TEXT" for c in IMPORT_COLUMNS) + ")"
    template = folder / "empty.sqlite3"
    if not template.exists():
        command.upgrade(alembic_config(f"sqlite:///{template}"), "head")

    def app_sqlite() -> Run:
        target = folder / "import.sqlite3"
        target.write_bytes(template.read_bytes())
        url = f"sqlite:///{target}"
        return timed([str(BIN / "claimdesk"), "import", "claims", str(path)], rows, app_env(url))

    def app_postgres() -> Run:
        url = fresh_postgres("claimdesk_bench_import_app")
        command.upgrade(alembic_config(url), "head")
        return timed([str(BIN / "claimdesk"), "import", "claims", str(path)], rows, app_env(url))

    def sqlite3_import() -> Run:
        target = folder / "raw.sqlite3"
        target.unlink(missing_ok=True)
        subprocess.run(["sqlite3", str(target), table], check=True)
        return timed(["sqlite3", str(target), f".import --csv --skip 1 {path} claims_import"], rows)

    def psql_copy() -> Run:
        url = plain_postgres_url(fresh_postgres("claimdesk_bench_import_raw"))
        subprocess.run(["psql", url, "-q", "-c", table], check=True)
        return timed(["psql", url, "-q", "-c", f"\\copy claims_import FROM '{path}' CSV HEADER"],
                     rows)  # fmt: skip

    return {"claimdesk import claims (SQLite)": app_sqlite, "sqlite3 .import": sqlite3_import,
            "claimdesk import claims (PostgreSQL)": app_postgres,
            "psql \\copy FROM": psql_copy}  # fmt: skip


def imports(rows: int, repeats: int) -> dict[str, list[Run]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = import_file(folder, rows)
        return interleaved(import_contenders(folder, path, rows), repeats)
