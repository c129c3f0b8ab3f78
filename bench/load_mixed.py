"""Benchmark: 50 concurrent clients, 60 s of mixed reading, searching, editing and exporting.

Builds a bench desk per engine (N claims, bulk-written by bench/desk.py; 50 checker
accounts), serves it with gunicorn (gthread workers) on a free
loopback port and runs the clients in a few processes of threads, each signed in as its
own user and acting like a browser without JavaScript (stdlib urllib, cookies, CSRF
tokens, the edit form's version). Prints requests per second and p50/p99 latency per kind
of request. Any answer other than 200/302 is an error, except a 409 on an edit (two
people saving the same claim), which is counted apart.

    .venv/bin/python bench/load_mixed.py [--clients 50] [--seconds 60] [--claims 20000]
                                         [--postgres URL] [--workers 2] [--threads 8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import make_url  # noqa: E402

from bench.data import build  # noqa: E402
from bench.scratch import postgres_database  # noqa: E402
from tests.faults.live import Client, gunicorn  # noqa: E402
from webapp import create_app, db  # noqa: E402
from webapp.core.permissions import Role  # noqa: E402
from webapp.users.operations import create_user  # noqa: E402

PASSWORD = "bench clients share this password"  # noqa: S105 (a throwaway desk)
CLIENTS_PER_PROCESS = 10
EDITED_CLAIMS = 200  # edits pick among the first 200 claims, so some collide (409)
# kind -> weight
MIX = {"read": 55, "search": 20, "edit": 15, "export": 10}


def add_users(url: str, count: int) -> list[str]:
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            "ARGON2_PARALLELISM": 1,
        }
    )
    emails = [f"client{n}@example.org" for n in range(count)]
    with app.app_context():
        sess = db.session()
        for email in emails:
            create_user(
                sess,
                actor=None,
                email=email,
                display_name=email,
                role=Role.CHECKER,
                password=PASSWORD,
            )
        sess.commit()
    db.database(app).engine.dispose()
    return emails


def one_request(client: Client, kind: str, rng: random.Random, claims: int) -> int:
    """Do one request of ``kind``; return the HTTP status that decides its outcome."""
    if kind == "read":
        path = rng.choice(
            [
                f"/claims/{rng.randint(1, claims)}",
                f"/sources/{rng.randint(1, 1000)}",
                "/claims",
                "/",
            ]
        )
        return client.request(path)[0]
    if kind == "search":
        term = rng.choice([str(rng.randint(0, 996)), "fighters", "quoted", "Claim number"])
        return client.request(f"/claims?q={term.replace(' ', '+')}")[0]
    if kind == "export":
        if rng.random() < 0.2:
            return client.request("/exports/sources.csv")[0]
        return client.request(f"/exports/claims.csv?q={rng.randint(0, 996)}")[0]
    claim_id = rng.randint(1, EDITED_CLAIMS)
    edit = f"/claims/{claim_id}/edit"
    status, _ = client.submit(edit, edit, quote=f"edited at {time.time():.6f} by {id(client)}")
    return status


def client_loop(
    base: str, email: str, seconds: float, claims: int, seed: int, out: list[list[object]]
) -> None:
    rng = random.Random(seed)
    client = Client(base)
    client.sign_in(email, PASSWORD)
    kinds, weights = list(MIX), list(MIX.values())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        start = time.perf_counter()
        try:
            status = one_request(client, kind, rng, claims)
        except Exception as error:  # a failure to count, not to crash on
            status = f"{type(error).__name__}: {error}"
        out.append([kind, status, time.perf_counter() - start])


def worker(args: argparse.Namespace) -> None:
    """One client process: CLIENTS_PER_PROCESS threads; prints their results as JSON."""
    results: list[list[object]] = []
    threads = [
        threading.Thread(
            target=client_loop,
            args=(args.base, email, args.seconds, args.claims, args.seed + n, results),
        )
        for n, email in enumerate(args.emails.split(","))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(engine: str, results: list[list[object]], seconds: float) -> None:
    print(
        f"\n{engine}: {len(results):,} requests in {seconds:.0f} s "
        f"({len(results) / seconds:,.1f}/s)"
    )
    print(
        f"{'kind':8} {'requests':>9} {'per s':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'409':>5} {'errors':>6}"
    )
    for kind in MIX:
        mine = [r for r in results if r[0] == kind]
        ok = [float(r[2]) for r in mine if r[1] in (200, 302)]
        conflicts = sum(1 for r in mine if r[1] == 409 and kind == "edit")
        errors = [
            r for r in mine if r[1] not in (200, 302) and not (r[1] == 409 and kind == "edit")
        ]
        p50 = percentile(ok, 0.5) * 1000 if ok else 0.0
        p99 = percentile(ok, 0.99) * 1000 if ok else 0.0
        print(
            f"{kind:8} {len(mine):>9,} {len(mine) / seconds:>7.1f} {p50:>8.0f} {p99:>8.0f} "
            f"{conflicts:>5} {len(errors):>6}"
        )
        for error in errors[:5]:
            print(f"    error: {error[1]}")
    everything = [float(r[2]) for r in results]
    if everything:
        print(f"all      median {statistics.median(everything) * 1000:.0f} ms")


def run(url: str, options: argparse.Namespace) -> None:
    build(url, options.claims)
    emails = add_users(url, options.clients)
    with gunicorn(url, workers=options.workers, threads=options.threads) as base:
        processes = []
        for start in range(0, len(emails), CLIENTS_PER_PROCESS):
            group = emails[start : start + CLIENTS_PER_PROCESS]
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        __file__,
                        "--worker",
                        "--base",
                        base,
                        "--emails",
                        ",".join(group),
                        "--seconds",
                        str(options.seconds),
                        "--claims",
                        str(options.claims),
                        "--seed",
                        str(start),
                    ],
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        results = []
        for process in processes:
            out, _ = process.communicate(timeout=options.seconds + 300)
            results += json.loads(out)
    report(make_url(url).get_backend_name(), results, options.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--postgres", default=os.environ.get("CLAIMDESK_TEST_POSTGRES_URL", ""))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--emails", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        worker(options)
        return
    print(
        f"{options.clients} clients, {options.seconds:.0f} s, {options.claims:,} claims, "
        f"gunicorn {options.workers} workers x {options.threads} threads, mix {MIX}"
    )
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'load.sqlite3'}", options)
    if options.postgres:
        with postgres_database(options.postgres, "claimdesk_bench_load") as url:
            run(url, options)


if __name__ == "__main__":
    main()
