"""Kill -9 of a CSV import at random moments of its write phase, on both engines.

Ten seeded trials per engine of 10,000 rows, each with a new file: after each kill every table holds
exactly the rows it held before, or (if the kill came after the commit) the whole file,
never part of it; SQLite passes ``PRAGMA integrity_check``. Afterwards a killed file
imports cleanly and a second run finds every row present. bench/import_kill.py runs the
same trials with 100,000 rows: about five minutes per engine, which would take ``make
test`` past 12 minutes on two CPUs (docs/performance.md has its results).
"""

from __future__ import annotations

from tests.faults.killing import (
    kill_during_import,
    run_import,
    sqlite_integrity,
    table_counts,
    write_claims_csv,
    write_phase_seconds,
)
from webapp import db

ROWS = 10_000
TRIALS = 10
WARM_ROWS = 2_500


def test_killed_import_leaves_nothing_partial(app, tmp_path) -> None:
    url = app.config["DATABASE_URL"]
    engine = db.database(app).engine
    # A smaller file like the ones killed below creates the claimants and times the write
    # phase, scaled to the size of the killed files (the import's cost is linear in rows).
    warm = write_phase_seconds(url, write_claims_csv(tmp_path / "warm.csv", WARM_ROWS, "warm"))
    seconds = warm * ROWS / WARM_ROWS

    interrupted = []
    for trial in range(TRIALS):
        path = write_claims_csv(tmp_path / f"trial{trial}.csv", ROWS, f"trial{trial}")
        before = table_counts(engine)
        seed = 1000 * (engine.dialect.name == "postgresql") + trial
        result = kill_during_import(url, path, seed=seed, write_seconds=seconds)
        now = table_counts(engine)
        if now == before:
            interrupted.append(path)
        else:  # the kill came after the commit: then the whole file is there
            assert now["claims"] == before["claims"] + ROWS, f"partial import after {result}"
            assert now["import_batches"] == before["import_batches"] + 1
            assert now["sources"] == before["sources"]
        if engine.dialect.name == "sqlite":
            assert sqlite_integrity(url) == [("ok",)]
    assert interrupted, "no kill landed before the commit: the trials proved nothing"

    before = table_counts(engine)
    _, full = run_import(url, interrupted[0])
    assert full.returncode == 0, full.stderr
    after = table_counts(engine)
    assert after["claims"] == before["claims"] + ROWS
    assert after["import_batches"] == before["import_batches"] + 1

    _, again = run_import(url, interrupted[0])
    assert again.returncode == 0, again.stderr
    assert f"{ROWS:,} rows unchanged" in again.stdout
    assert table_counts(engine)["claims"] == after["claims"]
