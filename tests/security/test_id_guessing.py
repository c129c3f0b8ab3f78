"""No record is reachable by guessing its id beyond what the role allows."""

from __future__ import annotations

import io

import pytest
from flask import Flask

from tests.conftest import sign_in
from tests.imports.test_upload import confirm_target
from tests.security.conftest import Desk


def signed_in(app: Flask, desk: Desk, role: str):
    client = app.test_client()
    desk.sign_in(client, role)
    return client


def test_someone_elses_api_token_cannot_be_seen_or_revoked(app: Flask, desk: Desk) -> None:
    other = desk.other["token"]
    for role in ("viewer", "checker", "editor", "admin"):
        client = signed_in(app, desk, role)
        assert other.secret[:8] not in client.get("/account").get_data(as_text=True), role
        assert client.post(f"/account/tokens/{other.token_id}/revoke").status_code == 404, role
    # The admin route must name the token's real owner; a guessed pair is a 404.
    admin = signed_in(app, desk, "admin")
    wrong_owner = desk.users["viewer"].id
    response = admin.post(f"/admin/users/{wrong_owner}/tokens/{other.token_id}/revoke")
    assert response.status_code == 404
    assert admin.post("/account/tokens/999999/revoke").status_code == 404
    still = app.test_client().get("/api/v1/claims", headers=other.headers)
    assert still.status_code == 200, "the token survived every guess"


def test_someone_elses_upload_cannot_be_confirmed(
    app: Flask, desk: Desk, make_user, table_counts
) -> None:
    app.config["IMPORT_JOBS_INLINE"] = True  # the owner's import runs before the test ends
    first = signed_in(app, desk, "checker")
    preview = first.post(
        "/imports",
        data={
            "file": (io.BytesIO(b"name,kind\nReuters,outlet\n"), "s.csv"),
            "kind": "sources",
            "dry_run": "y",
        },
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, preview.get_data(as_text=True)[-3000:]
    action, checksum = confirm_target(preview.get_data(as_text=True))
    others = [signed_in(app, desk, role) for role in ("editor", "admin")]
    before = table_counts()
    for client in others:  # even an admin cannot run another user's upload
        response = client.post(action, data={"checksum": checksum})
        assert response.status_code == 400
    assert table_counts() == before
    assert first.post(action, data={"checksum": checksum}).status_code == 302, "its owner can"


@pytest.mark.parametrize(
    "job_id", ["A" * 22, "../../secret_key", "..%2F..%2Fsecret_key", "%00", "x" * 5000]
)
def test_guessed_or_malformed_job_ids_are_404(app: Flask, desk: Desk, job_id: str) -> None:
    client = signed_in(app, desk, "admin")
    assert client.get(f"/imports/jobs/{job_id}").status_code == 404
    assert client.get(f"/imports/jobs/{job_id}.json").status_code == 404


def test_retracted_records_stay_out_of_lists_feeds_and_claimreview(app: Flask, desk: Desk) -> None:
    """A retracted claim keeps its page (corrections are public) but is published nowhere."""
    gone, gone_source = desk.other["gone_claim_id"], desk.other["gone_source_id"]
    client = signed_in(app, desk, "viewer")
    page = client.get(f"/claims/{gone}")
    assert page.status_code == 200
    assert "retracted" in page.get_data(as_text=True).lower()
    assert client.get(f"/claims/{gone}/claimreview.json").status_code == 404
    assert "A retracted claim." not in client.get("/claims").get_data(as_text=True)
    assert "A retracted claim." not in client.get("/exports/claimreview.json").get_data(
        as_text=True
    )
    assert "A retracted claim." not in client.get("/exports/claims.csv").get_data(as_text=True)
    assert "A retracted source" not in client.get("/sources").get_data(as_text=True)
    assert "A retracted source" not in client.get("/sources/suggest?q=retracted").get_data(
        as_text=True
    )
    api = app.test_client()
    listed = api.get("/api/v1/claims", headers=desk.tokens["viewer"].headers).get_json()
    assert gone not in [c["id"] for c in listed["items"]]
    one = api.get(f"/api/v1/claims/{gone}", headers=desk.tokens["viewer"].headers).get_json()
    assert one["retracted"] is True
    sources = api.get("/api/v1/sources", headers=desk.tokens["viewer"].headers).get_json()
    assert gone_source not in [s["id"] for s in sources["items"]]


def test_the_audit_export_needs_an_editor(app: Flask, desk: Desk) -> None:
    expected = {"viewer": 403, "checker": 403, "editor": 200, "admin": 200}
    for role, status in expected.items():
        client = signed_in(app, desk, role)
        assert client.get("/exports/audit.csv").status_code == status, role
        assert client.get("/exports/users.csv").status_code == 404
        assert client.get("/exports/api_tokens.csv").status_code == 404


def test_unknown_ids_answer_404_and_admin_pages_403_whatever_the_id(app: Flask, desk: Desk) -> None:
    checker = signed_in(app, desk, "checker")
    for user_id in (desk.users["admin"].id, 999_999):
        # 403 for both: a non-admin cannot learn which account numbers exist.
        assert checker.get(f"/admin/users/{user_id}").status_code == 403
    admin = signed_in(app, desk, "admin")
    for path in (
        "/admin/users/999999",
        "/claims/999999",
        "/sources/999999",
        "/verdicts/999999/retract",
    ):
        assert admin.get(path).status_code == 404, path
    api = app.test_client()
    for path in ("/api/v1/claims/99999999999", "/api/v1/verdicts/999999", "/api/v1/sources/0"):
        response = api.get(path, headers=desk.tokens["admin"].headers)
        assert response.status_code == 404, path
        assert response.mimetype == "application/problem+json"
    sign_in(api, desk.users["viewer"])
    assert api.get("/api/v1/claims").status_code == 401, "the cookie alone reads nothing"
