"""The desk's fitted prior is kept per desk state, refitted (in the background) on a change."""

from __future__ import annotations

from webapp import db
from webapp.reliability.estimator import fit_prior
from webapp.reliability.panel import source_panel
from webapp.reliability.priors import fitted_model, wait_for_refits
from webapp.reliability.queries import Capacity, desk_state, forget_kept, records
from webapp.sources.models import Source


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


def test_after_a_change_the_last_prior_serves_while_a_new_one_is_fitted(
    app, make_source, make_claim, make_verdict
) -> None:
    app.config["RELIABILITY_PRIOR_STALE_SECONDS"] = 300
    forget_kept()  # a prior fitted by an earlier test on this database would serve at first
    for n in range(4):
        source = make_source(f"Source {n}")
        for k in range(3):
            make_verdict(make_claim(f"Claim {n}.{k}", claimant_id=source), rating="true")
    with app.app_context():
        first = fitted_model(db.session(), Capacity.CLAIMANT)  # nothing earlier: fitted now
    wait_for_refits()
    make_verdict(make_claim("A late claim.", claimant_id=source), rating="false")
    with app.app_context():
        sess = db.session()
        assert fitted_model(sess, Capacity.CLAIMANT) is first  # answered with the last prior
        wait_for_refits()
        refitted = fitted_model(sess, Capacity.CLAIMANT)
        assert refitted is not first
        assert refitted == fit_prior(records(sess, Capacity.CLAIMANT).values())

    # A prior older than the window is not used: the page waits for a new one.
    app.config["RELIABILITY_PRIOR_STALE_SECONDS"] = 0
    make_verdict(make_claim("Another claim.", claimant_id=source), rating="false")
    with app.app_context():
        sess = db.session()
        now = fitted_model(sess, Capacity.CLAIMANT)
        assert now == fit_prior(records(sess, Capacity.CLAIMANT).values())
        assert now != refitted


def test_source_page_figures_follow_the_refitted_prior(
    app, client, login, make_source, make_claim, make_verdict
) -> None:
    app.config["RELIABILITY_PRIOR_STALE_SECONDS"] = 300
    forget_kept()  # a prior fitted by an earlier test on this database would serve at first
    login()
    sources = [make_source(f"Source {n}") for n in range(4)]
    for n, source in enumerate(sources):
        for k in range(3):
            make_verdict(make_claim(f"Claim {n}.{k}", claimant_id=source), rating="true")
    assert client.get(f"/sources/{sources[0]}").status_code == 200
    for k in range(6):
        make_verdict(make_claim(f"Late claim {k}", claimant_id=sources[1]), rating="false")
    with app.app_context():
        sess = db.session()
        source = sess.get(Source, sources[0])
        stale = source_panel(sess, source)  # made with the last prior, a refit running
        wait_for_refits()
        fresh = source_panel(sess, source)
        expected = fit_prior(records(sess, Capacity.CLAIMANT).values())
    assert fresh.claimant.record.model == expected
    assert stale.claimant.record.model != expected
    assert fresh.claimant.record.estimate != stale.claimant.record.estimate
