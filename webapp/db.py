"""Database layer: declarative base, engine per app, one session and one commit per request.

SQLite gets WAL, foreign keys, a busy timeout and ``BEGIN IMMEDIATE`` for write
transactions (so two writers queue instead of failing half way with "database is
locked"); reads start a plain deferred transaction and never block writers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import DateTime, Engine, MetaData, String, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_EXTENSION_KEY = "claimdesk_db"


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always returned timezone-aware, on every engine."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        stored: dt.datetime = value
        if stored.tzinfo is None:
            return stored.replace(tzinfo=dt.UTC)
        return stored.astimezone(dt.UTC)


Str40 = Annotated[str, 40]
Str200 = Annotated[str, 200]
Str500 = Annotated[str, 500]
Str2000 = Annotated[str, 2000]
intpk = Annotated[int, mapped_column(primary_key=True)]
created_at = Annotated[dt.datetime, mapped_column(default=utcnow)]


class Base(DeclarativeBase):
    """Declarative base: every constraint gets a stable name from ``NAMING_CONVENTION``."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        Str40: String(40),
        Str200: String(200),
        Str500: String(500),
        Str2000: String(2000),
    }


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("claimdesk_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str, *, busy_timeout_ms: int = 15000) -> Engine:
    """Create the engine for ``url`` with the settings Claimdesk relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True)


@event.listens_for(Session, "before_flush")
def _refuse_nul_characters(sess: Session, _context: Any, _instances: Any) -> None:
    # PostgreSQL text cannot hold NUL (0x00); refuse it on every engine, with a message the
    # user can act on, instead of a driver error on one engine only.
    from webapp.core.errors import OperationError

    for record in (*sess.new, *sess.dirty):
        for column in record.__mapper__.columns:
            value = getattr(record, column.key, None)
            if isinstance(value, str) and "\x00" in value:
                raise OperationError(
                    f"The text of {column.key.replace('_', ' ')} contains a NUL character "
                    "(\\0), which cannot be stored; remove it and try again.",
                    field=column.key,
                )


class Database:
    """The engine of one app and the session factories for reading and writing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.read_sessions = sessionmaker(bind=engine, expire_on_commit=False)
        write_engine = engine.execution_options(claimdesk_write=True)
        self.write_sessions = sessionmaker(bind=write_engine, expire_on_commit=False)


def database(app: Flask | None = None) -> Database:
    """The :class:`Database` of ``app`` (default: the current app)."""
    found: Database = (app or current_app).extensions[_EXTENSION_KEY]
    return found


def session() -> Session:
    """The session of the current request (or app context): one per request.

    Requests that may write (POST and friends) and code outside a request (the CLI)
    get a write session; GET requests get a read session.
    """
    existing: Session | None = g.get("_claimdesk_session")
    if existing is None:
        db = database()
        wants_write = not has_request_context() or request.method in WRITE_METHODS
        existing = (db.write_sessions if wants_write else db.read_sessions)()
        g._claimdesk_session = existing
    return existing


@contextmanager
def write_session(app: Flask) -> Iterator[Session]:
    """A write session outside a request: commits on success, rolls back on error."""
    with database(app).write_sessions() as sess, sess.begin():
        yield sess


def _commit_successful_request(response: Response) -> Response:
    # The one commit of a request happens here, after the view returned a
    # non-error response; error responses roll everything back.
    sess: Session | None = g.get("_claimdesk_session")
    if sess is None:
        return response
    if response.status_code >= 400:
        sess.rollback()
        return response
    from webapp.core.errors import OperationError

    try:
        sess.commit()
    except OperationError as refused:
        # A rule checked at flush time (a NUL in some text) that no view flushed early
        # enough to show beside its field: refuse the whole request, saying why.
        sess.rollback()
        from werkzeug.exceptions import BadRequest

        from webapp.errors import render_error

        return current_app.make_response(render_error(BadRequest(refused.message)))
    except (StaleDataError, IntegrityError, OperationalError) as error:
        # A concurrent writer won at the last moment (a version bumped, a unique key
        # taken, SQLite still locked after the busy timeout). Nothing of this request
        # was saved; answer 409 rather than a 500, so the user reloads and retries.
        sess.rollback()
        current_app.logger.warning("Commit refused: %s", error)
        from werkzeug.exceptions import Conflict

        from webapp.errors import render_error

        return current_app.make_response(
            render_error(
                Conflict(
                    "Someone else saved a change at the same moment; nothing "
                    "of yours was saved. Reload and try again."
                )
            )
        )
    return response


def discard_changes() -> None:
    """Roll the request's session back (after a failed flush), so the error page can read."""
    sess: Session | None = g.get("_claimdesk_session")
    if sess is not None:
        sess.rollback()


def _close_session(_exc: BaseException | None) -> None:
    sess: Session | None = g.pop("_claimdesk_session", None)
    if sess is not None:
        sess.close()


def register(app: Flask) -> None:
    """Create the app's engine and the per-request session lifecycle."""
    engine = make_engine(
        app.config["DATABASE_URL"], busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"]
    )
    app.extensions[_EXTENSION_KEY] = Database(engine)
    app.after_request(_commit_successful_request)
    app.teardown_appcontext(_close_session)
