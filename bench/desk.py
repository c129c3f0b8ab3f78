"""A realistic desk of N claims, bulk-written into SQLite or PostgreSQL for the benchmarks.

What a desk holds (seeded, so the same N gives the same desk on both engines):

* persons as claimants with a Zipf distribution of claims (the top one has ~10% of them),
  100 outlets that publish the documents and relay some claims;
* per claim: a statement and quote drawn from a Zipf vocabulary of made-up words (so a
  search term can be picked rare, medium or very common), 0-3 tags, a quantity for one in
  five, a document with its first appearance (and a second appearance for some);
* 1-3 verdicts for most claims: a concluded one, sometimes a correction concluded later,
  sometimes a retracted verdict or a pending proposal; statuses agree (new, in review,
  concluded); evidence on every verdict whose rating is not unverifiable;
* audit entries shaped as the operations write them (creating the claim, each verdict);
* the search index: SQLite's FTS5 table is filled by the migration's triggers as rows go
  in; PostgreSQL's GIN index follows the rows.

Rows go in through bulk paths: SQLAlchemy Core executemany on SQLite, ``COPY`` (psycopg)
on PostgreSQL. ``tests/bench/test_desk.py`` checks on both engines that the app's pages and
queries agree with what was written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from webapp.claims.models import Claim, ClaimRelay, Tag, claim_tags
from webapp.core import audit
from webapp.core.audit import AuditEntry, jsonable
from webapp.documents.models import Appearance, Document
from webapp.sources.models import Source
from webapp.users.models import User
from webapp.verdicts.models import Evidence, RatingScale, RatingValue, Verdict

VERSION = 1  # bump when the desk changes, so cached databases are rebuilt
START = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
SPAN = dt.timedelta(days=5 * 365)
CHUNK = 5_000  # claims per bulk write
OUTLETS = 100
TOPICS = [
    "Economy",
    "Health",
    "Crime",
    "Immigration",
    "Energy",
    "Climate",
    "Education",
    "Elections",
    "Taxes",
    "Jobs",
    "Housing",
    "Defence",
    "Trade",
    "Transport",
    "Water",
    "Food",
    "Farming",
    "Pensions",
    "Police",
    "Courts",
    "Media",
    "Science",
    "Technology",
    "Internet",
    "Religion",
    "Refugees",
    "Corruption",
    "Budget",
    "Debt",
    "Inflation",
    "Wages",
    "Tourism",
    "Sport",
    "Culture",
    "Army",
    "Borders",
    "Mining",
    "Fishing",
    "Forests",
    "Disasters",
]
UNITS = ("people", "percent", "USD", "km", "tonnes")
CLAIM_FIELDS = [
    "statement", "quote", "claimant_id", "claim_date", "event_date", "place", "language",
    "checkable", "quantity_value", "quantity_low", "quantity_high", "quantity_unit",
    "quantity_as_of", "status", "external_id",
]  # fmt: skip


@dataclass
class DeskInfo:
    """What the benchmarks need to know about a built desk."""

    claims: int
    rare: str  # search terms by how many claims match them
    medium: str
    common: str
    big_source_id: int  # the claimant with the most claims
    big_source_claims: int
    tag: str  # a frequent tag, for the filtered list
    version: int = VERSION

    def as_json(self) -> str:
        return json.dumps(asdict(self))


def vocabulary(size: int = 5000, seed: int = 7) -> list[str]:
    """Made-up words (never stop words, stable under stemming), most frequent first."""
    consonants, vowels = "bdfgklmnprstvz", "aou"
    syllables = [c + v for c in consonants for v in vowels]
    words = ["".join(parts) for parts in itertools.product(syllables, repeat=3)]
    random.Random(seed).shuffle(words)
    return words[:size]


def _zipf(n: int, s: float = 1.0) -> list[float]:
    """Cumulative Zipf weights for ranks 1..n."""
    return list(itertools.accumulate(1 / rank**s for rank in range(1, n + 1)))


class Writer:
    """Bulk inserts into one open connection: Core executemany, or COPY on PostgreSQL."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.copy = conn.dialect.name == "postgresql"

    def write(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if not self.copy:
            self.conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
            return
        raw = self.conn.connection.driver_connection
        assert raw is not None
        names = ", ".join(f'"{c}"' for c in columns)
        json_at = [i for i, c in enumerate(columns) if c == "changes"]
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                if json_at:
                    row = tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(row))
                copy.write_row(row)


