"""``claimdesk backup`` under write load, then ``claimdesk restore`` into an empty database.

"At backup time" means the snapshot the backup took. On SQLite that snapshot is the
backup file itself, so the exports read from (a copy of) the file are the reference. On
PostgreSQL the test exports a snapshot (``pg_export_snapshot()``), reads the exports in
that transaction and has pg_dump dump the very same snapshot. Either way the restored
database must give byte-identical claims, sources, verdicts and audit exports, and hold
every claim committed before the backup began.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from tests.conftest import TEST_CONFIG
from tests.database import fresh_database_url
from webapp import create_app, db
from webapp.backup import operations
from webapp.claims.models import Claim
from webapp.claims.operations import ClaimData, create_claim
from webapp.reports.exports import EXPORT_NAMES, EXPORTS


def exports(app, sess: Session) -> dict[str, bytes]:
    """The four CSV exports, as bytes, read through ``sess``."""
    with app.test_request_context():
        return {name: b"".join(EXPORTS[name].stream(sess, MultiDict())) for name in EXPORT_NAMES}


class Writer(threading.Thread):
    """Keeps creating claims, one transaction each, until stopped; remembers their ids."""

    def __init__(self, app) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.committed: list[int] = []
        self.stop = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            with db.write_session(self.app) as sess:
                claim = create_claim(
                    sess,
                    actor=None,
                    data=ClaimData(statement=f"Written during the backup {number}."),
                )
            self.committed.append(claim.id)
            if number >= 3:
                self.ready.set()


def snapshot_backup(app, target: Path) -> dict[str, bytes]:
    """Back up while the writer runs; return the exports of the backup's own snapshot."""
    engine = db.database(app).engine
    if engine.dialect.name == "sqlite":
        operations.backup(engine, target)
        copy = target.with_name("reading-copy.sqlite3")
        shutil.copy(target, copy)
        reader = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{copy}"})
        with reader.app_context():
            return exports(reader, db.session())
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        conn.begin()
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
        operations.backup(engine, target, pg_snapshot=str(snapshot))
        return exports(app, Session(bind=conn))


def test_round_trip_under_write_load(app, runner, tmp_path) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    writer = Writer(app)
    writer.start()
    assert writer.ready.wait(60)
    committed_before = list(writer.committed)
    at_backup = snapshot_backup(app, tmp_path / "desk.backup")
    writer.stop.set()
    writer.join(60)
    assert len(writer.committed) > len(committed_before)  # the load ran during the backup

    engine_name = db.database(app).engine.dialect.name
    target_url = fresh_database_url(engine_name, tmp_path, "restored")
    restored = create_app({**TEST_CONFIG, "DATABASE_URL": target_url})
    try:
        result = restored.test_cli_runner().invoke(args=["restore", str(tmp_path / "desk.backup")])
        assert result.exit_code == 0, result.output
        with restored.app_context():
            sess = db.session()
            ids = set(sess.scalars(select(Claim.id)))
            assert set(committed_before) <= ids <= set(writer.committed) | ids_before_load(app)
            assert exports(restored, sess) == at_backup
    finally:
        db.database(restored).engine.dispose()
        if engine_name == "postgresql":
            from tests.database import TestDatabase, drop

            drop(TestDatabase(url=target_url, engine=db.database(restored).engine))


def ids_before_load(app) -> set[int]:
    """The demo's claims (present before the writer started)."""
    with app.app_context():
        return set(db.session().scalars(select(Claim.id).where(Claim.external_id.like("demo:%"))))
