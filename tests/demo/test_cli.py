"""``claimdesk demo`` and its wiring into ``make run``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from webapp import db
from webapp.claims.models import Claim
from webapp.core.audit import AuditEntry
from webapp.core.errors import OperationError
from webapp.core.permissions import Role
from webapp.demo import data
from webapp.sources.models import Source

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def count(app, model) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model))


def test_demo_command_loads_and_prints_counts(app, runner) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Loaded the demo desk" in result.output
    assert f"claims: {len(data.CLAIMS)}" in result.output
    assert "audit entries:" in result.output
    assert "no account" in result.output  # no admin yet: the audit log shows no actor
    assert count(app, Claim) == len(data.CLAIMS)


def test_demo_command_acts_as_the_first_admin(app, runner, make_user) -> None:
    make_user(Role.EDITOR)
    admin = make_user(Role.ADMIN)
    make_user(Role.ADMIN)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert f"Recorded as: {admin.email}" in result.output
    with app.app_context():
        actors = db.session().scalars(
            select(AuditEntry.actor_id).where(AuditEntry.entity_type != "user").distinct()
        )
        assert list(actors) == [admin.id]


def test_demo_command_twice_adds_nothing(app, runner) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    audit_rows = count(app, AuditEntry)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "loaded already" in second.output
    assert count(app, AuditEntry) == audit_rows
    assert count(app, Claim) == len(data.CLAIMS)


def test_if_empty_loads_an_empty_database(app, runner) -> None:
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert count(app, Claim) == len(data.CLAIMS)


def test_if_empty_skips_a_database_with_claims(app, runner, make_claim) -> None:
    make_claim("A claim the desk recorded itself.")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "not loaded" in result.output
    assert count(app, Claim) == 1
    assert count(app, Source) == 0


def test_a_failure_leaves_nothing_behind(app, runner, monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise OperationError("Refused for the test.")

    # Fails after sources, the document and every claim were flushed.
    monkeypatch.setattr("webapp.demo.loader.relate_claims", refuse)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "The demo desk was not loaded: Refused for the test." in result.output
    assert count(app, Claim) == 0
    assert count(app, Source) == 0
    assert count(app, AuditEntry) == 0


def test_make_run_loads_the_demo_after_bootstrap() -> None:
    lines = MAKEFILE.read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0].splitlines()
    commands = [line.strip() for line in lines]
    demo = commands.index("$(BIN)/claimdesk demo --if-empty")
    assert commands.index("$(BIN)/claimdesk bootstrap") < demo
    assert demo < next(i for i, c in enumerate(commands) if "gunicorn" in c)
