"""What the claim page shows: quantities, relations, the claim's history and readable diffs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from webapp.claims.models import Claim, ClaimRelation, RelationKind
from webapp.claims.operations import claim_snapshot
from webapp.core.audit import AuditEntry
from webapp.documents.models import Appearance
from webapp.navigation import served_url
from webapp.sources.models import Source
from webapp.verdicts.models import Verdict

# Labels of the audited fields of a claim, for the history table and the conflict message.
FIELD_LABELS = {
    "statement": "Statement",
    "quote": "Original quote",
    "claimant": "Claimant",
    "claimant_id": "Claimant number",
    "relays": "Relayed via",
    "claim_date": "Claim date",
    "event_date": "Event date",
    "place": "Place",
    "language": "Language",
    "checkable": "Checkable",
    "tags": "Tags",
    "quantity_value": "Quantity",
    "quantity_low": "Lower bound",
    "quantity_high": "Upper bound",
    "quantity_unit": "Unit",
    "quantity_as_of": "Quantity as of",
    "status": "Workflow status",
    "external_id": "External id",
    "retracted": "Retracted",
    "retraction_reason": "Reason",
    "first_appearance_id": "First appearance number",
}
# How a relation reads from the other claim's side ("#7 contradicts #3": #3 is contradicted by #7).
INCOMING = {
    RelationKind.DUPLICATE_OF: "duplicated by",
    RelationKind.CONTRADICTS: "contradicted by",
    RelationKind.SUPPORTS: "supported by",
    RelationKind.SUPERSEDES: "superseded by",
}
# Text at least this long is shown as a word-level diff rather than as two whole values.
LONG_TEXT = 40
_WORDS = re.compile(r"\S+\s*")


def number(value: float) -> str:
    """10000.0 → "10,000"; 2.5 → "2.5"."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def quantity_text(claim: Claim) -> str:
    """ "10,000 fighters", "more than 140,000 people", "9,000-11,000 fighters, as of ..."."""
    if not claim.has_quantity:
        return ""
    value, low, high = claim.quantity_value, claim.quantity_low, claim.quantity_high
    unit = f" {claim.quantity_unit}" if claim.quantity_unit else ""
    if low is not None and high is not None:
        bounds = f"{number(low)}\N{EN DASH}{number(high)}"
    elif low is not None:
        bounds = f"more than {number(low)}"
    elif high is not None:
        bounds = f"up to {number(high)}"
    else:
        bounds = ""
    if value is not None:
        text = f"{number(value)}{unit}" + (f" ({bounds})" if bounds else "")
    else:
        text = f"{bounds}{unit}"
    if claim.quantity_as_of is not None:
        text += f", as of {claim.quantity_as_of.isoformat()}"
    return text


def source_url(source: Source) -> str | None:
    """The source's page, once the sources pages exist."""
    return served_url("sources.show", source_id=source.id)


def tag_url(name: str) -> str | None:
    """The claims list filtered by one tag."""
    return served_url("claims.index", tag=name)


@dataclass(frozen=True)
class RelationLine:
    """A live relation as seen from one claim: "contradicted by #7"."""

    relation: ClaimRelation
    phrase: str
    other: Claim


def _touching(claim: Claim) -> ColumnElement[bool]:
    return or_(ClaimRelation.claim_id == claim.id, ClaimRelation.related_claim_id == claim.id)


def relation_lines(sess: Session, claim: Claim) -> list[RelationLine]:
    """The claim's live relations in both directions, oldest first."""
    query = (
        select(ClaimRelation)
        .where(_touching(claim), ClaimRelation.retracted_at.is_(None))
        .options(selectinload(ClaimRelation.claim), selectinload(ClaimRelation.related_claim))
        .order_by(ClaimRelation.id)
    )
    lines = []
    for relation in sess.scalars(query):
        if relation.claim_id == claim.id:
            lines.append(RelationLine(relation, relation.kind.label, relation.related_claim))
        else:
            lines.append(RelationLine(relation, INCOMING[relation.kind], relation.claim))
    return lines


def relation_of(sess: Session, claim: Claim, relation_id: int) -> ClaimRelation | None:
    """The relation ``relation_id`` if it touches ``claim`` (either side)."""
    return sess.scalar(
        select(ClaimRelation).where(ClaimRelation.id == relation_id, _touching(claim))
    )


