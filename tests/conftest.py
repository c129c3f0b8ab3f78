"""Shared fixtures: an app on each engine, clients, and factories for users."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from tests.database import ENGINES, TestDatabase, drop, fresh_database_url, migrate, reset
from webapp import create_app, db
from webapp.core.permissions import Role
from webapp.users import operations
from webapp.users.models import User

STRICT_SKIPS_ENV = "CLAIMDESK_FAIL_ON_SKIP"
DEFAULT_PASSWORD = "correct horse battery staple"

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 1024,
    "ARGON2_PARALLELISM": 1,
    # Fit the desk's prior before answering (tests/reliability/test_prior_cache.py covers
    # the background refit the app does by default).
    "RELIABILITY_PRIOR_STALE_SECONDS": 0,
}


# --- a skipped test fails the run when CLAIMDESK_FAIL_ON_SKIP=1 (CI sets it) -------------

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get(STRICT_SKIPS_ENV) == "1" and _skipped:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"{STRICT_SKIPS_ENV}=1: {len(_skipped)} skipped test(s) fail this run, "
                f"e.g. {_skipped[0]}",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- databases -----------------------------------------------------------------------------


@pytest.fixture(scope="session", params=ENGINES)
def migrated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestDatabase]:
    """A database of each engine, migrated to head once per test session."""
    url = fresh_database_url(request.param, tmp_path_factory.mktemp("db"), "app")
    database = migrate(url)
    yield database
    drop(database)


class BufferedClient(FlaskClient):
    """A test client that reads each response whole and closes it, like a WSGI server does.

    Closing ends the request (and its database session) even for streamed responses,
    so no test leaves a transaction open behind it.
    """

    def open(self, *args: Any, buffered: bool = True, **kwargs: Any) -> Any:
        return super().open(*args, buffered=buffered, **kwargs)


_shared_apps: dict[str, Flask] = {}


def _new_app(url: str) -> Flask:
    application = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    application.test_client_class = BufferedClient
    return application


@pytest.fixture
def app(migrated: TestDatabase, tmp_path: Any, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """An app on a freshly emptied database (seed rows only).

    Building an app compiles ~80 URL rules (about 50 ms), so one app per engine is shared
    and its configuration restored after each test. Tests that add routes or handlers
    take ``@pytest.mark.fresh_app`` and get a new app of their own.
    """
    fresh = request.node.get_closest_marker("fresh_app") is not None
    application = _new_app(migrated.url) if fresh else _shared_apps.get(migrated.url)
    if application is None:
        application = _shared_apps[migrated.url] = _new_app(migrated.url)
    saved_config = dict(application.config)
    saved_views = dict(application.view_functions)
    application.instance_path = str(tmp_path)
    yield application
    application.config.clear()
    application.config.update(saved_config)
    application.view_functions.clear()
    application.view_functions.update(saved_views)
    if fresh:
        db.database(application).engine.dispose()
    reset(migrated)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def sess(app: Flask) -> Iterator[Session]:
    """The app's session inside an app context, for calling operations directly."""
    with app.app_context():
        yield db.session()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create and commit a user: ``make_user(role=Role.EDITOR, email=...)``."""
    counter = iter(range(1, 10_000))

    def factory(
        role: Role = Role.CHECKER,
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
        active: bool = True,
    ) -> User:
        with app.app_context():
            session = db.session()
            user = operations.create_user(
                session,
                actor=None,
                email=email or f"{role.value}{next(counter)}@example.org",
                display_name=f"Test {role.label}",
                role=role,
                password=password,
            )
            user.active = active
            session.commit()
            session.expunge(user)
            return user

    return factory


def sign_in(client: FlaskClient, user: User, password: str = DEFAULT_PASSWORD) -> None:
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def login(client: FlaskClient, make_user: Callable[..., User]) -> Callable[..., User]:
    """Sign the test client in as a new user of ``role``; return the user."""

    def do_login(role: Role = Role.CHECKER) -> User:
        user = make_user(role=role)
        sign_in(client, user)
        return user

    return do_login


# --- domain factories: each returns a callable that creates, commits and returns a row id ---


@pytest.fixture
def make_source(app: Flask) -> Callable[..., int]:
    """``make_source(name="Reuters", kind=SourceKind.OUTLET, aliases=[...])`` → source id."""
    from webapp.sources.models import SourceKind
    from webapp.sources.operations import SourceData, create_source

    def factory(name: str = "A source", kind: SourceKind = SourceKind.PERSON, **extra: Any) -> int:
        with app.app_context():
            session = db.session()
            source = create_source(
                session,
                actor=None,
                data=SourceData(name=name, kind=kind, **extra),
                allow_duplicate=True,
            )
            session.commit()
            return source.id

    return factory


@pytest.fixture
def make_claim(app: Flask) -> Callable[..., int]:
    """``make_claim(statement=..., claimant_id=..., tags=[...])`` → claim id."""
    from webapp.claims.operations import ClaimData, create_claim

    def factory(statement: str = "About 10,000 fighters left for Panjshir.", **extra: Any) -> int:
        with app.app_context():
            session = db.session()
            claim = create_claim(session, actor=None, data=ClaimData(statement=statement, **extra))
            session.commit()
            return claim.id

    return factory


@pytest.fixture
def make_document(app: Flask) -> Callable[..., int]:
    """``make_document(title=..., url=..., publisher_id=...)`` → document id."""
    from webapp.documents.operations import DocumentData, create_document

    def factory(title: str = "An article", **extra: Any) -> int:
        with app.app_context():
            session = db.session()
            document = create_document(session, actor=None, data=DocumentData(title=title, **extra))
            session.commit()
            return document.id

    return factory


@pytest.fixture
def make_verdict(app: Flask) -> Callable[..., int]:
    """``make_verdict(claim_id, rating="false", conclude=True)`` → verdict id.

    ``rating`` is a slug of the default scale (or pass ``scale="politifact"``).
    """
    from sqlalchemy import select

    from webapp.claims.models import Claim
    from webapp.verdicts.models import RatingScale, RatingValue
    from webapp.verdicts.operations import EvidenceData, VerdictData, record_verdict

    def factory(
        claim_id: int,
        rating: str = "false",
        conclude: bool = True,
        scale: str = "default",
        credibility: int = 2,
        rationale: str = "Checked against the evidence.",
        evidence: list[str] | None = None,
    ) -> int:
        with app.app_context():
            session = db.session()
            value = session.scalar(
                select(RatingValue)
                .join(RatingScale)
                .where(RatingScale.slug == scale, RatingValue.slug == rating)
            )
            assert value is not None, f"no rating {rating!r} on scale {scale!r}"
            urls = ["https://example.org/evidence"] if evidence is None else evidence
            verdict = record_verdict(
                session,
                actor=None,
                claim=session.get(Claim, claim_id),
                data=VerdictData(
                    rating_value_id=value.id,
                    credibility=credibility,
                    rationale=rationale,
                    evidence=[EvidenceData(url=u) for u in urls],
                ),
                conclude=conclude,
            )
            session.commit()
            return verdict.id

    return factory


@pytest.fixture
def version_of(app: Flask) -> Callable[[type[Any], int], str]:
    """``version_of(Claim, claim_id)`` → the record's current version, as a form sends it.

    Edit and workflow forms carry the version of the record the page showed in a hidden
    field; a save without it is refused as stale (409). Tests that post such a form
    straight away send what a freshly loaded page would have carried.
    """

    def read(model: type[Any], record_id: int) -> str:
        with app.app_context():
            record = db.session().get(model, record_id)
            assert record is not None, f"no {model.__name__} #{record_id}"
            return str(record.version)

    return read


# --- browser fixtures: one Playwright and one Chromium for the whole session --------------

CHROMIUM = os.environ.get("CLAIMDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.skip(f"CLAIMDESK_CHROMIUM: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve ``app`` (CSRF on, as in production) on a free local port."""
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    yield new_page
    context.close()
