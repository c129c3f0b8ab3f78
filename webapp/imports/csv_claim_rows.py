"""A claims file's row, typed, and which CSV column each operation field comes from.

Shared by the row-by-row writer (:mod:`webapp.imports.csv_claims`) and the bulk path
(:mod:`webapp.imports.csv_plan`, :mod:`webapp.imports.csv_bulk`), so both blame the
same column for the same refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from webapp.claims.operations import ClaimData
from webapp.sources.models import SourceKind

# Operation field names -> CSV columns, for each operation a row calls.
CLAIM_FIELDS = {
    "statement": "statement",
    "quote": "quote",
    "claimant_id": "claimant",
    "relay_ids": "relays",
    "claim_date": "claim_date",
    "place": "place",
    "quantity_value": "quantity_value",
    "quantity_low": "quantity_low",
    "quantity_high": "quantity_high",
    "quantity_unit": "quantity_unit",
    "external_id": "external_id",
}
DOCUMENT_FIELDS = {
    "title": "appearance_title",
    "url": "appearance_url",
    "publisher_id": "appearance_publisher",
    "published_on": "appearance_published_on",
}
APPEARANCE_FIELDS = {"quote": "appearance_quote", "document_id": "appearance_url"}
VERDICT_FIELDS = {
    "rating_value_id": "verdict",
    "credibility": "credibility",
    "rationale": "rationale",
    "evidence": "evidence_urls",
}


@dataclass
class AppearanceRow:
    url: str | None
    title: str | None
    publisher: str | None
    published_on: Any
    quote: str


@dataclass
class VerdictRow:
    scale: str
    rating: str
    credibility: int
    rationale: str
    evidence_urls: list[str]
    conclude: bool


@dataclass
class ClaimRow:
    """One row's cells, typed; source names are resolved only when the row is written."""

    claim: ClaimData
    claimant: str | None
    claimant_kind: SourceKind | None
    relays: list[str] = field(default_factory=list)
    appearance: AppearanceRow | None = None
    verdict: VerdictRow | None = None
