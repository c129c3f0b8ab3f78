"""Settings read from the environment (``CLAIMDESK_*``), with an override for tests."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)
DEFAULT_SQLITE_FILE = "claimdesk.sqlite3"


def default_database_url(instance_path: str) -> str:
    """The embedded default: one SQLite file in the instance folder."""
    return f"sqlite:///{Path(instance_path) / DEFAULT_SQLITE_FILE}"


def normalise_database_url(url: str) -> str:
    """Route plain ``postgresql://`` URLs to psycopg 3, the only PostgreSQL driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def persistent_secret_key(instance_path: str) -> str:
    """Read the secret key kept in the instance folder, creating it on first run."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, the environment and ``overrides`` (in that order)."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    env = os.environ
    app.config.update(
        DATABASE_URL=env.get("CLAIMDESK_DATABASE_URL") or default_database_url(app.instance_path),
        DESK_NAME=env.get("CLAIMDESK_DESK_NAME", "Claimdesk"),
        DESK_URL=env.get("CLAIMDESK_DESK_URL", "http://127.0.0.1:5000"),
        SQLITE_BUSY_TIMEOUT_MS=int(env.get("CLAIMDESK_SQLITE_BUSY_TIMEOUT_MS", "15000")),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=env.get("CLAIMDESK_HTTPS_ONLY", "") == "1",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=env.get("CLAIMDESK_HTTPS_ONLY", "") == "1",
        TRUST_PROXY_HEADERS=env.get("CLAIMDESK_TRUST_PROXY", "") == "1",
        WTF_CSRF_TIME_LIMIT=None,
        # Argon2id parameters (RFC 9106 second recommendation); tests lower them.
        ARGON2_TIME_COST=int(env.get("CLAIMDESK_ARGON2_TIME_COST", "3")),
        ARGON2_MEMORY_COST=int(env.get("CLAIMDESK_ARGON2_MEMORY_COST", "65536")),
        ARGON2_PARALLELISM=int(env.get("CLAIMDESK_ARGON2_PARALLELISM", "4")),
        LOGIN_WINDOW_MINUTES=15,
        LOGIN_MAX_FAILURES_PER_ACCOUNT=5,
        LOGIN_MAX_FAILURES_PER_ADDRESS=20,
        STALE_VERDICT_DAYS=int(env.get("CLAIMDESK_STALE_VERDICT_DAYS", "365")),
        # After a change, source pages use the desk's prior fitted up to this long ago while
        # a new one is fitted in the background (webapp/reliability/priors.py); 0: wait.
        RELIABILITY_PRIOR_STALE_SECONDS=int(env.get("CLAIMDESK_PRIOR_STALE_SECONDS", "300")),
        PAGE_SIZE=50,
        # A pasted article (intake) may hold up to 1,000,000 characters; URL-encoded, that is
        # a few megabytes. Werkzeug's default (500 kB) would answer 413 before the form could
        # say which field is too long.
        MAX_FORM_MEMORY_SIZE=6_000_000,
    )
    if overrides:
        app.config.update(overrides)
    app.config["DATABASE_URL"] = normalise_database_url(app.config["DATABASE_URL"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = env.get("CLAIMDESK_SECRET_KEY") or persistent_secret_key(
            app.instance_path
        )
