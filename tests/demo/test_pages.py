"""The demo desk shows on the pages a viewer opens first."""

from __future__ import annotations

from sqlalchemy import select

from webapp.claims.models import Claim
from webapp.core.permissions import Role
from webapp.documents.models import Document
from webapp.sources.models import Source


def test_demo_pages_answer(client, login, sess, demo) -> None:
    login(Role.VIEWER)
    listing = client.get("/claims")
    assert listing.status_code == 200
    assert "About 10,000 fighters have left for Panjshir province" in listing.get_data(as_text=True)
    for claim_id in sess.scalars(select(Claim.id)):
        response = client.get(f"/claims/{claim_id}")
        assert response.status_code == 200, claim_id
    corrected = sess.scalar(select(Claim).where(Claim.external_id == "demo:8"))
    page = client.get(f"/claims/{corrected.id}").get_data(as_text=True)
    assert "Corrected on" in page
    for source_id in sess.scalars(select(Source.id)):
        assert client.get(f"/sources/{source_id}").status_code == 200, source_id
    document_id = sess.scalar(select(Document.id))
    page = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "Does the Anti-Taliban Resistance in Afghanistan have a Future?" in page
