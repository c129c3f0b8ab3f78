"""Source and rating-value look-ups of a claims import, remembered from row to row.

A file names the same claimants, relays and scales on many rows; each is looked up once
per import (see :class:`~webapp.imports.csv_runner.RowCache`) with the same answers and
the same refusals as looking it up on every row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.core.text import fold
from webapp.imports.csv_runner import RowProblem, row_cache
from webapp.imports.csv_sources import ID_SUFFIX, find_source
from webapp.verdicts.models import RatingScale


def source_id(sess: Session, text: str, column: str) -> int | None:
    """The id of the live source ``text`` names, as :func:`find_source` finds it, or None.

    Only a single match is remembered: the import never creates a second source with
    the same key (it creates one only when the key found none), so it stays the answer.
    """
    if ID_SUFFIX.search(text):
        source = find_source(sess, text, column)  # by number: the session's identity map
        return source.id if source else None
    cache = row_cache(sess)
    key = ("source", fold(text))
    found = cache.get(key)
    if found is None:
        source = find_source(sess, text, column)
        if source is None:
            return None
        found = source.id
        cache.put(key, found)
    return int(found)


def known_source_id(sess: Session, text: str, column: str) -> int:
    """Like :func:`source_id`, but a name that finds nothing is the row's problem."""
    found = source_id(sess, text, column)
    if found is None:
        raise RowProblem(
            column,
            f"{text!r} is not a known source; add it first (claimdesk import sources, or the "
            "Sources page) or fix the spelling",
        )
    return found


def rating_value_id(sess: Session, scale_slug: str, rating: str) -> int:
    """The id of the value ``rating`` (its slug or label, any case) of the scale."""
    cache = row_cache(sess)
    key = ("scale", scale_slug)
    values: list[tuple[int, str, str]] | None = cache.get(key)
    if values is None:
        scale = sess.scalar(select(RatingScale).where(RatingScale.slug == scale_slug))
        if scale is None:
            names = ", ".join(sess.scalars(select(RatingScale.slug).order_by(RatingScale.slug)))
            raise RowProblem("verdict_scale", f"there is no rating scale {scale_slug!r} ({names})")
        values = [(v.id, v.slug, v.label) for v in scale.values]
        cache.put(key, values)
    wanted = rating.strip().casefold()
    found = next(
        (i for i, slug, label in values if wanted in (slug.casefold(), label.casefold())), None
    )
    if found is None:
        labels = ", ".join(label for _, _, label in values)
        raise RowProblem(
            "verdict", f"{rating!r} is not a value of the {scale_slug} scale ({labels})"
        )
    return found
