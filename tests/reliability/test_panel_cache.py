"""The source page's figures are kept per desk state: kept and fresh agree, a verdict renews."""

from __future__ import annotations

from typing import Any

from webapp import db
from webapp.reliability.panel import SourcePanel, source_panel
from webapp.reliability.queries import forget_kept
from webapp.sources import queries as source_queries
from webapp.sources.models import Source


def figures(panel: SourcePanel) -> tuple[Any, ...]:
    """Everything the panel shows, as plain values."""
    parts = [
        (
            [(c.value.id, c.count) for c in part.record.counts],
            part.record.estimate,
            part.chart,
            part.chart_id,
        )
        for part in panel.capacities
    ]
    return (parts, panel.assessment, panel.trend, panel.trend_chart, panel.tags)


def shown(app: Any, source_id: int) -> tuple[tuple[Any, ...], int, SourcePanel]:
    with app.app_context():
        sess = db.session()
        source = sess.get(Source, source_id)
        assert source is not None
        panel = source_panel(sess, source)
        return figures(panel), source_queries.claims_made(sess, source_id).total, panel


def test_kept_figures_agree_with_fresh_ones_and_a_verdict_renews_them(
    app, make_source, make_claim, make_verdict
) -> None:
    source = make_source("Kept source")
    for n in range(6):
        claim = make_claim(f"Claim {n}.", claimant_id=source, tags=["Economy"])
        make_verdict(claim, rating="true" if n % 2 else "false")
    for n in range(10):  # other sources, so the prior is fitted, not the fallback
        other = make_source(f"Other {n}")
        make_verdict(make_claim(f"Other claim {n}.", claimant_id=other), rating="true")
    forget_kept()
    fresh, fresh_count, first = shown(app, source)
    kept, kept_count, again = shown(app, source)
    assert again.trend is first.trend, "the second view reads the kept figures"
    assert kept == fresh
    assert kept_count == fresh_count == 6
    assert first.claimant.record.concluded == 6

    make_verdict(make_claim("A late claim.", claimant_id=source), rating="false")
    renewed, renewed_count, late = shown(app, source)
    assert late.trend is not first.trend
    assert renewed != kept
    assert late.claimant.record.concluded == 7
    assert renewed_count == 7
    forget_kept()
    assert shown(app, source)[:2] == (renewed, renewed_count)
