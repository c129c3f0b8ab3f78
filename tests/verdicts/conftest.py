"""Helpers for the verdict tests: rating ids, form bodies and rendering the timeline partial."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, render_template_string
from flask_login import login_user
from sqlalchemy import select

from webapp import db
from webapp.claims.models import Claim
from webapp.users.models import User
from webapp.verdicts.models import RatingScale, RatingValue

EVIDENCE_URL = "https://example.org/census-2021"


@pytest.fixture
def rating_id(app: Flask) -> Callable[..., int]:
    """``rating_id("false", scale="default")`` → the id of that rating value."""

    def find(slug: str, scale: str = "default") -> int:
        with app.app_context():
            value_id = db.session().scalar(
                select(RatingValue.id)
                .join(RatingScale)
                .where(RatingScale.slug == scale, RatingValue.slug == slug)
            )
            assert value_id is not None
            return value_id

    return find


@pytest.fixture
def claim_version(version_of: Callable[[type[Any], int], str]) -> Callable[[int], int]:
    """``claim_version(claim_id)`` → the claim's current version, which the verdict form carries."""

    def version(claim_id: int) -> int:
        return int(version_of(Claim, claim_id))

    return version


def verdict_body(
    rating: int | str,
    reviewer: int,
    version: int | None = 1,
    *,
    credibility: str = "2",
    rationale: str = "The 2021 census counts 173,000 people.",
    evidence: list[tuple[str, str]] | None = None,
    button: str = "propose",
    speaks_for: str | None = None,
) -> dict[str, Any]:
    """A POST body of the verdict form, as a browser sends it (three evidence rows)."""
    rows = [(EVIDENCE_URL, "Census table 3")] if evidence is None else evidence
    rows = rows + [("", "")] * max(0, 3 - len(rows))
    body: dict[str, Any] = {
        "rating_value_id": str(rating),
        "credibility": credibility,
        "rationale": rationale,
        "speaks_for": speaks_for or dt.date.today().isoformat(),
        "reviewer_id": str(reviewer),
        button: "1",
    }
    if version is not None:
        body["version"] = str(version)
    for index, (url, note) in enumerate(rows):
        body[f"evidence-{index}-url"] = url
        body[f"evidence-{index}-note"] = note
    return body


@pytest.fixture
def render_timeline(app: Flask) -> Callable[[int, int], str]:
    """Render ``verdicts/_timeline.html`` for a claim as a signed-in user (no claim page needed)."""

    def render(claim_id: int, user_id: int) -> str:
        with app.test_request_context("/"):
            sess = db.session()
            login_user(sess.get(User, user_id))
            return render_template_string(
                '{% include "verdicts/_timeline.html" %}', claim=sess.get(Claim, claim_id)
            )

    return render


@pytest.fixture
def claim_page(app: Flask) -> Callable[[int], str]:
    """Where actions send the user back to: the claim page, or the verdict history page."""
    from webapp.verdicts.views import claim_url

    def url(claim_id: int) -> str:
        with app.test_request_context("/"):
            return claim_url(claim_id)

    return url


def flashed(client: Any) -> list[str]:
    """The flash messages waiting in the test client's session."""
    with client.session_transaction() as session:
        return [message for _category, message in session.get("_flashes", [])]
