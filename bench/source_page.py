"""Time the source page in process (Flask test client), one request at a time.

Run:  .venv/bin/python -m bench.source_page DESK.sqlite3 SOURCE_ID [--requests 30] [--profile]
      .venv/bin/python -m bench.source_page DESK.sqlite3 SOURCE_ID --after-change [--requests 10]
The desk must be migrated (``claimdesk db upgrade``); a viewer is created on it once.
Prints the first (cold) request, then p50/p99 of the rest, in ms. With ``--after-change``
every request follows an audited change elsewhere on the desk (a claim retracted, then
restored), so it is a first view of a new desk state; it is timed with the prior refitted
in the background (the default) and with the page waiting for it
(``RELIABILITY_PRIOR_STALE_SECONDS=0``), interleaved.
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import select

from bench.tools import BENCH_EMAIL as EMAIL
from bench.tools import BENCH_PASSWORD as PASSWORD
from webapp import create_app, db
from webapp.claims.models import Claim
from webapp.claims.operations import restore_claim, retract_claim
from webapp.core.permissions import Role
from webapp.reliability.priors import wait_for_refits
from webapp.users.models import User


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("desk")
    parser.add_argument("source_id", type=int)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--after-change", action="store_true")
    args = parser.parse_args()
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{args.desk}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False}
    )
    with app.app_context():
        from webapp.users.operations import create_user

        sess = db.session()
        if sess.query(User).filter_by(email=EMAIL).first() is None:
            create_user(sess, actor=None, email=EMAIL, display_name="Bench", password=PASSWORD,
                        role=Role.VIEWER)  # fmt: skip
            sess.commit()
    if args.after_change:
        after_change(args.desk, args.source_id, args.requests)
        return
    client = app.test_client()
    client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    url = f"/sources/{args.source_id}"
    if args.profile:
        from pyinstrument import Profiler

        client.get(url)  # warm: the prior and the panel kept
        with Profiler() as profiler:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        print(profiler.output_text(unicode=False, color=False, show_all=False))
        return
    times = []
    for _ in range(args.requests + 1):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    rest = sorted(times[1:])
    p99 = rest[min(len(rest) - 1, round(0.99 * (len(rest) - 1)))]
    print(f"first {times[0]:.0f} ms; p50 {statistics.median(rest):.1f} ms; p99 {p99:.1f} ms "
          f"over {len(rest)}")  # fmt: skip


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def after_change(desk: str, source_id: int, requests: int) -> None:
    """First views of new desk states: the prior refitted in the background, or waited for."""
    apps = {
        name: create_app(
            {
                "DATABASE_URL": f"sqlite:///{desk}",
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "RELIABILITY_PRIOR_STALE_SECONDS": stale,
            }
        )
        for name, stale in (("background refit", 300), ("waits for the refit", 0))
    }
    with next(iter(apps.values())).app_context():
        other = db.session().scalar(
            select(Claim.id).where(Claim.claimant_id != source_id).order_by(Claim.id).limit(1)
        )
    clients = {}
    for name, app in apps.items():
        clients[name] = app.test_client()
        clients[name].post("/login", data={"email": EMAIL, "password": PASSWORD})
        clients[name].get(f"/sources/{source_id}")  # the process's first view: everything cold
    times: dict[str, list[float]] = {name: [] for name in apps}
    for round_number in range(requests):
        for name, app in apps.items():
            with app.app_context():
                sess = db.session()
                claim = sess.get(Claim, other)
                if claim.retracted_at is None:
                    retract_claim(sess, actor=None, claim=claim, reason=f"bench {round_number}")
                else:
                    restore_claim(sess, actor=None, claim=claim)
                sess.commit()
            start = time.perf_counter()
            response = clients[name].get(f"/sources/{source_id}")
            times[name].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            wait_for_refits(600)  # each round starts from the same point
    for name, measured in times.items():
        print(f"after a change, {name}: p50 {statistics.median(measured):.0f} ms; "
              f"p99 {_p99(measured):.0f} ms over {len(measured)}")  # fmt: skip
    ratio = statistics.median(times["waits for the refit"]) / statistics.median(
        times["background refit"]
    )
    print(f"ratio of p50s (waiting / background): {ratio:.1f}x")


if __name__ == "__main__":
    main()
