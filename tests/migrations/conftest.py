"""pytest-alembic fixtures: an empty database of each engine for every migration test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_alembic.config import Config
from sqlalchemy import Engine, make_url, text

from tests.database import ENGINES, fresh_database_url, postgres_server_url
from webapp.db import make_engine
from webapp.migrations_cli import MIGRATIONS_DIR


@pytest.fixture
def alembic_config() -> Config:
    return Config(
        config_options={
            "file": str(MIGRATIONS_DIR / "alembic.ini"),
            "script_location": str(MIGRATIONS_DIR),
        }
    )


@pytest.fixture(params=ENGINES)
def alembic_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = fresh_database_url(request.param, tmp_path, "migrations")
    engine = make_engine(url).execution_options(claimdesk_write=True)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        server = make_engine(postgres_server_url()).execution_options(isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        server.dispose()
