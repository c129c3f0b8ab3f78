"""Intake assistant: how it does on the gold sample, on LIAR statements, and how fast it is.

* the gold set (tests/intake/gold_panjshir.json): recall, precision and claimant accuracy
  at every threshold from -1 to 4, so the default (1.0) can be judged against the others;
* LIAR (../shared/datasets/liar, test.tsv): every statement there is a checked claim, so
  the share scoring at or above the threshold is a recall figure on text the weights were
  not set on (no precision: LIAR has no non-claims);
* speed: sentences per second on the sample, and seconds for about 1 MB of text.

  python bench/intake_eval.py
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from webapp.core.text import fold  # noqa: E402
from webapp.intake.features import score_sentence  # noqa: E402
from webapp.intake.names import _mentions  # noqa: E402
from webapp.intake.quantities import _quantities  # noqa: E402
from webapp.intake.suggest import DEFAULT_THRESHOLD, analyse  # noqa: E402


def gold_figures(text: str, gold: dict, threshold: float) -> dict[str, float]:
    labelled = []
    for candidate in analyse(text, dt.date(2021, 8, 24)):
        found = [s for s in gold["sentences"] if candidate.span.text.startswith(s["starts"])]
        labelled.append((candidate, found[0] if found else None))
    claims = [g for _, g in labelled if g and g["label"] == "claim"]
    chosen = [(c, g) for c, g in labelled if c.score.total >= threshold]
    hits = [(c, g) for c, g in chosen if g and g["label"] == "claim"]
    judged = [1 for _, g in chosen if not g or g["label"] == "claim"]
    right = 0
    for candidate, label in hits:
        want = label["claimant"]
        if candidate.claimant.kind == want["kind"] and (
            want["kind"] != "named"
            or fold(candidate.claimant.name or "")
            in {fold(n) for n in [want["name"], *want.get("aliases", [])]}
        ):
            right += 1
    return {
        "candidates": len(chosen),
        "recall": len(hits) / len(claims),
        "precision": len(hits) / len(judged) if judged else 1.0,
        "precision_borderline_wrong": len(hits) / len(chosen) if chosen else 1.0,
        "claimant_accuracy": right / len(hits) if hits else 0.0,
    }


def main() -> None:
    text = (SHARED / "samples" / "panjshir-resistance-2021-08-24.txt").read_text("utf-8")
    gold = json.loads((ROOT / "tests" / "intake" / "gold_panjshir.json").read_text("utf-8"))
    print("Gold sample (28 claims, 12 borderline, 9 not claims)")
    for threshold in (-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0):
        figures = gold_figures(text, gold, threshold)
        mark = "  <- default" if threshold == DEFAULT_THRESHOLD else ""
        print(f"  threshold {threshold:4.1f}: " + ", ".join(
            f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()
        ) + mark)  # fmt: skip

    with (SHARED / "datasets" / "liar" / "test.tsv").open(encoding="utf-8", newline="") as handle:
        statements = [row[2] for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    scores = [score_sentence(s).total for s in statements]
    share = sum(s >= DEFAULT_THRESHOLD for s in scores) / len(scores)
    print(f"LIAR test.tsv: {len(scores)} statements, {share:.3f} score >= {DEFAULT_THRESHOLD}")

    for cached in (analyse, _mentions, _quantities):
        cached.cache_clear()
    started = time.perf_counter()
    sentences = len(analyse(text))
    elapsed = time.perf_counter() - started
    print(f"Sample: {sentences} sentences in {elapsed * 1000:.0f} ms")
    with (SHARED / "datasets" / "liar" / "train.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        big = "\n\n".join(row[2] for row in rows)[:1_000_000]
    for cached in (analyse, _mentions, _quantities):
        cached.cache_clear()
    started = time.perf_counter()
    sentences = len(analyse(big))
    print(
        f"1 MB of LIAR statements: {sentences} sentences in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
