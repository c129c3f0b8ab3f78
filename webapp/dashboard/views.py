"""The dashboard: what needs attention on the desk."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp import db
from webapp.core.permissions import Role, has_role, require_role
from webapp.dashboard import queries
from webapp.dashboard.chart import BarChart, bar_chart
from webapp.db import utcnow

bp = Blueprint("dashboard", __name__, template_folder="templates")


def _verdict_charts(
    scales: list[queries.ScaleCounts],
) -> list[tuple[queries.ScaleCounts, BarChart]]:
    """A bar chart per rating scale in use; each bar links to the claims it counts."""
    charts = []
    for scale in scales:
        rows = [
            (c.rating.label, c.count, c.rating.colour, url_for("claims.index", verdict=c.rating.id))
            for c in scale.counts
        ]
        charts.append((scale, bar_chart(rows)))
    return charts


@bp.route("/")
@require_role(Role.VIEWER)
def index() -> ResponseReturnValue:
    sess = db.session()
    total = queries.claim_total(sess)
    if total == 0:
        return render_template("dashboard/index.html", total=0)
    scales, without_verdict = queries.verdict_counts(sess)
    stale_days = int(current_app.config.get("STALE_VERDICT_DAYS", 365))
    return render_template(
        "dashboard/index.html",
        total=total,
        statuses=queries.status_counts(sess),
        verdict_charts=_verdict_charts(scales),
        without_verdict=without_verdict,
        activity=queries.recent_activity(sess, include_accounts=has_role(current_user, Role.ADMIN)),
        open_claims=queries.oldest_open_claims(sess),
        stale=queries.stale_verdicts(sess, stale_days),
        stale_days=stale_days,
        now=utcnow(),
    )
