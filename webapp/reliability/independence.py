"""How many independent sources stand behind a claim: ten outlets repeating one spokesman are one.

Definitions (docs/reliability.md explains them with examples):

* **Which claims count.** The claim itself, the live claims recorded as its duplicates
  (``duplicate_of`` in either direction, followed from duplicate to duplicate), and the live
  claims that *support* it or one of its duplicates (one step: "#7 supports #3" counts #7 for
  #3, not the other way round). Contradicting and superseding claims do not count.
* **A chain per claim.** Each claim travels publisher <- relays, in order <- claimant. Its
  **origin** is the claimant when the claimant is named; for an unnamed (or missing)
  claimant it is the first relay; failing that the publisher of the claim's first live
  appearance; failing that an "unknown origin". Everyone else in the chain (relays and the
  publishers of every live appearance) is a **carrier**: carriers never add independence.
  An unnamed origin carried by several outlets therefore counts once - nobody can tell
  whether they heard it independently.
* **Origins that are themselves carriers collapse.** When the origin of one claim is a
  carrier in another claim's chain (the desk recorded Anadolu as the claimant of one copy
  and as the relay of a general's tweet in another) the two count as one source. Sharing a
  publisher does *not* merge two claimants: an outlet quoting two ministers carries two
  independent sources.
* Every unknown origin counts as one source together.

The number of independent sources is the number of origins left after collapsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from webapp.claims.models import Claim, ClaimRelation, ClaimRelay, RelationKind
from webapp.documents.models import Appearance, Document
from webapp.sources.models import Source, SourceKind
from webapp.verdicts.models import Verdict
from webapp.verdicts.operations import current_verdict

MAX_CLAIMS = 200  # a duplicate group larger than this is cut (the page says so)
TRUE_ISH = 0.8
UNKNOWN = 0  # the key of the unknown origin (source ids start at 1)


@dataclass
class Chain:
    """One claim's path: its origin (None: unknown) and the sources that carried it."""

    claim_id: int
    origin: Source | None
    carriers: list[Source]


@dataclass
class Origin:
    """An independent source behind the claim, with what collapsed into it."""

    source: Source | None  # None: an unknown origin
    carriers: list[Source] = field(default_factory=list)
    claim_ids: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.source.name if self.source else "Unknown origin (no named source)"


@dataclass
class Independence:
    """The independent origins of a claim and the warning a 'True' verdict may need."""

    claim_id: int
    origins: list[Origin]
    related_claim_ids: list[int]
    verdict_label: str | None
    verdict_score: float | None
    truncated: bool = False

    @property
    def count(self) -> int:
        return len(self.origins)

    @property
    def warning(self) -> str | None:
        """Set when a true-ish current verdict rests on fewer than two independent sources."""
        if self.verdict_score is None or self.verdict_score < TRUE_ISH or self.count >= 2:
            return None
        return f"This '{self.verdict_label}' verdict rests on fewer than two independent sources."


def _live_claims(sess: Session, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        sess.scalars(select(Claim.id).where(Claim.id.in_(ids), Claim.retracted_at.is_(None)))
    )


def related_claims(sess: Session, claim_id: int) -> tuple[list[int], bool]:
    """The other claims that count for ``claim_id`` (see the module docstring); truncated?"""
    group, frontier = {claim_id}, {claim_id}
    truncated = False
    while frontier:
        links = sess.execute(
            select(ClaimRelation.claim_id, ClaimRelation.related_claim_id).where(
                ClaimRelation.kind == RelationKind.DUPLICATE_OF,
                ClaimRelation.retracted_at.is_(None),
                or_(
                    ClaimRelation.claim_id.in_(frontier),
                    ClaimRelation.related_claim_id.in_(frontier),
                ),
            )
        )
        found = _live_claims(sess, {c for pair in links for c in pair} - group)
        if len(group) + len(found) > MAX_CLAIMS:
            found = set(sorted(found)[: MAX_CLAIMS - len(group)])
            truncated = True
        group |= found
        frontier = found
    supporters = set(
        sess.scalars(
            select(ClaimRelation.claim_id).where(
                ClaimRelation.kind == RelationKind.SUPPORTS,
                ClaimRelation.retracted_at.is_(None),
                ClaimRelation.related_claim_id.in_(group),
            )
        )
    )
    group |= _live_claims(sess, supporters - group)
    return sorted(group - {claim_id}), truncated


