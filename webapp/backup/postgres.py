"""``pg_dump`` and ``pg_restore`` for PostgreSQL backups (custom-format archives).

The password goes to the tools through ``PGPASSWORD``, never on their command line,
which other users of the machine can read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import make_url

TOOLS_ENV = "CLAIMDESK_PG_BIN"  # a directory holding pg_dump and pg_restore


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``, from CLAIMDESK_PG_BIN or the PATH."""
    folder = os.environ.get(TOOLS_ENV)
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if found is None:
        where = f"in {TOOLS_ENV}={folder}" if folder else "on the PATH"
        raise BackupError(
            f"{name} was not found {where}. Install PostgreSQL's client tools "
            f"(Debian: apt-get install postgresql-client) or set {TOOLS_ENV}."
        )
    return found


def _connection(url: str) -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for a SQLAlchemy PostgreSQL URL."""
    parsed = make_url(url)
    args = []
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return args, env


def _run(command: list[str], env: dict[str, str], doing: str) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{doing} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout


def dump(url: str, target: Path, *, snapshot: str | None = None) -> None:
    """``pg_dump --format=custom`` of the database into ``target`` (written, then renamed)."""
    args, env = _connection(url)
    partial = target.with_name(target.name + ".partial")
    command = [tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    database = make_url(url).database or ""
    _run([*command, f"--file={partial}", "--dbname", database], env, "pg_dump")
    os.replace(partial, target)


def archive_revision(path: Path) -> str | None:
    """The Alembic revision stored in a pg_dump archive (its alembic_version row)."""
    listing = _run(
        [tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)],
        {**os.environ},
        "Reading the backup",
    )
    lines = listing.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and number + 1 < len(lines):
            value = lines[number + 1].strip()
            return value if value and value != "\\." else None
    return None


def restore(url: str, source: Path) -> None:
    """Replace every object of the database by the archive's, in one transaction."""
    args, env = _connection(url)
    database = make_url(url).database or ""
    _run(
        [
            tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            database,
            str(source),
        ],
        env,
        "pg_restore",
    )
