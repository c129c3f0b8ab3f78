"""How well do track records forecast? An evaluation on the LIAR data set (Wang, ACL 2017).

1. Import LIAR's train and valid files with ``claimdesk import liar`` (the app's own importer)
   into a temporary SQLite database.
2. Compute every speaker's reliability estimate with the app's own code
   (webapp.reliability.queries.records + estimator.fit_prior / estimate).
3. Forecast the truth score of each test-set claim by its speaker's estimate (the prior mean
   for a speaker never seen in train/valid) and compare with PolitiFact's label.

Prints the Brier score (mean squared error) of these forecasts, of the base rate (the mean
score of the imported claims) and of each speaker's raw average (no shrinkage), the skill
score (1 - Brier / base-rate Brier) and the expected calibration error over ten bins.

Run:  .venv/bin/python bench/reliability_eval.py [--data DIR] [--database FILE]
(``--database`` keeps the imported database, and reuses it on the next run.)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from alembic import command
from sqlalchemy import select

from webapp import create_app, db
from webapp.claims.models import Claim
from webapp.imports import liar
from webapp.migrations_cli import alembic_config
from webapp.reliability.estimator import estimate, fit_prior
from webapp.reliability.queries import Capacity, records
from webapp.sources.models import Source

DEFAULT_DATA = Path("/work/shared/datasets/liar")
SCORES = {
    "pants-fire": 0.0,
    "false": 0.2,
    "barely-true": 0.4,
    "half-true": 0.6,
    "mostly-true": 0.8,
    "true": 1.0,
}


def brier(forecasts: list[float], outcomes: list[float]) -> float:
    """Mean squared error of the forecasts (the Brier score, for scores between 0 and 1)."""
    return sum((f - o) ** 2 for f, o in zip(forecasts, outcomes, strict=True)) / len(outcomes)


def calibration_error(forecasts: list[float], outcomes: list[float], bins: int = 10) -> float:
    """Expected calibration error: |mean forecast - mean outcome| per bin, weighted by size."""
    groups: dict[int, list[tuple[float, float]]] = {}
    for f, o in zip(forecasts, outcomes, strict=True):
        groups.setdefault(min(int(f * bins), bins - 1), []).append((f, o))
    total = len(outcomes)
    return sum(
        len(g) / total * abs(sum(f for f, _ in g) / len(g) - sum(o for _, o in g) / len(g))
        for g in groups.values()
    )


def import_liar(url: str, data: Path) -> float:
    """Migrate and import train + valid through the CLI; return the seconds it took."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "reliability-eval"})
    with app.app_context():
        if db.session().scalar(select(Claim.id).limit(1)) is not None:
            print("Reusing the imported database.")
            return 0.0
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(
        args=["import", "liar", str(data / "train.tsv"), str(data / "valid.tsv")]
    )
    if result.exit_code != 0:
        raise SystemExit(f"The import failed:\n{result.output}")
    print(result.output.strip().splitlines()[-1])
    return time.perf_counter() - started


def evaluate(url: str, data: Path) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "reliability-eval"})
    with app.app_context():
        sess = db.session()
        started = time.perf_counter()
        found = records(sess, Capacity.CLAIMANT)
        model = fit_prior(found.values())
        speakers = {
            external_id.removeprefix(liar.SPEAKER_PREFIX): source_id
            for source_id, external_id in sess.execute(
                select(Source.id, Source.external_id).where(
                    Source.external_id.like(f"{liar.SPEAKER_PREFIX}%")
                )
            )
        }
        figures = {s: estimate(model, r.n, r.total) for s, r in found.items()}
        computed = time.perf_counter() - started
    claims = sum(r.n for r in found.values())
    base = sum(r.total for r in found.values()) / claims
    print(f"Track records of {len(found):,} speakers from {claims:,} claims in {computed:.2f} s.")
    print(
        f"Prior: mean {model.mean:.3f}, strength {model.strength:.1f} claims, "
        f"dispersion phi {model.phi:.2f}, fitted from {model.sources:,} sources."
    )
    parsed = liar.parse_files([data / "test.tsv"])
    if parsed.problems:
        raise SystemExit(f"test.tsv has problems: {parsed.problems[:3]}")
    outcomes, ours, rates, raw, seen_flags = [], [], [], [], []
    for row in parsed.rows:
        source_id = speakers.get(row.values["speaker"].strip())
        record = found.get(source_id) if source_id is not None else None
        outcomes.append(SCORES[row.values["label"]])
        figure = figures.get(source_id) if source_id is not None else None
        ours.append(figure.estimate if figure else model.mean)
        rates.append(base)
        raw.append(record.mean if record else base)
        seen_flags.append(record is not None)
    seen = sum(seen_flags)
    print(f"Test claims: {len(outcomes):,}; speaker seen in train/valid: {seen:,}.")
    b_ours, b_base, b_raw = brier(ours, outcomes), brier(rates, outcomes), brier(raw, outcomes)
    print(f"Brier (MSE), track-record estimate: {b_ours:.4f}")
    print(f"Brier (MSE), base rate {base:.3f}:      {b_base:.4f}")
    print(f"Brier (MSE), raw speaker average:   {b_raw:.4f}")
    print(
        f"Skill score vs base rate: {1 - b_ours / b_base:.4f} "
        f"(raw average: {1 - b_raw / b_base:.4f})"
    )
    print(
        f"Expected calibration error (10 bins): estimate {calibration_error(ours, outcomes):.4f}, "
        f"base rate {calibration_error(rates, outcomes):.4f}, "
        f"raw average {calibration_error(raw, outcomes):.4f}"
    )
    picked = [i for i, flag in enumerate(seen_flags) if flag]
    if picked:
        sub = [outcomes[i] for i in picked]
        print(
            f"Seen speakers only: Brier estimate {brier([ours[i] for i in picked], sub):.4f}, "
            f"base rate {brier([rates[i] for i in picked], sub):.4f}, "
            f"raw average {brier([raw[i] for i in picked], sub):.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the LIAR folder")
    parser.add_argument("--database", type=Path, help="keep (and reuse) the SQLite file here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.database or Path(tmp) / "liar.sqlite3"
        url = f"sqlite:///{path}"
        command.upgrade(alembic_config(url), "head")
        seconds = import_liar(url, args.data)
        if seconds:
            print(f"Imported train + valid in {seconds:.0f} s.")
        evaluate(url, args.data)


if __name__ == "__main__":
    main()
