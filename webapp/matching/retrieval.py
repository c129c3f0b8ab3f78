"""Candidate retrieval for "checked before?": claims sharing tokens of a match key, bounded.

Each query token is looked up on its own with a LIMIT (:data:`PER_TERM` ids), all in one
statement, so a very common token costs at most that many index entries however many claims
hold it. The number of ids a token returns doubles as its document frequency (exact below
the limit; "common" at it). When the rare tokens are few, one more bounded lookup asks for
claims holding all the common ones together.

- SQLite: the FTS5 table ``claims_match_fts`` (newest ids first, which FTS5 reads directly).
- PostgreSQL: the generated column ``claims.match_vector`` (``to_tsvector('simple',
  match_key)``, made by the migration, outside the models) and its GIN index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

_SAFE_TOKEN = re.compile(r"[a-z0-9]{1,100}")
PER_TERM = 100
MAX_TERMS = 10
COMMON_AND_TERMS = 3


@dataclass
class Hits:
    """Which claims each token was found in, and which were found holding all common ones."""

    by_term: dict[str, list[int]] = field(default_factory=dict)
    common_together: list[int] = field(default_factory=list)

    def frequency(self, term: str) -> int | None:
        """How many claims hold ``term`` (None: at least :data:`PER_TERM`, or not looked up)."""
        found = self.by_term.get(term)
        if found is None or len(found) >= PER_TERM:
            return None
        return len(found)

    def common_terms(self) -> list[str]:
        return [t for t, ids in self.by_term.items() if len(ids) >= PER_TERM]


def lookup_terms(terms: list[str]) -> list[str]:
    """The tokens worth an index lookup: numbers and long words first, at most MAX_TERMS."""
    ranked = sorted(terms, key=lambda t: (not t[:1].isdigit(), -len(t)))
    return ranked[:MAX_TERMS]


def _lookup(sqlite: bool, index: int, query: str) -> str:
    """SQL for up to PER_TERM ids holding every token of ``query``, tagged with ``index``.

    Plain SQL text: SQLAlchemy's construction and compilation of a dozen subqueries cost
    more than running them. SQLite reads the query from the bind ``:q<index>``.
    """
    if sqlite:
        return (
            f"SELECT {index:d}, rowid FROM (SELECT rowid FROM claims_match_fts "  # noqa: S608
            f"WHERE claims_match_fts MATCH :q{index:d} ORDER BY rowid DESC LIMIT {PER_TERM:d})"
        )
    # A literal, not a bind parameter: psycopg prepares a statement run five times, and
    # PostgreSQL's generic plan of a prepared one cannot tell a rare token from a common one
    # (it scanned the table for rare ones). Tokens are [a-z0-9]+ (checked in candidates).
    tsquery = " & ".join(query.split())
    return (
        f"SELECT {index:d}, id FROM (SELECT id FROM claims "  # noqa: S608
        f"WHERE match_vector @@ '{tsquery}'::tsquery LIMIT {PER_TERM:d}) AS q{index:d}"
    )


def _run(sess: Session, queries: list[str]) -> list[list[int]]:
    """Ids found for each query (a token, or tokens that must all be present)."""
    if not queries:
        return []
    sqlite = sess.get_bind().dialect.name == "sqlite"
    sql = " UNION ALL ".join(_lookup(sqlite, i, q) for i, q in enumerate(queries))
    params = (
        {f"q{i}": " AND ".join(f'"{w}"' for w in q.split()) for i, q in enumerate(queries)}
        if sqlite
        else {}
    )
    found: list[list[int]] = [[] for _ in queries]
    for index, claim_id in sess.connection().execute(text(sql), params):
        found[index].append(claim_id)
    return found


def candidates(sess: Session, terms: list[str]) -> Hits:
    """The bounded hits of ``terms`` (tokens of a match key, ``[a-z0-9]`` words)."""
    wanted = lookup_terms([t for t in terms if _SAFE_TOKEN.fullmatch(t)])
    hits = Hits(by_term=dict(zip(wanted, _run(sess, wanted), strict=True)))
    common = hits.common_terms()
    rare_found = [t for t in wanted if t not in common and hits.by_term[t]]
    if len(common) >= 2 and len(rare_found) < 2:
        hits.common_together = _run(sess, [" ".join(common[:COMMON_AND_TERMS])])[0]
    return hits
