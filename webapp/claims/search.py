"""Full-text search of claims: one interface, two backends chosen by the session's dialect.

- SQLite: the FTS5 table ``claims_fts`` (porter stemming, diacritics removed). The user's words
  are rewritten into quoted FTS5 strings, so no input can raise an FTS5 syntax error.
- PostgreSQL: ``to_tsvector('english', statement || ' ' || quote)``, spelled exactly as the GIN
  index ``ix_claims_search_vector`` so the planner uses it, against ``websearch_to_tsquery``,
  which accepts any text.

Both understand the same small language: words (all required), ``"a phrase"``, ``-word``
(exclude) and ``or``. Ranking is bounded by the caller (see ``queries.list_claims``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from sqlalchemy import Double, Integer, Select, String, bindparam, cast, column, func, select, table
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement, literal_column

from webapp.claims.models import Claim

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
DENSE_ROWS = 0  # rows beyond which a probe per claim beats an IN list; 0: by desk size

_FTS = table("claims_fts", column("rowid", Integer))
# Must stay identical to the expression of the GIN index ix_claims_search_vector.
_PG_VECTOR: ColumnElement[Any] = literal_column(
    "to_tsvector('english', claims.statement || ' ' || claims.quote)"
)
_TERM = re.compile(r'(?P<neg>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


def clean_query(text: str) -> str:
    """The search text without control characters (PostgreSQL refuses NUL), cut to a sane size."""
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)
    return " ".join(kept.split())[:MAX_QUERY_CHARS]


def has_search_terms(text: str) -> bool:
    """True when ``text`` holds anything searchable (a letter or a digit)."""
    return any(ch.isalnum() for ch in text)


def fts5_query(text: str) -> str | None:
    """Translate the user's words into an FTS5 query; every term is a quoted FTS5 string.

    Inside quotes FTS5 still tokenizes and stems but reads no operators, so ``NEAR(``, ``*``
    or a lone ``"`` are plain text. Returns None when nothing searchable is left.
    """
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    terms = 0
    for match in _TERM.finditer(clean_query(text)):
        word, phrase = match.group("word"), match.group("phrase")
        if word is not None and not match.group("neg") and word.casefold() == "or":
            groups.append(([], []))
            continue
        body = phrase if phrase is not None else word or ""
        if not has_search_terms(body) or terms >= MAX_QUERY_TERMS:
            continue
        terms += 1
        quoted = '"' + body.replace('"', '""') + '"'
        groups[-1][1 if match.group("neg") else 0].append(quoted)
    parts = []
    for wanted, unwanted in groups:
        if not wanted:  # FTS5 has no unary NOT; a group of exclusions alone matches nothing
            continue
        expression = " AND ".join(wanted)
        if unwanted:
            expression = f"({expression}) NOT ({' OR '.join(unwanted)})"
        parts.append(f"({expression})")
    return " OR ".join(parts) or None


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _pg_tsquery(text: str) -> ColumnElement[Any]:
    text = clean_query(text)
    query: ColumnElement[Any] = func.websearch_to_tsquery(
        literal_column("'english'"), bindparam(None, text, String)
    )
    plain = _strip_accents(text)
    if plain != text:  # the 'english' configuration keeps accents: search both spellings
        other = func.websearch_to_tsquery(
            literal_column("'english'"), bindparam(None, plain, String)
        )
        query = query.op("||")(other)
    return query


def _fts_match(expression: str) -> ColumnElement[bool]:
    return literal_column("claims_fts").op("MATCH")(bindparam(None, expression, String))


def search_condition(sess: Session, text: str) -> ColumnElement[bool] | None:
    """A WHERE clause for claims whose statement or quote match ``text`` (None: no terms)."""
    if not has_search_terms(clean_query(text)):
        return None
    if sess.get_bind().dialect.name == "sqlite":
        expression = fts5_query(text)
        if expression is None:
            return None
        return member(sess, select(_FTS.c.rowid).where(_fts_match(expression)), _FTS.c.rowid)
    return _PG_VECTOR.op("@@")(_pg_tsquery(text))


def member(sess: Session, ids: Select[Any], key: ColumnElement[Any]) -> ColumnElement[bool]:
    """``claims.id IN ids`` on SQLite, as a lookup per claim when ``ids`` holds many rows.

    SQLite builds the whole IN list before a page can start (~1.8 µs a row: 130 ms for a
    word in 84,000 claims of 100,000), while probing ``ids`` for each claim walked in page
    order cost ~120 µs a claim for the search index (a million claims): a page of a word
    in most claims needs ~60 probes, a rare word would walk every claim. The bounded size
    of ``ids`` decides: a page costs the same both ways at sqrt(3,400 x claims) matches
    (58,000 in a million claims).
    """
    if sess.get_bind().dialect.name != "sqlite":
        return Claim.id.in_(ids)
    dense = DENSE_ROWS or max(
        2000, math.isqrt(3400 * (sess.scalar(select(func.max(Claim.id))) or 0))
    )
    probe = select(func.count()).select_from(ids.limit(dense + 1).subquery())
    if (sess.scalar(probe) or 0) > dense:
        return ids.where(key == Claim.id).exists()
    return Claim.id.in_(ids)


def matching(sess: Session, query: Select[Any], text: str) -> Select[Any]:
    """``query`` restricted to matches of ``text``, read from the index first (for counts)."""
    return ranked(sess, query, text)[0]


def ranked(
    sess: Session, query: Select[Any], text: str
) -> tuple[Select[Any], ColumnElement[float]]:
    """``query`` restricted to matches of ``text``, and a score column (lower is better)."""
    if sess.get_bind().dialect.name == "sqlite":
        # bm25 only works in the statement that runs the MATCH, so join the index here.
        expression = fts5_query(text) or '""'
        score: ColumnElement[float] = func.bm25(
            literal_column("claims_fts"), 2.0, 1.0, type_=Double()
        )
        return query.join(_FTS, _FTS.c.rowid == Claim.id).where(_fts_match(expression)), score
    tsquery = _pg_tsquery(text)
    rank: ColumnElement[float] = cast(func.ts_rank(_PG_VECTOR, tsquery), Double())
    return query.where(_PG_VECTOR.op("@@")(tsquery)), -rank  # float8: exact in the cursor
