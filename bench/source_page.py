"""Time the source page in process (Flask test client), one request at a time.

Run:  .venv/bin/python -m bench.source_page DESK.sqlite3 SOURCE_ID [--requests 30] [--profile]
The desk must be migrated (``claimdesk db upgrade``); a viewer is created on it once.
Prints the first (cold) request, then p50/p99 of the rest, in ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.tools import BENCH_EMAIL as EMAIL
from bench.tools import BENCH_PASSWORD as PASSWORD
from webapp import create_app, db
from webapp.core.permissions import Role
from webapp.users.models import User


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("desk")
    parser.add_argument("source_id", type=int)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
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


if __name__ == "__main__":
    main()
