"""Conflicting figures: the claim page's other figures and the report, on both engines."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from webapp.core.permissions import Role
from webapp.matching.figures import difference

DAY = dt.date(2021, 8, 24)


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ((10_000, 10_000), (3_000, 3_000), 0.7),
        ((3_000, 3_000), (10_000, 10_000), 0.7),
        ((9_000, 11_000), (10_000, 10_000), 0.0),  # inside the range: they agree
        ((140_000, math.inf), (100_000, 100_000), 40_000 / 140_000),  # "more than 140,000"
        ((140_000, math.inf), (200_000, 200_000), 0.0),
        ((0, 0), (0, 0), 0.0),
    ],
)
def test_difference(a, b, apart) -> None:
    assert difference(a, b) == pytest.approx(apart)


@pytest.fixture
def desk(make_claim, make_source, make_verdict):
    """Four Panjshir fighter counts, a population figure and an unrelated count."""
    reports = make_source("Reports from Afghanistan")
    ten = make_claim(
        "About 10,000 fighters have left for Panjshir.",
        claimant_id=reports,
        tags=["Panjshir"],
        quantity_value=10_000,
        quantity_unit="fighters",
        claim_date=DAY,
    )
    make_verdict(ten, rating="false")
    return {
        "ten": ten,
        "three": make_claim(
            "Only 3,000 fighters are in the valley.",
            tags=["panjshir", "Taliban"],
            quantity_value=3_000,
            quantity_unit="Fighter",
            claim_date=DAY + dt.timedelta(days=10),
        ),
        "close": make_claim(
            "Some 9,500 fighters gathered in Panjshir.",
            place="Panjshir",
            tags=["Panjshir"],
            quantity_low=9_000,
            quantity_high=11_000,
            quantity_unit="fighters",
            quantity_as_of=DAY + dt.timedelta(days=5),
        ),
        "old": make_claim(
            "In 2001, 500 fighters held Panjshir.",
            tags=["Panjshir"],
            quantity_value=500,
            quantity_unit="fighters",
            claim_date=dt.date(2001, 9, 1),
        ),
        "people": make_claim(
            "Panjshir has more than 140,000 people.",
            tags=["Panjshir"],
            quantity_low=140_000,
            quantity_unit="people",
        ),
        "elsewhere": make_claim(
            "20,000 fighters are in Herat.",
            tags=["Herat"],
            quantity_value=20_000,
            quantity_unit="fighters",
            claim_date=DAY,
        ),
    }


def _rows(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</section>", 1)[0]


def test_claim_page_lists_other_figures(client, login, desk) -> None:
    login(Role.VIEWER)
    html = client.get(f"/claims/{desk['ten']}").get_data(as_text=True)
    section = _rows(html, 'id="figures"')
    assert f'href="/claims/{desk["three"]}"' in section
    assert "70%" in section  # 10,000 against 3,000
    assert f'href="/claims/{desk["close"]}"' in section
    assert "agrees" in section
    for absent in ("old", "people", "elsewhere"):  # other dates, unit, subject
        assert f'href="/claims/{desk[absent]}"' not in section
    other = _rows(client.get(f"/claims/{desk['three']}").get_data(as_text=True), 'id="figures"')
    assert "Reports from Afghanistan" in other
    assert "False" in other


def test_claim_without_a_figure_has_no_section(client, login, make_claim) -> None:
    login(Role.VIEWER)
    claim = make_claim("No room for the Taliban in the north.")
    assert 'id="figures"' not in client.get(f"/claims/{claim}").get_data(as_text=True)


def test_report_lists_disagreements_beyond_the_tolerance(client, login, desk) -> None:
    login(Role.VIEWER)
    html = client.get("/reports/conflicting-figures").get_data(as_text=True)
    table = html.split("<tbody>", 1)[1]
    assert f'href="/claims/{desk["ten"]}#figures"' in table
    assert f'href="/claims/{desk["three"]}#figures"' in table
    assert "70%" in table
    assert "67%" in table
    assert f'href="/claims/{desk["elsewhere"]}#figures"' not in table
    assert f'href="/claims/{desk["old"]}#figures"' not in table
    assert table.count("<tr>") == 2
    loose = client.get("/reports/conflicting-figures?tolerance=68").get_data(as_text=True)
    assert loose.split("<tbody>", 1)[1].count("<tr>") == 1
    assert 'href="/reports/conflicting-figures"' in client.get("/").get_data(as_text=True)  # menu


def test_report_filters_and_empty_state(client, login, desk) -> None:
    login(Role.VIEWER)
    by_tag = client.get("/reports/conflicting-figures?tag=TALIBAN").get_data(as_text=True)
    assert "No figures disagree" in by_tag  # only one claim is tagged Taliban
    by_unit = client.get("/reports/conflicting-figures?unit=Fighter").get_data(as_text=True)
    assert by_unit.split("<tbody>", 1)[1].count("<tr>") == 2
    none = client.get("/reports/conflicting-figures?unit=people").get_data(as_text=True)
    assert "No figures disagree by more than 10.0% in people." in none


@pytest.mark.parametrize("tolerance", ["-1", "abc", "nan", "inf", "100001"])
def test_bad_tolerance_is_a_field_error(client, login, tolerance) -> None:
    login(Role.VIEWER)
    response = client.get(f"/reports/conflicting-figures?tolerance={tolerance}")
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)


def test_same_place_in_other_case_is_the_same_subject(client, login, make_claim) -> None:
    login(Role.VIEWER)
    first = make_claim(
        "4,000 fighters hold the valley.",
        place="Panjshir",
        quantity_value=4_000,
        quantity_unit="fighters",
    )
    second = make_claim(
        "9,000 fighters hold the valley.",
        place="PANJSHIR",
        quantity_value=9_000,
        quantity_unit="fighters",
    )
    section = _rows(client.get(f"/claims/{first}").get_data(as_text=True), 'id="figures"')
    assert f'href="/claims/{second}"' in section
    assert "56%" in section
