"""Independent sources behind a claim: relays and publishers collapse into what they relay."""

from __future__ import annotations

import pytest

from webapp import db
from webapp.claims.models import Claim
from webapp.core.permissions import Role
from webapp.reliability.independence import claim_independence
from webapp.sources.models import SourceKind


def independence(app, claim_id):
    with app.app_context():
        sess = db.session()
        found = claim_independence(sess, sess.get(Claim, claim_id))
        return {
            "count": found.count,
            "origins": [o.name for o in found.origins],
            "carriers": [sorted(c.name for c in o.carriers) for o in found.origins],
            "related": found.related_claim_ids,
            "warning": found.warning,
        }


@pytest.fixture
def tweet_chain(make_source, make_claim, make_document, appear):
    """A general's tweet, relayed by an agency, carried by two outlets."""
    general = make_source("Gen. Bismillah Khan Mohammadi", kind=SourceKind.SOCIAL_ACCOUNT)
    agency = make_source("Anadolu Agency", kind=SourceKind.OUTLET)
    outlets = [make_source(n, kind=SourceKind.OUTLET) for n in ("New Eastern Outlook", "Reuters")]
    claim = make_claim(
        statement="Resistance forces took Puli Khesar, Deh Salah and Banu.",
        claimant_id=general,
        relay_ids=[agency],
    )
    for outlet in outlets:
        appear(claim, make_document(f"Report by {outlet}", publisher_id=outlet))
    return {"claim": claim, "general": general, "agency": agency, "outlets": outlets}


def test_a_relayed_tweet_is_one_source(app, tweet_chain) -> None:
    found = independence(app, tweet_chain["claim"])
    assert found["count"] == 1
    assert found["origins"] == ["Gen. Bismillah Khan Mohammadi"]
    assert found["carriers"] == [["Anadolu Agency", "New Eastern Outlook", "Reuters"]]


def test_a_duplicate_from_another_claimant_adds_a_source(
    app, tweet_chain, make_source, make_claim, relate
) -> None:
    minister = make_source("Afghan defence ministry", kind=SourceKind.GOVERNMENT)
    other = make_claim(statement="Banu district was retaken.", claimant_id=minister)
    relate(other, tweet_chain["claim"], "duplicate_of")
    found = independence(app, tweet_chain["claim"])
    assert found["count"] == 2
    assert found["origins"] == ["Gen. Bismillah Khan Mohammadi", "Afghan defence ministry"]
    assert found["related"] == [other]
    assert independence(app, other)["count"] == 2  # duplicates count both ways


def test_a_relay_recorded_as_claimant_collapses(app, tweet_chain, make_claim, relate) -> None:
    # Another copy of the story names the agency as claimant: the agency only relayed it.
    copy = make_claim(statement="Banu taken, says agency.", claimant_id=tweet_chain["agency"])
    relate(tweet_chain["claim"], copy, "duplicate_of")
    found = independence(app, tweet_chain["claim"])
    assert found["count"] == 1
    assert found["origins"] == ["Gen. Bismillah Khan Mohammadi"]
    assert "Anadolu Agency" in found["carriers"][0]


def test_a_shared_publisher_does_not_merge_claimants(
    app, make_source, make_claim, make_document, appear, relate
) -> None:
    outlet = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    article = make_document("Panjshir resistance", publisher_id=outlet)
    first = make_claim(statement="10,000 fighters left.", claimant_id=make_source("Dostum"))
    second = make_claim(statement="10,000 men went north.", claimant_id=make_source("Saleh"))
    appear(first, article)
    appear(second, article)
    relate(second, first, "duplicate_of")
    assert independence(app, first)["count"] == 2


def test_unnamed_origin_counts_once(app, make_source, make_claim, make_document, appear) -> None:
    reports = make_source("Reports from Afghanistan", kind=SourceKind.UNNAMED)
    claim = make_claim(statement="About 10,000 fighters left for Panjshir.", claimant_id=reports)
    for name in ("New Eastern Outlook", "Pravda"):
        outlet = make_source(name, kind=SourceKind.OUTLET)
        appear(claim, make_document(f"Article in {name}", publisher_id=outlet))
    found = independence(app, claim)
    assert found["count"] == 1
    assert found["origins"] == ["New Eastern Outlook"]
    assert found["carriers"] == [["Pravda"]]
    bare = make_claim(statement="Nobody knows who said this.")
    assert independence(app, bare)["origins"] == ["Unknown origin (no named source)"]


def test_supporting_claims_count_one_way(app, make_source, make_claim, relate) -> None:
    claim = make_claim(statement="Charikar was recaptured.", claimant_id=make_source("Saleh"))
    support = make_claim(statement="Fighting in Charikar.", claimant_id=make_source("Reuters"))
    contra = make_claim(statement="Charikar is calm.", claimant_id=make_source("Taliban"))
    relate(support, claim, "supports")
    relate(contra, claim, "contradicts")
    assert independence(app, claim)["count"] == 2
    assert independence(app, support)["count"] == 1  # "supports" is one-way


def test_retracted_relations_and_claims_do_not_count(
    app, make_source, make_claim, relate, retract_relation, retract_claim
) -> None:
    claim = make_claim(statement="Charikar was recaptured.", claimant_id=make_source("Saleh"))
    first = make_claim(statement="Charikar retaken.", claimant_id=make_source("Reuters"))
    second = make_claim(statement="Charikar in resistance hands.", claimant_id=make_source("AFP"))
    relation = relate(first, claim, "duplicate_of")
    relate(second, claim, "supports")
    assert independence(app, claim)["count"] == 3
    retract_relation(relation)
    retract_claim(second)
    assert independence(app, claim)["count"] == 1


def test_true_verdict_on_one_source_warns(app, tweet_chain, make_verdict) -> None:
    make_verdict(tweet_chain["claim"], rating="true")
    found = independence(app, tweet_chain["claim"])
    assert found["warning"] == "This 'True' verdict rests on fewer than two independent sources."


def test_false_verdict_or_two_sources_do_not_warn(
    app, tweet_chain, make_source, make_claim, make_verdict, relate
) -> None:
    make_verdict(tweet_chain["claim"], rating="false")
    assert independence(app, tweet_chain["claim"])["warning"] is None
    make_verdict(tweet_chain["claim"], rating="mostly-true")  # a correction, score 0.8
    assert "'Mostly true' verdict" in independence(app, tweet_chain["claim"])["warning"]
    other = make_claim(statement="Banu retaken.", claimant_id=make_source("Defence ministry"))
    relate(other, tweet_chain["claim"], "duplicate_of")
    assert independence(app, tweet_chain["claim"])["warning"] is None


def test_claim_page_shows_the_count_and_the_warning(
    client, login, tweet_chain, make_verdict
) -> None:
    make_verdict(tweet_chain["claim"], rating="true")
    login(Role.VIEWER)
    response = client.get(f"/claims/{tweet_chain['claim']}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    panel = body.split('<section id="independence"', 1)[1].split("</section>", 1)[0]
    assert "Carried by <strong>1</strong> independent source." in panel
    assert "This &#39;True&#39; verdict rests on fewer than two independent sources." in panel
    assert f'href="/sources/{tweet_chain["general"]}">Gen. Bismillah Khan Mohammadi</a>' in panel
    assert "passed on by" in panel
    assert "Anadolu Agency" in panel
    assert body.count("Carried by") == 1  # not duplicated elsewhere on the page