def chain_of(claim: Claim) -> Chain:
    """The origin and carriers of one claim (its relays and live appearances loaded)."""
    relays = [relay.source for relay in claim.relays]
    live = [
        a for a in claim.appearances if a.retracted_at is None and a.document.retracted_at is None
    ]
    live.sort(key=lambda a: (not a.is_first, a.id))
    publishers = [a.document.publisher for a in live if a.document.publisher is not None]
    named = claim.claimant is not None and claim.claimant.kind is not SourceKind.UNNAMED
    if named:
        origin: Source | None = claim.claimant
    elif relays:
        origin = relays[0]
    elif publishers:
        origin = publishers[0]
    else:
        origin = None
    carriers: list[Source] = []
    for source in [*relays, *publishers]:
        if source is not origin and source not in carriers:
            carriers.append(source)
    return Chain(claim.id, origin, carriers)


def origins_of(chains: list[Chain]) -> list[Origin]:
    """Collapse origins that carry another chain's claim; one Origin per independent source."""
    parent: dict[int, int] = {}

    def find(key: int) -> int:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    def key_of(source: Source | None) -> int:
        return source.id if source is not None else UNKNOWN

    sources = {key_of(chain.origin): chain.origin for chain in chains}
    carried_by: dict[int, set[int]] = {}
    for chain in chains:
        for carrier in chain.carriers:
            carried_by.setdefault(carrier.id, set()).add(key_of(chain.origin))
    collapsed = set()
    for key in sources:
        for other in carried_by.get(key, set()) - {key}:
            collapsed.add(key)
            parent[find(key)] = find(other)
    groups: dict[int, list[Chain]] = {}
    for chain in chains:
        groups.setdefault(find(key_of(chain.origin)), []).append(chain)
    origins = []
    for members in groups.values():
        keys = list(dict.fromkeys(key_of(chain.origin) for chain in members))
        # The representative carries nobody else's claim, when the data allow one.
        chosen = next((k for k in keys if k not in collapsed), keys[0])
        origin = Origin(sources[chosen])
        for chain in members:
            for source in [sources[key_of(chain.origin)], *chain.carriers]:
                if source is None or source is origin.source:
                    continue
                if source not in origin.carriers:
                    origin.carriers.append(source)
            if chain.claim_id not in origin.claim_ids:
                origin.claim_ids.append(chain.claim_id)
        origins.append(origin)
    return origins


def claim_independence(sess: Session, claim: Claim) -> Independence:
    """The independent sources behind ``claim`` and its related claims."""
    related, truncated = related_claims(sess, claim.id)
    loaded = {
        c.id: c
        for c in sess.scalars(
            select(Claim)
            .where(Claim.id.in_([claim.id, *related]))
            .options(
                selectinload(Claim.claimant),
                selectinload(Claim.relays).selectinload(ClaimRelay.source),
                selectinload(Claim.appearances)
                .selectinload(Appearance.document)
                .selectinload(Document.publisher),
                selectinload(Claim.verdicts).selectinload(Verdict.rating),
            )
        )
    }
    chains = [chain_of(loaded[i]) for i in [claim.id, *related] if i in loaded]
    verdict = current_verdict(loaded.get(claim.id, claim))
    return Independence(
        claim_id=claim.id,
        origins=origins_of(chains),
        related_claim_ids=related,
        verdict_label=verdict.rating.label if verdict else None,
        verdict_score=verdict.rating.truth_score if verdict else None,
        truncated=truncated,
    )