def _next_ids(conn: Connection, tables: Sequence[Table]) -> dict[str, int]:
    return {t.name: (conn.scalar(select(func.max(t.c.id))) or 0) + 1 for t in tables}


def populate(conn: Connection, claims: int, seed: int = 2026) -> DeskInfo:
    """Write a desk of ``claims`` claims (plus sources, documents, verdicts...) into ``conn``.

    The schema must be migrated (the rating scales seeded); rows already there are kept.
    """
    rng = random.Random(seed)
    tables = {
        m.__tablename__: m.__table__
        for m in (Source, Claim, ClaimRelay, Tag, Document, Appearance, Verdict, Evidence)
    }
    tables["audit_log"] = AuditEntry.__table__  # type: ignore[assignment]
    tables["users"] = User.__table__  # type: ignore[assignment]
    ids = _next_ids(conn, list(tables.values()))
    out = Writer(conn)
    editor = ids["users"]
    user = (editor, f"bench-{editor}@example.org", "Bench Editor", "!", "editor", True, START, 1)
    user_columns = ["id", "email", "display_name", "password_hash", "role", "active", "created_at"]
    out.write(tables["users"], [*user_columns, "version"], [user])
    values = conn.execute(
        select(RatingValue.id, RatingValue.label, RatingValue.truth_score)
        .join(RatingScale)
        .where(RatingScale.is_default.is_(True))
        .order_by(RatingValue.position)
    ).all()
    scored = [v for v in values if v.truth_score is not None]
    unverifiable = [v for v in values if v.truth_score is None]

    persons = max(50, claims // 50)
    first_source = ids["sources"]
    outlet_ids = list(range(first_source, first_source + OUTLETS))
    person_ids = list(range(first_source + OUTLETS, first_source + OUTLETS + persons))
    source_cols = ["id", "name", "name_key", "kind", "description", "version", "created_at",
                   "updated_at", "created_by_id"]  # fmt: skip
    source_rows = [
        (i, f"Outlet {n}", f"outlet {n}", "outlet", "", 1, START, START, editor)
        for n, i in enumerate(outlet_ids, start=1)
    ] + [
        (i, f"Person {n}", f"person {n}", "person", "", 1, START, START, editor)
        for n, i in enumerate(person_ids, start=1)
    ]
    out.write(tables["sources"], source_cols, source_rows)
    tag_ids = list(range(ids["tags"], ids["tags"] + len(TOPICS)))
    out.write(
        tables["tags"],
        ["id", "name", "name_key"],
        [(i, name, name.lower()) for i, name in zip(tag_ids, TOPICS, strict=True)],
    )
    tag_names = dict(zip(tag_ids, TOPICS, strict=True))
    words = vocabulary()
    word_weights = _zipf(len(words))
    person_weights = _zipf(persons)
    outlet_weights = _zipf(OUTLETS, 0.8)
    tag_weights = _zipf(len(TOPICS))
    counts: dict[int, int] = {}
    next_id = dict(ids)

    def take(table: str) -> int:
        value = next_id[table]
        next_id[table] += 1
        return value

    step = SPAN / max(claims, 1)
    for start in range(0, claims, CHUNK):
        size = min(CHUNK, claims - start)
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in [*tables, "claim_tags"]}
        claimants = rng.choices(person_ids, cum_weights=person_weights, k=size)
        for offset, claimant in enumerate(claimants):
            number = start + offset
            claim_id = take("claims")
            counts[claimant] = counts.get(claimant, 0) + 1
            created = START + step * number + dt.timedelta(seconds=rng.randrange(60))
            drawn = rng.choices(words, cum_weights=word_weights, k=16)
            statement = f"Person said {' '.join(drawn[:10])} ({number % 997} cases)."
            quote = " ".join(drawn[10:]).capitalize() + "."
            claim_date = (created - dt.timedelta(days=rng.randrange(10))).date()
            checkable = rng.random() >= 0.03
            quantity: tuple[Any, ...] = (None, None, None, None, None)
            if rng.random() < 0.2:
                value = float(rng.randrange(1, 100_000))
                quantity = (value, value * 0.9, value * 1.1, rng.choice(UNITS), claim_date)
            claim_tag_ids = sorted(set(rng.choices(tag_ids, cum_weights=tag_weights,
                                                   k=rng.randrange(4))))  # fmt: skip
            rows["claim_tags"].extend((claim_id, t) for t in claim_tag_ids)
            relays: list[int] = []
            if rng.random() < 0.1:
                relays = [rng.choices(outlet_ids, cum_weights=outlet_weights)[0]]
                rows["claim_relays"].append((take("claim_relays"), claim_id, relays[0], 0))
            publisher = rng.choices(outlet_ids, cum_weights=outlet_weights)[0]
            document_id = take("documents")
            rows["documents"].append(
                (document_id, f"Outlet {publisher - first_source + 1}: {drawn[0]} {drawn[1]}",
                 f"https://news{publisher}.example/{document_id}", publisher, claim_date, "",
                 1, created, created, editor)
            )  # fmt: skip
            rows["appearances"].append(
                (take("appearances"), claim_id, document_id, quote, True, created, editor, 1)
            )
            if number > 10 and rng.random() < 0.08:  # also seen in an earlier document
                earlier = rng.randrange(ids["documents"], document_id)
                rows["appearances"].append(
                    (take("appearances"), claim_id, earlier, quote, False, created, editor, 1)
                )
            status, updated = _verdicts(
                rng, rows, take, claim_id, created, checkable, scored, unverifiable, editor
            )
            retracted = (created + dt.timedelta(days=40)) if rng.random() < 0.005 else None
            claim_values = (statement, quote, claimant, claim_date, None, None, "en", checkable,
                            *quantity, status, None)  # fmt: skip
            rows["claims"].append(
                (claim_id, *claim_values, 1, created, max(updated, retracted or updated), editor,
                 retracted, "Duplicate entry." if retracted else None)
            )  # fmt: skip
            snapshot = {
                **{k: jsonable(v) for k, v in zip(CLAIM_FIELDS, claim_values, strict=True)},
                "status": "new",
                "claimant": f"Person {claimant - person_ids[0] + 1}",
                "relays": [f"Outlet {r - first_source + 1}" for r in relays],
                "tags": sorted(tag_names[t] for t in claim_tag_ids),
            }
            changes = audit.diff({}, snapshot)
            rows["audit_log"].append(
                (take("audit_log"), created, editor, "create", "claim", claim_id,
                 f"Recorded claim: {statement[:120]}", changes)
            )  # fmt: skip
        _write_chunk(out, tables, rows)
    if conn.dialect.name == "postgresql":
        for name in tables:
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                     f"(SELECT max(id) FROM {name}))")
            )  # fmt: skip
    conn.commit()
    big = max(counts, key=lambda s: counts[s]) if counts else person_ids[0]
    rare, medium, common = (words[len(words) * 4 // 5], words[60], words[0])
    return DeskInfo(claims, rare, medium, common, big, counts.get(big, 0), TOPICS[0])


COLUMNS = {
    "claims": ["id", *CLAIM_FIELDS, "version", "created_at", "updated_at", "created_by_id",
               "retracted_at", "retraction_reason"],
    "claim_tags": ["claim_id", "tag_id"],
    "claim_relays": ["id", "claim_id", "source_id", "position"],
    "documents": ["id", "title", "url", "publisher_id", "published_on", "description",
                  "version", "created_at", "updated_at", "created_by_id"],
    "appearances": ["id", "claim_id", "document_id", "quote", "is_first", "created_at",
                    "created_by_id", "version"],
    "verdicts": ["id", "claim_id", "rating_value_id", "credibility", "rationale", "reviewer_id",
                 "speaks_for", "created_at", "created_by_id", "concluded_at", "concluded_by_id",
                 "retracted_at", "retraction_reason", "version"],
    "evidence": ["id", "verdict_id", "url", "note"],
    "audit_log": ["id", "at", "actor_id", "action", "entity_type", "entity_id", "summary",
                  "changes"],
}  # fmt: skip


def _write_chunk(
    out: Writer, tables: dict[str, Table], rows: dict[str, list[tuple[Any, ...]]]
) -> None:
    # Parents before children, so foreign keys hold at every statement.
    for name in ("documents", "claims", "claim_relays", "appearances", "verdicts", "evidence",
                 "audit_log"):  # fmt: skip
        out.write(tables[name], COLUMNS[name], rows[name])
    out.write(claim_tags, COLUMNS["claim_tags"], rows["claim_tags"])


def _verdicts(
    rng: random.Random,
    rows: dict[str, list[tuple[Any, ...]]],
    take: Any,
    claim_id: int,
    created: dt.datetime,
    checkable: bool,
    scored: list[Any],
    unverifiable: list[Any],
    editor: int,
) -> tuple[str, dt.datetime]:
    """Append the claim's verdicts, evidence and their audit entries; its status and update."""
    draw = rng.random()
    if not checkable or draw < 0.08:
        return "new", created
    plan: list[str] = ["proposal"] if draw < 0.12 else ["concluded"]
    if plan == ["concluded"]:
        if rng.random() < 0.15:
            plan.append("concluded")  # a correction
        if rng.random() < 0.05:
            plan.append(rng.choice(("retracted", "proposal")))
    when = created
    for kind in plan:
        when = when + dt.timedelta(days=rng.randrange(1, 60), seconds=rng.randrange(3600))
        rating = unverifiable[0] if rng.random() < 0.03 else rng.choice(scored)
        verdict_id = take("verdicts")
        concluded = None if kind == "proposal" else when
        retracted = when + dt.timedelta(days=2) if kind == "retracted" else None
        rationale = f"Checked against the record ({rating.label.lower()})."
        credibility = rng.randrange(1, 7)
        rows["verdicts"].append(
            (verdict_id, claim_id, rating.id, credibility, rationale, editor, when.date(), when,
             editor, concluded, editor if concluded else None, retracted,
             "Wrong claim." if retracted else None, 1)
        )  # fmt: skip
        evidence = []
        if rating.truth_score is not None:
            url = f"https://records.example/{claim_id}/{verdict_id}"
            evidence = [url]
            rows["evidence"].append((take("evidence"), verdict_id, url, "The record."))
        snapshot = {
            "claim_id": claim_id, "rating_value_id": rating.id, "credibility": credibility,
            "rationale": rationale, "reviewer_id": editor, "speaks_for": when.date().isoformat(),
            "concluded_at": concluded.isoformat() if concluded else None,
            "concluded_by_id": editor if concluded else None,
            "rating": rating.label, "evidence": evidence,
        }  # fmt: skip
        changes = audit.diff({}, snapshot)
        rows["audit_log"].append(
            (take("audit_log"), when, editor, "create", "verdict", verdict_id,
             f"{'Proposed' if concluded is None else 'Concluded'} {rating.label} "
             f"on claim #{claim_id}", changes)
        )  # fmt: skip
        if retracted:
            rows["audit_log"].append(
                (take("audit_log"), retracted, editor, "retract", "verdict", verdict_id,
                 f"Retracted verdict #{verdict_id}",
                 {"retracted_at": [None, retracted.isoformat()]})
            )  # fmt: skip
    counted = [k for k in plan if k == "concluded"]
    status = "concluded" if counted else "in_review"
    return status, when
