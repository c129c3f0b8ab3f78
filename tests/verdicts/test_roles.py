"""Who may do what: every verdict and scale route for each role, and anonymous visitors."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in
from tests.verdicts.conftest import verdict_body
from webapp.core.permissions import Role

# (method, path, lowest role allowed, status when allowed)
ROUTES = [
    ("GET", "/claims/{claim}/verdicts", Role.VIEWER, 200),
    ("GET", "/claims/{claim}/verdicts/new", Role.CHECKER, 200),
    ("POST", "/claims/{claim}/verdicts/new", Role.CHECKER, 302),
    ("POST", "/claims/{claim}/verdicts/new?conclude", Role.EDITOR, 302),
    ("POST", "/verdicts/{proposal}/conclude", Role.EDITOR, 302),
    ("GET", "/verdicts/{concluded}/retract", Role.EDITOR, 200),
    ("POST", "/verdicts/{concluded}/retract", Role.EDITOR, 302),
    ("GET", "/scales", Role.VIEWER, 200),
    ("POST", "/scales", Role.ADMIN, 302),
    ("POST", "/scales/2/values", Role.ADMIN, 302),
]


def body_for(path: str, user_id: int, rating: int, claim_version: int) -> dict[str, str]:
    if path.endswith("/verdicts/new"):
        return verdict_body(rating, user_id, version=claim_version)
    if path.endswith("?conclude"):
        return verdict_body(rating, user_id, version=claim_version, button="conclude")
    if path.endswith("/conclude"):
        return {"version": "1"}
    if path.endswith("/retract"):
        return {"reason": "Wrong table", "version": "1"}
    if path == "/scales":
        return {"slug": "new-scale", "name": "New scale"}
    return {"value-2-label": "Unproven", "value-2-colour": "#777777"}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(("method", "path", "needed", "allowed"), ROUTES)
def test_role_matrix(
    client,
    make_user,
    make_claim,
    make_verdict,
    rating_id,
    claim_version,
    role,
    method,
    path,
    needed,
    allowed,
) -> None:
    claim_id = make_claim()
    other_claim = make_claim("Amrullah Saleh's forces recaptured Charikar.")
    ids = {
        "claim": claim_id,
        "proposal": make_verdict(other_claim, conclude=False),
        "concluded": make_verdict(other_claim, rating="true"),
    }
    url = path.format(**ids).replace("?conclude", "")
    user = make_user(role)
    data = (
        body_for(path, user.id, rating_id("false"), claim_version(claim_id))
        if method == "POST"
        else None
    )
    anonymous = client.open(url, method=method, data=data)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login")
    sign_in(client, user)
    expected = allowed if role.includes(needed) else 403
    assert client.open(url, method=method, data=data).status_code == expected
