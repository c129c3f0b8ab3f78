"""The hostile corpus through every form: a field error or a 4xx, or stored exactly and
rendered escaped; never a 500, and nothing written when refused.

The whole text corpus goes through the claim statement, every other entry through the
source name, every sixth (each class included) through the other forms, and the
special classes (NUL, bidi, zero-width, surrogates, 1 MB, markup, formula) through every
text field of every form.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.hostile.corpus import DATES, NUMBERS, SPECIAL_SAMPLE, TEXT
from tests.hostile.helpers import (
    assert_escaped,
    blank,
    counts,
    explains_refusal,
    post_form,
    stored_forms,
)
from webapp import db
from webapp.api.models import ApiToken
from webapp.claims.models import Claim
from webapp.core.permissions import Role
from webapp.documents.models import Appearance, Document
from webapp.sources.models import Source
from webapp.users.models import User
from webapp.verdicts.models import RatingScale, RatingValue, Verdict

STRONG = "a long passphrase nobody guesses 42"


@dataclass
class FormCase:
    """A form: where it posts, the other fields it needs, its representative text field."""

    name: str
    url: str
    field: str
    model: Any
    column: str
    page: str  # where the stored text is shown
    base: Callable[[int, dict[str, Any]], dict[str, str]] = lambda i, ids: {}
    fields: list[str] = field(default_factory=list)  # every text field, for SPECIAL_SAMPLE
    step: int = 6  # every step-th entry of the corpus (1 for claims, 2 for sources)


FORMS = [
    FormCase(
        "source", "/sources/new", "name", Source, "name", "/sources?sort=name",
        lambda i, ids: {"kind": "person", "allow_duplicate": "y"},
        ["name", "aliases", "description", "country", "job_title", "state", "party"],
        step=2,
    ),
    FormCase(
        "claim", "/claims/new", "statement", Claim, "statement", "/claims",
        fields=["statement", "quote", "place", "tags", "quantity_unit", "claimant", "relays"],
        step=1,
    ),
    FormCase(
        "document", "/documents/new", "title", Document, "title", "/documents",
        fields=["title", "description", "publisher", "author"],
    ),
    FormCase(
        "appearance", "/claims/{claim_id}/appearances/new", "quote", Appearance, "quote",
        "/claims/{claim_id}",
        lambda i, ids: {"title": f"Article {i}"},
        ["quote", "title", "document"],
    ),
    FormCase(
        "verdict", "/claims/{claim_id}/verdicts/new", "rationale", Verdict, "rationale",
        "/claims/{claim_id}",
        lambda i, ids: {
            "rating_value_id": str(ids["rating_id"]),
            "credibility": "2",
            "evidence-0-url": "https://example.org/evidence",
            "propose": "1",
            "version": ids["claim_version"](),
        },
        ["rationale", "evidence-0-note"],
    ),
    FormCase(
        "scale", "/scales", "name", RatingScale, "name", "/scales",
        lambda i, ids: {"slug": f"scale-{i}"},
        ["name", "description"],
    ),
    FormCase(
        "user", "/admin/users/new", "display_name", User, "display_name", "/admin/users",
        lambda i, ids: {"email": f"user{i}@example.org", "role": "viewer", "password": STRONG},
        ["display_name", "email"],
    ),
    FormCase(
        "token", "/account/tokens", "name", ApiToken, "name", "/account",
        fields=["name"],
    ),
]  # fmt: skip


@pytest.fixture
def ids(app: Flask, make_claim, make_document, version_of) -> dict[str, Any]:
    claim_id = make_claim()
    with app.app_context():
        rating = db.session().scalar(select(RatingValue.id).where(RatingValue.slug == "false"))
    return {
        "claim_id": claim_id,
        "document_id": make_document(),
        "rating_id": rating,
        # Read before each post, as a freshly loaded verdict form would carry it.
        "claim_version": lambda: version_of(Claim, claim_id),
    }


def send(
    app: Flask, client: Any, case: FormCase, ids: dict[str, Any], values: list[tuple[str, str, str]]
) -> list[str]:
    """Post each (field, class, value); return the stored texts. Fails on any wrong answer."""
    accepted = []
    url = case.url.format(**ids)
    for i, (name, kind, value) in enumerate(values):
        data = {**case.base(i, ids), case.field: "Plain text", name: value}
        before = counts(app, case.model)
        response = post_form(client, url, data)
        where = f"{case.name}.{name} {kind} {value[:40]!r}"
        assert response.status_code < 500, where
        if counts(app, case.model) != before:
            assert response.status_code in (200, 302, 303), where
            with app.app_context():
                column = getattr(case.model, name if name == case.field else case.column)
                found = (
                    db.session()
                    .scalars(select(column).order_by(case.model.id.desc()).limit(1))
                    .first()
                )
            if name == case.field and not blank(value):
                assert found in stored_forms(value), where
                accepted.append(value)
        else:
            assert response.status_code in (200, 400, 409, 413, 422), where
            assert counts(app, case.model) == before, f"refused but written: {where}"
            assert explains_refusal(response), where
    return accepted


@pytest.mark.parametrize("case", FORMS, ids=[c.name for c in FORMS])
def test_corpus_through_each_form(app: Flask, client, login, ids, case: FormCase) -> None:
    login(Role.ADMIN)
    app.config["PAGE_SIZE"] = 500
    values = [(case.field, kind, value) for kind, value in TEXT[:: case.step]]
    accepted = send(app, client, case, ids, values)
    assert accepted, "some hostile text is legitimate and must be kept"
    html = client.get(case.page.format(**ids)).get_data(as_text=True)
    for value in accepted:
        assert_escaped(html, value)


@pytest.mark.parametrize("case", FORMS, ids=[c.name for c in FORMS])
def test_special_classes_through_every_field(
    app: Flask, client, login, ids, case: FormCase
) -> None:
    login(Role.ADMIN)
    values = [(name, kind, value) for name in case.fields for kind, value in SPECIAL_SAMPLE]
    send(app, client, case, ids, values)


DATE_FIELDS = ["claim_date", "event_date", "quantity_as_of"]
NUMBER_FIELDS = ["quantity_value", "quantity_low", "quantity_high"]


def test_dates_and_quantities_through_the_claim_form(app: Flask, client, login) -> None:
    login(Role.CHECKER)
    # Every value through the first field of each kind, every fourth through the others.
    values = [(f, "date", v) for i, f in enumerate(DATE_FIELDS) for v in DATES[:: 4 if i else 1]]
    values += [
        (f, "number", v) for i, f in enumerate(NUMBER_FIELDS) for v in NUMBERS[:: 4 if i else 1]
    ]
    claim_form = FORMS[1]
    for i, (name, kind, value) in enumerate(values):
        data = {"statement": f"Claim {i}", name: value, "quantity_unit": "fighters"}
        before = counts(app, Claim)
        response = post_form(client, "/claims/new", data)
        where = f"{name} {value[:40]!r}"
        assert response.status_code < 500, where
        if counts(app, Claim) == before:
            assert response.status_code in (200, 400), where
            assert explains_refusal(response), where
            continue
        with app.app_context():
            stored = db.session().scalars(select(Claim).order_by(Claim.id.desc())).first()
            field_value = getattr(stored, name)
        if kind == "number" and field_value is not None:
            assert math.isfinite(field_value), f"{where} stored as {field_value}"
    assert claim_form.name == "claim"


def test_dates_and_scores_through_the_scale_value_form(app: Flask, client, login) -> None:
    login(Role.ADMIN)
    with app.app_context():
        scale_id = db.session().scalar(select(RatingScale.id).where(RatingScale.slug == "default"))
    for i, value in enumerate(NUMBERS):
        data = {"label": f"Value {i}", "truth_score": value, "colour": "#123456"}
        before = counts(app, RatingValue)
        response = post_form(client, f"/scales/{scale_id}/values", data)
        assert response.status_code < 500, value
        if counts(app, RatingValue) == before:
            assert explains_refusal(response), value
        else:
            with app.app_context():
                score = (
                    db.session()
                    .scalars(select(RatingValue.truth_score).order_by(RatingValue.id.desc()))
                    .first()
                )
            assert score is None or 0 <= score <= 1, (value, score)


FILTER_PAGES = [
    ("/claims", ["q", "tag", "claimant", "publisher", "status", "sort", "verdict", "after"]),
    ("/sources", ["q", "kind", "grade", "sort", "after"]),
    ("/documents", ["q", "publisher"]),
    ("/reliability/sources", ["q"]),
    ("/sources/suggest", ["q"]),
    ("/claims/tags/suggest", ["q"]),
    ("/exports/claims.csv", ["q", "tag"]),
    ("/exports/sources.csv", ["q"]),
]
DATE_FILTERS = [
    ("/claims", ["claim_from", "created_to"]),
    ("/documents", ["published_from"]),
    ("/exports/claims.csv", ["claim_from"]),
]


def test_filters_and_search_parameters(app: Flask, client, login, make_claim) -> None:
    login(Role.VIEWER)
    make_claim("About 10,000 fighters have left for Panjshir.", tags=["Panjshir"])
    # Search boxes get every 12th entry of the corpus, the other parameters every 60th
    # and the special characters.
    wide = [value for _, value in TEXT[::12] if len(value) < 100_000]
    narrow = [value for _, value in TEXT[::60] if len(value) < 100_000]
    narrow += ["nul\x00inside", "lone \ud800 surrogate", "\u202e"]
    for page, params in FILTER_PAGES:
        for param in params:
            for value in wide if param == "q" else narrow:
                response = client.get(
                    page, query_string={param: value.encode("utf-8", "surrogatepass")}
                )
                where = f"{page}?{param}={value[:40]!r}"
                assert response.status_code in (200, 400), where
                if "<" in value and response.mimetype == "text/html":
                    assert value not in response.get_data(as_text=True), where
    for page, params in DATE_FILTERS:
        for param in params:
            for value in DATES[::4]:
                response = client.get(page, query_string={param: value})
                assert response.status_code in (200, 400), (page, param, value)
