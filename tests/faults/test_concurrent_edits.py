"""8 processes x 50 edits of the same three claims through a real gunicorn server.

Each edit is a browser-like round trip (GET the form, POST it with the version it
showed). Proves, on both engines: no 500 and no other surprise; every refused save is a
409; every accepted save is in the claim's history exactly once; the history of each
claim is one unbroken chain (each edit's "before" is the previous edit's "after", so no
accepted edit was written over a value its author never saw: no lost update); and the
final statement is the last accepted edit's.
"""

from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy import select

from tests.conftest import DEFAULT_PASSWORD
from tests.faults.live import ROOT, gunicorn
from webapp import db
from webapp.claims.models import Claim
from webapp.core.audit import AuditEntry
from webapp.core.permissions import Role

PROCESSES = 8
EDITS = 50


def test_concurrent_form_edits_lose_nothing(app, make_user, make_claim, tmp_path) -> None:
    claim_ids = [make_claim(statement=f"Claim {n} before any edit.") for n in range(3)]
    users = [make_user(Role.CHECKER) for _ in range(PROCESSES)]
    ids = ",".join(map(str, claim_ids))
    with gunicorn(app.config["DATABASE_URL"], log=tmp_path / "gunicorn.log") as base:
        clients = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.faults.edit_client",
                    base,
                    user.email,
                    DEFAULT_PASSWORD,
                    str(EDITS),
                    str(seed),
                    ids,
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            for seed, user in enumerate(users)
        ]
        results = [json.loads(client.communicate(timeout=240)[0]) for client in clients]
    assert all(client.returncode == 0 for client in clients)

    unexpected = [item for result in results for item in result["unexpected"]]
    assert unexpected == []
    accepted = [tuple(item) for result in results for item in result["accepted"]]
    conflicts = sum(result["conflicts"] for result in results)
    assert len(accepted) + conflicts == PROCESSES * EDITS
    assert accepted, "no edit went through"

    with app.app_context():
        sess = db.session()
        for claim_id in claim_ids:
            entries = sess.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "claim", AuditEntry.entity_id == claim_id)
                .where(AuditEntry.action == "update")
                .order_by(AuditEntry.id)
            ).all()
            mine = [statement for cid, statement in accepted if cid == claim_id]
            # Audit entries == accepted saves, and each accepted marker appears once.
            assert sorted(e.changes["statement"][1] for e in entries) == sorted(mine)
            # One unbroken chain from the original statement to the final one.
            value = f"Claim {claim_ids.index(claim_id)} before any edit."
            for entry in entries:
                before, after = entry.changes["statement"]
                assert before == value
                value = after
            claim = sess.get(Claim, claim_id)
            assert claim is not None
            assert claim.statement == value
            assert claim.version == 1 + len(entries)
