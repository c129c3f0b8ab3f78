"""A real Claimdesk server (gunicorn, gthread workers) and a stdlib HTTP client for it.

Shared by the fault tests and the benchmarks in bench/: the server is a subprocess bound
to a free loopback port; the client keeps cookies and fills forms the way a browser does
(every field the page rendered, its CSRF token and the version it showed).
"""

from __future__ import annotations

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
# Cheap password hashing, as in the test config: users made by the tests verify quickly.
CHEAP_ARGON2 = {
    "CLAIMDESK_ARGON2_TIME_COST": "1",
    "CLAIMDESK_ARGON2_MEMORY_COST": "1024",
    "CLAIMDESK_ARGON2_PARALLELISM": "1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a Claimdesk process on ``database_url``."""
    return {
        **os.environ,
        **CHEAP_ARGON2,
        "CLAIMDESK_DATABASE_URL": database_url,
        "CLAIMDESK_SECRET_KEY": "live-server-test-key",
        **extra,
    }


@contextmanager
def gunicorn(
    database_url: str, *, workers: int = 2, threads: int = 4, log: Path | None = None
) -> Iterator[str]:
    """Serve Claimdesk on ``database_url`` with gunicorn; yield its base URL."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--worker-class=gthread",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--timeout=120",
        # gunicorn 27 opens a control socket in ~/.gunicorn by default; servers run side by
        # side (two xdist workers), so each gets its own.
        f"--control-socket={Path(tempfile.gettempdir()) / f'claimdesk-gunicorn-{port}.ctl'}",
        "webapp:create_app()",
    ]
    output = log.open("wb") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        command, cwd=ROOT, env=server_env(database_url), stdout=output, stderr=output
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log:
            output.close()  # type: ignore[union-attr]


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/login", timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out (URLError is an OSError too)
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 120 s")


class _FormParser(HTMLParser):
    """Collects the named fields of the form whose action is ``action``."""

    def __init__(self, action: str, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.page = page
        self.inside = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            # A form without an action posts to the page it is on.
            target = urllib.parse.urlsplit(a.get("action") or self.page).path
            self.inside = target == self.action
        if not self.inside or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields[name] = a.get("value", "y")
            elif kind not in {"submit", "button"}:
                self.fields[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.fields)
        ):
            self.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea:
            # Browsers drop the one newline that follows <textarea>.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, action: str, page: str = "") -> dict[str, str]:
    """The fields a browser would submit from the form on ``page`` posting to ``action``."""
    parser = _FormParser(action, urllib.parse.urlsplit(page).path)
    parser.feed(html)
    return parser.fields


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Client:
    """A signed-in browser without JavaScript: cookies, form posts, no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as response:
                return int(response.status), response.read()
        except urllib.error.HTTPError as error:
            with error:
                return int(error.code), error.read()

    def get_text(self, path: str) -> str:
        status, body = self.request(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return body.decode()

    def submit(self, page: str, action: str, **values: str) -> tuple[int, bytes]:
        """GET ``page``, fill its form posting to ``action`` with ``values``, POST it."""
        fields = form_fields(self.get_text(page), action, page)
        fields.update(values)
        return self.request(action, fields)

    def sign_in(self, email: str, password: str) -> None:
        status, _ = self.submit("/login", "/login", email=email, password=password)
        if status != 302:
            raise RuntimeError(f"signing in as {email} answered {status}")
