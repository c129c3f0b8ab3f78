"""The desk's fitted prior is kept per desk state and refitted when the desk changes."""

from __future__ import annotations

from webapp import db
from webapp.reliability.estimator import fit_prior
from webapp.reliability.queries import Capacity, desk_state, fitted_model, records


def test_prior_is_reused_until_a_verdict_changes_the_desk(
    app, make_source, make_claim, make_verdict
) -> None:
    for n in range(4):
        source = make_source(f"Source {n}")
        for k in range(3):
            make_verdict(make_claim(f"Claim {n}.{k}", claimant_id=source), rating="true")
    with app.app_context():
        sess = db.session()
        state = desk_state(sess)
        first = fitted_model(sess, Capacity.CLAIMANT)
        assert fitted_model(sess, Capacity.CLAIMANT) is first
        assert desk_state(sess) == state
    late = make_claim("A late claim.", claimant_id=source)
    make_verdict(late, rating="false")
    with app.app_context():
        sess = db.session()
        assert desk_state(sess) != state
        refitted = fitted_model(sess, Capacity.CLAIMANT)
        assert refitted is not first
        assert refitted == fit_prior(records(sess, Capacity.CLAIMANT).values())
        assert refitted != first
