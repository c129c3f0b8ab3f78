"""Keyset pagination over every column type the list pages sort by."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from webapp.claims.models import Claim
from webapp.core.pagination import SortKey, decode_cursor, encode_cursor, paginate


def test_garbled_cursors_mean_first_page() -> None:
    assert decode_cursor(None) is None
    assert decode_cursor("not base64!!") is None
    assert decode_cursor(encode_cursor([1, "x"])) == [1, "x"]


def test_pages_by_timestamp_column(sess, make_claim) -> None:
    ids = [make_claim(statement=f"Claim {n}.") for n in range(7)]
    sort = SortKey((Claim.created_at, Claim.id), descending=True)
    seen: list[int] = []
    cursor = None
    while True:
        page = paginate(
            sess, select(Claim), sort, cursor, 3, lambda c: [c.created_at.isoformat(), c.id]
        )
        seen.extend(c.id for c in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == sorted(ids, reverse=True)


def test_pages_by_date_column(sess, make_claim) -> None:
    ids = [make_claim(statement=f"C{n}.", claim_date=dt.date(2021, 8, 1 + n % 3)) for n in range(6)]
    sort = SortKey((Claim.claim_date, Claim.id), descending=False)
    first = paginate(sess, select(Claim), sort, None, 4, lambda c: [c.claim_date.isoformat(), c.id])
    second = paginate(
        sess, select(Claim), sort, first.next_cursor, 4, lambda c: [c.claim_date.isoformat(), c.id]
    )
    assert len(first.items) + len(second.items) == len(ids)
    assert {c.id for c in first.items}.isdisjoint({c.id for c in second.items})
    assert second.next_cursor is None
