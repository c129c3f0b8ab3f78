"""Fixtures of the API tests: users with tokens, and a client that sends them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from webapp import db
from webapp.api import tokens
from webapp.api.bodies import registry
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.users.models import User
from webapp.verdicts.models import RatingScale, RatingValue


@dataclass
class TokenUser:
    """A user and the secret of one of their API tokens."""

    user: User
    secret: str
    token_id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


@pytest.fixture
def make_token(app: Flask, make_user: Callable[..., User]) -> Callable[..., TokenUser]:
    """``make_token(Role.EDITOR)`` → a new user of that role with a fresh API token."""

    def factory(
        role: Role = Role.EDITOR, user: User | None = None, name: str = "tests"
    ) -> TokenUser:
        owner = user or make_user(role=role)
        with app.app_context():
            sess = db.session()
            issued = tokens.create_token(sess, actor=sess.get(User, owner.id), name=name)
            sess.commit()
            return TokenUser(owner, issued.secret, issued.token.id)

    return factory


class Api:
    """The test client with JSON helpers; ``as_`` picks whose token to send."""

    def __init__(self, client: FlaskClient, who: TokenUser | None = None) -> None:
        self.client = client
        self.who = who

    def as_(self, who: TokenUser | None) -> Api:
        return Api(self.client, who)

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {**(self.who.headers if self.who else {}), **(extra or {})}

    def get(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self._headers(headers), **kwargs)

    def post(
        self, path: str, body: Any = None, headers: dict[str, str] | None = None, **kw: Any
    ) -> Any:
        if body is not None:
            kw["json"] = body
        return self.client.post(path, headers=self._headers(headers), **kw)

    def patch(
        self, path: str, body: Any = None, headers: dict[str, str] | None = None, **kw: Any
    ) -> Any:
        if body is not None:
            kw["json"] = body
        return self.client.patch(path, headers=self._headers(headers), **kw)


@pytest.fixture
def api(client: FlaskClient, make_token: Callable[..., TokenUser]) -> Api:
    """An API client authenticated as a new editor."""
    return Api(client, make_token(Role.EDITOR))


@pytest.fixture
def rating_id(app: Flask) -> Callable[[str, str], int]:
    """``rating_id("false")`` → the id of that value of the default scale."""

    def find(value: str, scale: str = "default") -> int:
        with app.app_context():
            found = db.session().scalar(
                select(RatingValue.id)
                .join(RatingScale)
                .where(RatingScale.slug == scale, RatingValue.slug == value)
            )
            assert found is not None
            return found

    return find


@pytest.fixture
def audit_entries(app: Flask) -> Callable[..., list[AuditEntry]]:
    """``audit_entries("claim", 3)`` → that record's audit entries, oldest first."""

    def find(entity_type: str, entity_id: int | None = None) -> list[AuditEntry]:
        with app.app_context():
            query = select(AuditEntry).where(AuditEntry.entity_type == entity_type)
            if entity_id is not None:
                query = query.where(AuditEntry.entity_id == entity_id)
            return list(db.session().scalars(query.order_by(AuditEntry.id)))

    return find


def assert_matches(schema: str, document: Any) -> None:
    """Fail unless ``document`` is valid under ``schemas/api/<schema>.json``."""
    from jsonschema import Draft202012Validator

    from webapp.api.bodies import schema_files

    validator = Draft202012Validator(
        schema_files()[schema],
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not problems, problems


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """Fail unless ``response`` is a problem+json of ``status``; return the problem."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    problem = response.get_json(force=True)
    assert_matches("problem", problem)
    assert problem["status"] == status
    return problem
