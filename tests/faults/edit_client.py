"""One client process of the concurrent-edit test: N edit round trips, results as JSON.

    python -m tests.faults.edit_client BASE EMAIL PASSWORD EDITS SEED CLAIM_ID[,CLAIM_ID...]

Each edit GETs a claim's edit form, writes a unique marker into the statement and POSTs
the form back with the version and CSRF token it showed. Prints one JSON object:
``{"accepted": [[claim_id, statement], ...], "conflicts": n, "unexpected": [[status, text]]}``.
"""

from __future__ import annotations

import json
import random
import sys

from tests.faults.live import Client


def main(argv: list[str]) -> None:
    base, email, password, edits, seed, ids = argv
    claim_ids = [int(i) for i in ids.split(",")]
    rng = random.Random(int(seed))
    client = Client(base)
    client.sign_in(email, password)
    accepted: list[list[object]] = []
    conflicts = 0
    unexpected: list[list[object]] = []
    for number in range(int(edits)):
        claim_id = rng.choice(claim_ids)
        statement = f"Claim {claim_id} as edited by {email}, edit {number}."
        status, body = client.submit(
            f"/claims/{claim_id}/edit", f"/claims/{claim_id}/edit", statement=statement
        )
        if status == 302:
            accepted.append([claim_id, statement])
        elif status == 409:
            conflicts += 1
        else:
            unexpected.append([status, body.decode(errors="replace")[:300]])
    print(json.dumps({"accepted": accepted, "conflicts": conflicts, "unexpected": unexpected}))


if __name__ == "__main__":
    main(sys.argv[1:])
