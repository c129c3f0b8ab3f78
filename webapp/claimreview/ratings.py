"""Mapping a ClaimReview's verdict label (``reviewRating.alternateName``) onto the desk's scales.

Order of lookup: the ``--map LABEL=SCALE:VALUE`` options first; then the label exactly as
written on the default scale, then on the PolitiFact scale; then the same two scales
ignoring case and accents. Exact matches come first so that "Mostly False" (PolitiFact)
and "Mostly false" (the default scale) each land on their own scale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from webapp.core.text import fold
from webapp.verdicts.models import RatingScale, RatingValue

POLITIFACT = "politifact"


class MapError(ValueError):
    """A ``--map`` option that cannot be understood; the message says why."""


@dataclass
class RatingMap:
    """Which rating value each imported label becomes."""

    scales: list[RatingScale]
    explicit: dict[str, RatingValue] = field(default_factory=dict)

    def resolve(self, label: str) -> RatingValue | None:
        """The value ``label`` maps to, or None when no rule matches."""
        key = fold(label)
        if key in self.explicit:
            return self.explicit[key]
        text = label.strip()
        for scale in self.scales:
            for value in scale.values:
                if value.label == text:
                    return value
        for scale in self.scales:
            for value in scale.values:
                if fold(value.label) == key:
                    return value
        return None

    def unmapped(self, label: str) -> str:
        """Why ``label`` cannot be imported, with the labels it could have been."""
        offered = "; ".join(
            f"{scale.name}: {', '.join(v.label for v in scale.values)}" for scale in self.scales
        )
        return (
            f"the rating {label!r} matches no value of the rating scales ({offered}); "
            f'map it with --map "{label}=SCALE:VALUE"'
        )


def _scales(sess: Session) -> list[RatingScale]:
    """The default scale, then PolitiFact's (once, should PolitiFact be the default)."""
    found = list(
        sess.scalars(
            select(RatingScale)
            .where(or_(RatingScale.is_default.is_(True), RatingScale.slug == POLITIFACT))
            .options(selectinload(RatingScale.values))
            .order_by(RatingScale.is_default.desc(), RatingScale.id)
        )
    )
    return found


def _value_on(sess: Session, scale_slug: str, wanted: str) -> RatingValue:
    scale = sess.scalar(
        select(RatingScale)
        .where(RatingScale.slug == scale_slug)
        .options(selectinload(RatingScale.values))
    )
    if scale is None:
        slugs = ", ".join(sess.scalars(select(RatingScale.slug).order_by(RatingScale.slug)))
        raise MapError(f"there is no rating scale {scale_slug!r} (scales: {slugs})")
    key = fold(wanted)
    for value in scale.values:
        if value.slug == wanted.strip() or fold(value.label) == key:
            return value
    values = ", ".join(f"{v.slug} ({v.label})" for v in scale.values)
    raise MapError(f"the scale {scale_slug} has no value {wanted!r} (values: {values})")


def load_rating_map(sess: Session, options: Iterable[str] = ()) -> RatingMap:
    """The default lookup plus ``options`` ("Pants on Fire=politifact:pants-fire")."""
    mapping = RatingMap(scales=_scales(sess))
    for option in options:
        label, sep, target = option.rpartition("=")
        scale_slug, colon, value = target.partition(":")
        if not (sep and colon and label.strip() and scale_slug.strip() and value.strip()):
            raise MapError(
                f"{option!r} is not LABEL=SCALE:VALUE (e.g. Pants on Fire=politifact:pants-fire)"
            )
        mapping.explicit[fold(label)] = _value_on(sess, scale_slug.strip(), value)
    return mapping
