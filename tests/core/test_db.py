"""The database layer: SQLite settings, write transactions, one commit per request."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from webapp import db
from webapp.db import make_engine


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}", busy_timeout_ms=1234)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    engine.dispose()


def test_sqlite_write_transactions_begin_immediate(tmp_path: Path) -> None:
    """A write transaction takes the write lock at BEGIN, so a second writer waits for it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}", busy_timeout_ms=5000)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    writer = engine.execution_options(claimdesk_write=True)
    order: list[str] = []
    first_has_lock = threading.Event()

    def first() -> None:
        with writer.begin() as conn:
            conn.execute(text("SELECT 1"))  # no write yet: only BEGIN IMMEDIATE holds the lock
            first_has_lock.set()
            time.sleep(0.3)
            conn.execute(text("INSERT INTO t VALUES (1)"))
            order.append("first")

    thread = threading.Thread(target=first)
    thread.start()
    first_has_lock.wait()
    with writer.begin() as conn:
        conn.execute(text("SELECT 1"))
        order.append("second")
        conn.execute(text("INSERT INTO t VALUES (2)"))
    thread.join()
    assert order == ["first", "second"]
    engine.dispose()


def test_sqlite_reads_do_not_block_on_writer(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}", busy_timeout_ms=100)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    writer = engine.execution_options(claimdesk_write=True)
    with writer.begin() as wconn:
        wconn.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as rconn:
            assert rconn.execute(text("SELECT count(*) FROM t")).scalar() == 0
    engine.dispose()


def test_get_requests_read_and_posts_write(app) -> None:
    with app.test_request_context("/", method="GET"):
        assert db.session().bind is db.database(app).engine
    with app.test_request_context("/", method="POST"):
        bind = db.session().bind
        assert bind.get_execution_options().get("claimdesk_write") is True


@pytest.mark.fresh_app
def test_error_responses_roll_back(app, client, login) -> None:
    from webapp.core.audit import AuditEntry
    from webapp.core.permissions import Role

    @app.route("/write-then-fail", methods=["POST"])
    def write_then_fail():
        db.session().add(AuditEntry(action="x", entity_type="t", entity_id=1, changes={}))
        db.session().flush()
        return "refused", 400

    @app.route("/write-then-succeed", methods=["POST"])
    def write_then_succeed():
        db.session().add(AuditEntry(action="y", entity_type="t", entity_id=1, changes={}))
        return "ok", 200

    login(Role.ADMIN)
    assert client.post("/write-then-fail").status_code == 400
    assert client.post("/write-then-succeed").status_code == 200
    with app.app_context():
        actions = db.session().scalars(text("SELECT action FROM audit_log WHERE entity_type='t'"))
        assert list(actions) == ["y"]


@pytest.mark.fresh_app
def test_commit_time_conflict_is_409_not_500(app, client, login) -> None:
    """A unique key taken at the last moment fails the commit: 409, nothing saved."""
    from webapp.claims.models import Tag
    from webapp.core.permissions import Role

    @app.route("/commit-conflict", methods=["POST"])
    def commit_conflict():
        db.session().add_all([Tag(name="Same", name_key="same"), Tag(name="same", name_key="same")])
        return "looked fine", 200

    login(Role.CHECKER)
    response = client.post("/commit-conflict")
    assert response.status_code == 409
    assert "nothing of yours was saved" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(text("SELECT count(*) FROM tags")) == 0