def claim_history(sess: Session, claim: Claim) -> list[AuditEntry]:
    """Audit entries of the claim and of its verdicts, appearances and relations, oldest first."""

    def of(entity_type: str, ids: Any) -> ColumnElement[bool]:
        return and_(AuditEntry.entity_type == entity_type, AuditEntry.entity_id.in_(ids))

    query = (
        select(AuditEntry)
        .where(
            or_(
                and_(AuditEntry.entity_type == "claim", AuditEntry.entity_id == claim.id),
                of("verdict", select(Verdict.id).where(Verdict.claim_id == claim.id)),
                of("appearance", select(Appearance.id).where(Appearance.claim_id == claim.id)),
                of("claim_relation", select(ClaimRelation.id).where(_touching(claim))),
            )
        )
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.id)
    )
    return list(sess.scalars(query))


def latest_change_id(sess: Session, claim: Claim) -> int:
    """The id of the claim's newest audit entry (0 when there is none)."""
    newest = sess.scalar(
        select(func.max(AuditEntry.id)).where(
            AuditEntry.entity_type == "claim", AuditEntry.entity_id == claim.id
        )
    )
    return int(newest or 0)


@dataclass(frozen=True)
class Conflict:
    """What others changed on a claim since a user loaded its edit form."""

    who: list[str]
    fields: list[tuple[str, str]]  # (label, current value)


def changed_since(sess: Session, claim: Claim, seen_id: int) -> Conflict:
    """The fields changed by audit entries newer than ``seen_id``, with their current values."""
    entries = sess.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.entity_type == "claim",
            AuditEntry.entity_id == claim.id,
            AuditEntry.id > seen_id,
        )
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.id)
    )
    current = {**claim_snapshot(claim), "retracted": claim.is_retracted}
    names: list[str] = []
    who: list[str] = []
    for entry in entries:
        actor = entry.actor.display_name if entry.actor is not None else "the system"
        if actor not in who:
            who.append(actor)
        names.extend(n for n in entry.changes if n in current and n not in names)
    # The claimant's name says the same as its number, more readably.
    if "claimant" in names and "claimant_id" in names:
        names.remove("claimant_id")
    return Conflict(
        who=who,
        fields=[(FIELD_LABELS.get(n, n), plain(current[n]) or "(empty)") for n in names],
    )


def plain(value: Any) -> str:
    """A JSON value of the audit log as text ("" for nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        return ", ".join(plain(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


_EMPTY = Markup('<span class="muted">(empty)</span>')


def history_rows(
    changes: dict[str, Any], labels: dict[str, str] | None = None
) -> list[tuple[str, Markup, Markup]]:
    """(label, before, after) of each field that visibly changed, in the order of ``labels``.

    Left out as noise: fields that went from nothing to nothing ("" to []), and a number
    ("claimant_id") when the same change is also given by name ("claimant").
    """
    labels = labels or {}
    order = {name: position for position, name in enumerate(labels)}
    rows = []
    for name in sorted(changes, key=lambda n: (order.get(n, len(order)), n)):
        if name.endswith("_id") and name[:-3] in changes:
            continue
        pair = changes[name]
        before, after = (
            (pair[0], pair[1]) if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        )
        if plain(before) == plain(after):
            continue
        label = labels.get(name) or name.replace("_", " ").capitalize()
        rows.append((label, *history_cells(before, after)))
    return rows


def history_cells(before: Any, after: Any) -> tuple[Markup, Markup]:
    """The before and after cells of one changed field, escaped; long text as a word diff."""
    old, new = plain(before), plain(after)
    texts = isinstance(before, str) and isinstance(after, str) and old and new
    if texts and max(len(old), len(new)) >= LONG_TEXT:
        return word_diff(old, new)
    return (escape(old) if old else _EMPTY, escape(new) if new else _EMPTY)


_MARKS = {"del": Markup("<del>{}</del>{}"), "ins": Markup("<ins>{}</ins>{}")}


def _marked(tag: str, words: list[str]) -> Markup:
    # Keep the trailing space outside the mark, so it does not underline the gap.
    text = "".join(words)
    stripped = text.rstrip()
    return _MARKS[tag].format(stripped, text[len(stripped) :])


def word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """``old`` with removed words in <del>, and ``new`` with inserted words in <ins>."""
    lead_old, lead_new = old[: len(old) - len(old.lstrip())], new[: len(new) - len(new.lstrip())]
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    matcher = SequenceMatcher(None, [w.rstrip() for w in a], [w.rstrip() for w in b], False)
    before: list[Markup] = [escape(lead_old)]
    after: list[Markup] = [escape(lead_new)]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            before.append(escape("".join(a[i1:i2])))
            after.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:
            before.append(_marked("del", a[i1:i2]))
        if j2 > j1:
            after.append(_marked("ins", b[j1:j2]))
    return Markup("").join(before), Markup("").join(after)
