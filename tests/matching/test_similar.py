"""similar_claims on both engines: rewordings found, the claim itself and retracted ones left
out, verdicts and claimants given, and a very common word kept bounded."""

from __future__ import annotations

from sqlalchemy import insert

from webapp import db
from webapp.claims.models import Claim
from webapp.claims.operations import ClaimData, retract_claim, update_claim
from webapp.matching import retrieval
from webapp.matching.normalize import match_key
from webapp.matching.queries import similar_claims, similar_to_claim

PANJSHIR = "About 10,000 fighters have left for Panjshir province to fight the Taliban."
REWORDED = "Roughly ten thousand fighters left for the province of Panjshir to fight Taliban"


def _similar(app, text: str, **options):
    with app.app_context():
        return [(m.claim.id, m.score) for m in similar_claims(db.session(), text, **options)]


def test_rewording_finds_the_claim_with_verdict_and_claimant(
    app, make_claim, make_source, make_verdict
) -> None:
    dostum = make_source("Dostum")
    original = make_claim(PANJSHIR, claimant_id=dostum)
    make_claim("There is no room for the Taliban in the north of Afghanistan.")
    make_claim("Panjshir has a population of more than 140,000.")
    make_verdict(original, rating="false")
    with app.app_context():
        [best, *_rest] = similar_claims(db.session(), REWORDED)
        assert best.claim.id == original
        assert best.score > 0.8
        assert best.verdict is not None
        assert best.verdict.rating.slug == "false"
        assert best.claim.claimant.name == "Dostum"
    assert _similar(app, PANJSHIR)[0] == (original, 1.0)


def test_itself_and_retracted_claims_are_left_out(app, make_claim) -> None:
    first = make_claim(PANJSHIR)
    second = make_claim(REWORDED)
    gone = make_claim("Ten thousand fighters left for Panjshir province, Taliban to fight.")
    with app.app_context():
        sess = db.session()
        retract_claim(sess, actor=None, claim=sess.get(Claim, gone), reason="Entered twice.")
        sess.commit()
        found = [m.claim.id for m in similar_to_claim(sess, sess.get(Claim, first))]
    assert found == [second]


def test_nothing_like_it_and_empty_text(app, make_claim) -> None:
    make_claim(PANJSHIR)
    assert _similar(app, "Unemployment in Ohio fell under the governor.") == []
    assert _similar(app, "") == []
    assert _similar(app, "the of and !!!") == []
    assert _similar(app, "\x00 ' \" NEAR( * OR") == []  # no syntax reaches the index


def test_edits_keep_the_key_current(app, make_claim) -> None:
    claim_id = make_claim("The mayor cut the library budget by half.")
    with app.app_context():
        sess = db.session()
        claim = sess.get(Claim, claim_id)
        update_claim(
            sess,
            actor=None,
            claim=claim,
            data=ClaimData(statement=PANJSHIR),
            expected_version=claim.version,
        )
        sess.commit()
    assert _similar(app, REWORDED)[0][0] == claim_id
    assert _similar(app, "library budget mayor") == []


def test_a_very_common_word_stays_bounded(app, make_claim) -> None:
    """More claims than a lookup reads hold "budget"; the one that also says the rare words
    is still found, and no lookup returns more than its bound."""
    with app.app_context():
        sess = db.session()
        rows = [
            {
                "statement": f"The budget of town {n} grew.",
                "match_key": match_key(f"The budget of town {n} grew."),
                "quote": "",
                "language": "en",
                "checkable": True,
                "status": "new",
                "version": 1,
            }
            for n in range(retrieval.PER_TERM + 50)
        ]
        sess.execute(insert(Claim), rows)
        sess.commit()
    target = make_claim("The budget for Panjshir schools was cut by the Taliban.")
    with app.app_context():
        hits = retrieval.candidates(db.session(), ["budget", "panjshir", "school"])
        assert len(hits.by_term["budget"]) == retrieval.PER_TERM
        assert hits.frequency("budget") is None  # "common": at least the bound
        assert hits.frequency("panjshir") == 1
    assert _similar(app, "Taliban cut the Panjshir school budget")[0][0] == target
