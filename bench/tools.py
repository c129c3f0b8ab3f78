"""What the benchmarks share: installing the references, servers, wrk, interleaved runs.

Every comparison runs its contenders interleaved (A B A B ...) so that load from other
jobs on the machine falls on all of them alike; a result is the median of the
repetitions with the spread (min-max) beside it.
"""

from __future__ import annotations

import html
import http.cookiejar
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "bench-secret-key-not-for-production"  # noqa: S105 (a throwaway bench server)
BENCH_PASSWORD = "Quartz-lantern-97-harbour"  # noqa: S105
BENCH_EMAIL = "bench-viewer@example.org"
# Flask-Login's "strong" session protection ties the cookie to the client's user agent.
AGENT = "claimdesk-bench"


def ensure_tools() -> None:
    """Install what the references need: Debian's wrk and sqlite3, Datasette from PyPI."""
    missing = [name for name in ("wrk", "sqlite3") if not shutil.which(name)]
    if missing:
        print(f"installing {', '.join(missing)} with apt-get")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True)
    if not (BIN / "datasette").exists():
        print("installing datasette into the virtualenv")
        subprocess.run([str(BIN / "python"), "-m", "pip", "install", "-q", "datasette"], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listening on port {port}")


@contextmanager
def server(args: Sequence[str], port: int, env: dict[str, str] | None = None) -> Iterator[int]:
    """Run a server process until the block ends; yields its pid."""
    process = subprocess.Popen(
        list(args), env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        _wait_for(port, process)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def app_env(url: str) -> dict[str, str]:
    return {"CLAIMDESK_DATABASE_URL": url, "CLAIMDESK_SECRET_KEY": SECRET}


@contextmanager
def app_server(url: str) -> Iterator[str]:
    """Gunicorn, one gthread worker, serving Claimdesk on ``url``; yields its base URL."""
    port = free_port()
    args = [str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "1",
            "--threads", "4", "--bind", f"127.0.0.1:{port}", "webapp:create_app()"]  # fmt: skip
    with server(args, port, app_env(url)):
        yield f"http://127.0.0.1:{port}"


def viewer_cookie(url: str, base: str) -> str:
    """Create the bench viewer on the database (once) and sign in; the session cookie."""
    subprocess.run(
        [
            str(BIN / "claimdesk"),
            "users",
            "create",
            "--email",
            BENCH_EMAIL,
            "--role",
            "viewer",
            "--name",
            "Bench Viewer",
            "--password",
            BENCH_PASSWORD,
        ],
        env={**os.environ, **app_env(url)},
        capture_output=True,
        check=False,
    )  # fmt: skip  (fails harmlessly when the viewer already exists)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", AGENT)]
    form = opener.open(f"{base}/login").read().decode()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert match, "no CSRF token on the login page"
    body = urllib.parse.urlencode(
        {"csrf_token": html.unescape(match.group(1)), "email": BENCH_EMAIL,
         "password": BENCH_PASSWORD}
    ).encode()  # fmt: skip
    opener.open(f"{base}/login", body).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    check_page(f"{base}/claims", cookies)
    return cookies


def check_page(url: str, cookie: str = "") -> None:
    """Fail unless ``url`` answers 200 itself (wrk would count a redirect to /login)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie, "User-Agent": AGENT})  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        if response.status != 200 or response.url != url:
            raise RuntimeError(f"{url} answered {response.status} at {response.url}")


@dataclass
class Load:
    """One wrk run: requests per second and latency percentiles in milliseconds."""

    rps: float
    p50: float
    p99: float


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, seconds: float, cookie: str = "", connections: int = 4) -> Load:
    """Load ``url`` from a separate process for ``seconds``; fails on any non-2xx answer."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    args += ["-H", f"User-Agent: {AGENT}"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw errors on {url}:\n{out}")
    done = re.search(r"(\d+) requests in", out)
    if done is None or int(done.group(1)) < 20:
        return sequential(url, cookie)  # too slow for percentiles under load
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not (p50 and p99 and rps):
        raise RuntimeError(f"unreadable wrk output:\n{out}")
    return Load(float(rps.group(1)), _ms(p50.group(1)), _ms(p99.group(1)))


def sequential(url: str, cookie: str, requests: int = 5) -> Load:
    """A slow page timed one request at a time; its "p99" is the slowest of the few."""
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        try:
            check_page(url, cookie)
        except OSError as error:  # urllib's HTTPError too: report, do not lose the run
            print(f"  FAILED {url}: {error}", file=sys.stderr)
            return Load(0.0, math.inf, math.inf)
        times.append((time.perf_counter() - started) * 1000)
    return Load(1000 / statistics.mean(times), statistics.median(times), max(times))


def interleaved(contenders: dict[str, Callable[[], Any]], repeats: int) -> dict[str, list[Any]]:
    """Run each contender once per round, in the same order, ``repeats`` rounds."""
    results: dict[str, list[Any]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, run in contenders.items():
            results[name].append(run())
    return results


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """Median, min and max."""
    return statistics.median(values), min(values), max(values)


def fmt(values: Sequence[float], digits: int = 1) -> str:
    """``median (min-max)``."""
    mid, low, high = summary(values)
    return f"{mid:,.{digits}f} ({low:,.{digits}f}-{high:,.{digits}f})"


def ratios(a: Sequence[float], b: Sequence[float]) -> list[float]:
    """Per-round ratios a/b (the rounds ran side by side, so each ratio shares its load)."""
    return [x / y for x, y in zip(a, b, strict=True)]
