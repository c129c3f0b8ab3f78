"""The rating scales page: the seeded scales, and admins adding scales and values."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from webapp import db
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role
from webapp.verdicts.models import RatingScale


def scale_section(html: str, slug: str) -> str:
    match = re.search(rf'<section class="card scale" id="scale-{slug}".*?</section>', html, re.S)
    assert match, f"no section for scale {slug}"
    return match.group(0)


def value_rows(section: str) -> list[str]:
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return re.findall(r"<tr>.*?</tr>", body, re.S)


def test_scales_page_lists_the_seeded_scales(client, login) -> None:
    login(Role.VIEWER)
    response = client.get("/scales")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    default = scale_section(html, "default")
    politifact = scale_section(html, "politifact")
    assert html.index('id="scale-default"') < html.index('id="scale-politifact"')
    assert "(default)" in default
    assert "(default)" not in politifact
    rows = value_rows(default)
    assert len(rows) == 7
    labels = [re.search(r"</svg> ([^<]+) <span", row).group(1) for row in rows]
    assert labels == [
        "True", "Mostly true", "Mixed", "Misleading", "Mostly false", "False", "Unverifiable",
    ]  # fmt: skip
    assert "not scored (unverifiable)" in rows[6]
    assert '<svg class="swatch"' in rows[5]
    assert 'fill="#b3261e"' in rows[5]
    assert "<code>mostly-false</code>" in rows[4]
    assert "<td>0.8</td>" in rows[1]
    politifact_rows = value_rows(politifact)
    assert len(politifact_rows) == 6
    assert "Pants on Fire" in politifact_rows[5]
    assert "<code>barely-true</code>" in politifact_rows[3]
    assert "not scored" not in politifact
    assert "Add a rating scale" not in html, "viewers get no admin forms"
    assert "Add a value to" not in html


def test_admin_sees_the_forms(client, login) -> None:
    login(Role.ADMIN)
    html = client.get("/scales").get_data(as_text=True)
    assert "Add a rating scale" in html
    assert 'action="/scales/1/values"' in html
    assert 'name="value-1-label"' in html
    assert '<input id="value-1-colour" name="value-1-colour" type="color" value="#777777">' in html


def test_admin_creates_a_scale_and_adds_values(app, client, login) -> None:
    admin = login(Role.ADMIN)
    response = client.post(
        "/scales", data={"slug": "check", "name": "Meedan Check", "description": "Defaults"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/scales#scale-check"
    with app.app_context():
        scale_id = db.session().scalar(select(RatingScale.id).where(RatingScale.slug == "check"))
    for label, score, colour in [("Verified", "1", "#1A7F37"), ("Inconclusive", "", "#6e7781")]:
        response = client.post(
            f"/scales/{scale_id}/values",
            data={
                f"value-{scale_id}-label": label,
                f"value-{scale_id}-truth_score": score,
                f"value-{scale_id}-colour": colour,
                f"value-{scale_id}-description": "",
            },
        )
        assert response.status_code == 302
    html = client.get("/scales").get_data(as_text=True)
    rows = value_rows(scale_section(html, "check"))
    assert len(rows) == 2
    assert "Verified" in rows[0]
    assert "#1a7f37" in rows[0]
    assert "not scored (unverifiable)" in rows[1]
    with app.app_context():
        sess = db.session()
        entries = list(
            sess.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type.in_(["rating_scale", "rating_value"]))
                .order_by(AuditEntry.id)
            )
        )
        assert [e.entity_type for e in entries] == ["rating_scale", "rating_value", "rating_value"]
        assert all(e.actor_id == admin.id for e in entries)
        assert entries[0].changes == {"name": [None, "Meedan Check"], "slug": [None, "check"]}
        assert entries[1].changes["truth_score"] == [None, 1.0]


def test_new_scale_values_appear_on_the_verdict_form(client, login, make_claim) -> None:
    login(Role.ADMIN)
    client.post("/scales", data={"slug": "mini", "name": "Mini scale"})
    scale_page = client.get("/scales").get_data(as_text=True)
    scale_id = re.search(r'action="/scales/(\d+)/values"', scale_section(scale_page, "mini")).group(
        1
    )
    client.post(
        f"/scales/{scale_id}/values",
        data={f"value-{scale_id}-label": "Yes", f"value-{scale_id}-colour": "#000000"},
    )
    claim_id = make_claim()
    html = client.get(f"/claims/{claim_id}/verdicts/new").get_data(as_text=True)
    assert re.search(
        r'<optgroup label="Mini scale">\s*<option value="\d+">Yes \(not scored\)</option>', html
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slug": "", "name": "X"}, "The short name is required."),
        ({"slug": "ok", "name": ""}, "The name is required."),
        ({"slug": "Bad Slug", "name": "X"}, "Use lower-case letters, digits and hyphens."),
        ({"slug": "default", "name": "X"}, "A scale with this short name exists."),
    ],
)
def test_create_scale_errors(app, client, login, data, message) -> None:
    login(Role.ADMIN)
    response = client.post("/scales", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Pants on Fire" in html, "the page still lists the scales"
    with app.app_context():
        assert len(list(db.session().scalars(select(RatingScale)))) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "", "colour": "#777777"}, "The label is required."),
        (
            {"label": "Sure", "truth_score": "2", "colour": "#777777"},
            "The truth score is between 0 and 1 (or empty).",
        ),
        (
            {"label": "Sure", "truth_score": "lots", "colour": "#777777"},
            "The truth score is a number from 0 to 1 (or empty).",
        ),
        ({"label": "Sure", "colour": "red"}, "A colour looks like #1a7f37."),
        (
            {"label": "Mostly True", "colour": "#777777"},
            "This scale has a value with this label already.",
        ),
        ({"label": "???", "colour": "#777777"}, "Use some letters or digits in the label."),
    ],
)
def test_add_value_errors(client, login, data, message) -> None:
    login(Role.ADMIN)
    response = client.post("/scales/2/values", data={f"value-2-{k}": v for k, v in data.items()})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    section = scale_section(html, "politifact")
    assert '<details class="add-value" open>' in section, "the failed form stays open"
    assert message in section, "the error shows under the right scale"
    assert len(value_rows(section)) == 6


def test_add_value_to_unknown_scale_is_404(client, login) -> None:
    login(Role.ADMIN)
    assert client.post("/scales/999/values", data={"value-999-label": "X"}).status_code == 404
