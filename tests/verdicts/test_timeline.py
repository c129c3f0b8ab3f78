"""The timeline partial the claim page includes, rendered on its own."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from webapp import db
from webapp.core.permissions import Role
from webapp.verdicts.models import Verdict
from webapp.verdicts.operations import retract_verdict
from webapp.verdicts.queries import VerdictState, build_timeline, claim_verdicts


def set_concluded_at(app, verdict_id: int, when: dt.datetime) -> None:
    with app.app_context():
        sess = db.session()
        sess.get(Verdict, verdict_id).concluded_at = when
        sess.commit()


def entry_html(html: str, verdict_id: int) -> str:
    """The <li> of one verdict in the history list."""
    match = re.search(rf'<li id="verdict-{verdict_id}".*?</li>', html, re.S)
    assert match, f"verdict #{verdict_id} is not in the timeline"
    return match.group(0)


def test_current_verdict_is_shown_prominently(
    app, make_user, make_claim, make_verdict, render_timeline
) -> None:
    viewer = make_user(Role.VIEWER)
    claim_id = make_claim()
    verdict = make_verdict(
        claim_id, rating="false", credibility=2, evidence=["https://example.org/census"]
    )
    html = render_timeline(claim_id, viewer.id)
    current = html[html.index('class="card verdict-current"') : html.index("Verdict history")]
    assert re.search(
        r'<span class="rating-badge"><svg class="badge-swatch"[^>]*><rect [^>]*fill="#b3261e">'
        r"</rect></svg>False</span>",
        current,
    )
    assert "2 - Probably true" in current
    assert "Checked against the evidence." in current
    assert '<a href="https://example.org/census" rel="noopener noreferrer nofollow">' in current
    assert f"verdict #{verdict}" in current
    assert "Speaks for" in current
    assert "Concluded</dt><dd>by the system on" in current


def test_correction_marks_the_older_verdict_corrected(
    app, make_user, make_claim, make_verdict, render_timeline
) -> None:
    viewer = make_user(Role.VIEWER)
    claim_id = make_claim()
    first = make_verdict(claim_id, rating="mostly-false")
    second = make_verdict(claim_id, rating="false")
    set_concluded_at(app, first, dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC))
    set_concluded_at(app, second, dt.datetime(2026, 2, 10, 15, 30, tzinfo=dt.UTC))
    html = render_timeline(claim_id, viewer.id)
    older = entry_html(html, first)
    newer = entry_html(html, second)
    assert "Current verdict" in newer
    assert "False" in newer
    assert "Corrected" in older
    assert "Mostly false" in older
    assert f'Corrected on 2026-02-10 by <a href="#verdict-{second}">verdict #{second}</a>.' in older
    assert html.index(f'id="verdict-{second}"') < html.index(f'id="verdict-{first}"'), (
        "newest first"
    )
    assert '<ol class="verdict-timeline"' in html


def test_proposal_and_retraction_states(
    app, make_user, make_claim, make_verdict, render_timeline
) -> None:
    viewer = make_user(Role.VIEWER)
    claim_id = make_claim()
    retracted = make_verdict(claim_id, rating="true")
    proposal = make_verdict(claim_id, rating="mixed", conclude=False)
    with app.app_context():
        sess = db.session()
        retract_verdict(sess, actor=None, verdict=sess.get(Verdict, retracted), reason="Misread")
        sess.commit()
    html = render_timeline(claim_id, viewer.id)
    assert "No concluded verdict yet. 1 proposed verdict awaits an editor." in html
    struck = entry_html(html, retracted)
    assert "Retracted" in struck
    assert "Misread" in struck
    assert "<s>" in struck
    pending = entry_html(html, proposal)
    assert "Proposed, awaiting an editor" in pending


def test_svg_timeline_has_one_marker_per_verdict(
    app, make_user, make_claim, make_verdict, render_timeline
) -> None:
    viewer = make_user(Role.VIEWER)
    claim_id = make_claim()
    ids = [
        make_verdict(claim_id, rating="mostly-false"),
        make_verdict(claim_id, rating="false"),
        make_verdict(claim_id, rating="true", conclude=False),
    ]
    html = render_timeline(claim_id, viewer.id)
    start = html.index('<svg viewBox="0 0 640 74"')
    svg = html[start : html.index("</svg>", start)]
    assert 'role="img"' in svg
    label = re.search(r'aria-label="([^"]+)"', svg).group(1)
    assert label.startswith("Timeline of 3 verdicts")
    assert f"Current: False (verdict #{ids[1]})." in label
    markers = re.findall(
        r'<g class="marker marker-(\w+)" data-verdict="(\d+)">\s*<title>([^<]+)</title>', svg
    )
    assert sorted(int(m[1]) for m in markers) == sorted(ids)
    states = {int(m[1]): m[0] for m in markers}
    assert states == {ids[0]: "corrected", ids[1]: "current", ids[2]: "proposed"}
    titles = {int(m[1]): m[2] for m in markers}
    assert titles[ids[1]].startswith(f"Verdict #{ids[1]}: False, current verdict (concluded ")
    assert "corrected on " in titles[ids[0]]
    assert f"by verdict #{ids[1]}" in titles[ids[0]]
    xs = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="54"', svg)]
    assert xs == sorted(xs), "oldest on the left"
    assert min(b - a for a, b in itertools.pairwise(xs)) >= 26, "no marker hides another"


def test_no_svg_for_a_single_verdict(app, make_user, make_claim, make_verdict, render_timeline):
    viewer = make_user(Role.VIEWER)
    claim_id = make_claim()
    make_verdict(claim_id)
    html = render_timeline(claim_id, viewer.id)
    assert '<svg viewBox="0 0 640 74"' not in html, "no timeline chart for one verdict"
    assert 'class="verdict-timeline"' in html


def test_empty_timeline(app, make_user, make_claim, render_timeline) -> None:
    checker = make_user(Role.CHECKER)
    claim_id = make_claim()
    html = render_timeline(claim_id, checker.id)
    assert "No concluded verdict yet." in html
    assert "Verdict history" not in html
    assert f'href="/claims/{claim_id}/verdicts/new"' in html


def test_buttons_follow_the_role(app, make_user, make_claim, make_verdict, render_timeline):
    claim_id = make_claim()
    concluded = make_verdict(claim_id, rating="false")
    proposal = make_verdict(claim_id, rating="true", conclude=False)
    viewer = render_timeline(claim_id, make_user(Role.VIEWER).id)
    checker = render_timeline(claim_id, make_user(Role.CHECKER).id)
    editor = render_timeline(claim_id, make_user(Role.EDITOR).id)
    assert "Propose a verdict" not in viewer
    assert "Record and conclude" not in viewer
    assert "/conclude" not in viewer
    assert "/retract" not in viewer
    assert "Propose a verdict" in checker
    assert "Record and conclude" not in checker
    assert "/conclude" not in checker
    assert "/retract" not in checker
    assert "Propose a verdict" in editor
    assert "Record and conclude" in editor
    assert f'action="/verdicts/{proposal}/conclude"' in editor
    assert f'action="/verdicts/{concluded}/conclude"' not in editor
    assert f'action="/verdicts/{proposal}/retract"' in editor
    assert f'action="/verdicts/{concluded}/retract"' in editor
    assert f"Concluding it replaces verdict #{concluded} as a correction." in editor


def test_verdict_history_page(client, login, make_claim, make_verdict) -> None:
    login(Role.VIEWER)
    claim_id = make_claim("Panjshir has a population of more than 140,000.")
    make_verdict(claim_id, rating="mostly-true")
    response = client.get(f"/claims/{claim_id}/verdicts")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Panjshir has a population of more than 140,000." in html
    assert "Mostly true" in html
    assert client.get("/claims/99999/verdicts").status_code == 404


def test_build_timeline_states(app, sess, make_claim, make_verdict) -> None:
    claim_id = make_claim()
    a = make_verdict(claim_id, rating="true")
    b = make_verdict(claim_id, rating="false")
    c = make_verdict(claim_id, rating="mixed")
    with app.app_context():
        s = db.session()
        retract_verdict(s, actor=None, verdict=s.get(Verdict, c), reason="Wrong")
        s.commit()
    timeline = build_timeline(claim_verdicts(sess, claim_id))
    states = {e.verdict.id: e.state for e in timeline.entries}
    assert states == {a: VerdictState.CORRECTED, b: VerdictState.CURRENT, c: VerdictState.RETRACTED}
    corrected = next(e for e in timeline.entries if e.verdict.id == a)
    assert corrected.corrected_by.id == b, "a retracted correction does not count"
    assert timeline.current.id == b
    assert [m.entry.verdict.id for m in timeline.markers] == [a, b, c]


def test_inline_forms_carry_csrf_tokens(app, client, login, make_claim, make_verdict) -> None:
    login(Role.EDITOR)
    claim_id = make_claim()
    proposal = make_verdict(claim_id, conclude=False)
    app.config["WTF_CSRF_ENABLED"] = True
    html = client.get(f"/claims/{claim_id}/verdicts").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    refused = client.post(f"/verdicts/{proposal}/conclude", data={"version": "1"})
    assert refused.status_code == 400
    accepted = client.post(
        f"/verdicts/{proposal}/conclude", data={"version": "1", "csrf_token": token}
    )
    assert accepted.status_code == 302
