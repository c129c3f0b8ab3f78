"""Full-text search of claims on both engines: matching, stemming, hostile input, the rank bound."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text, update

from webapp import db
from webapp.claims import queries, search
from webapp.claims.models import Claim
from webapp.core.permissions import Role


def listed(response) -> list[int]:
    """Claim ids in the order the list page shows them."""
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return [int(i) for i in re.findall(r'data-claim-id="(\d+)"', response.get_data(as_text=True))]


def dialect(app) -> str:
    return db.database(app).engine.dialect.name


@pytest.fixture
def panjshir(make_claim, make_source):
    """A few claims from the worked example, by short name."""
    dostum = make_source("Abdul Rashid Dóstum")
    return {
        "fighters": make_claim(
            "About 10,000 fighters have left for Panjshir province to fight the Taliban.",
            quote="reports coming from Afghanistan",
        ),
        "north": make_claim(
            "There is no room for the Taliban in the north of Afghanistan.",
            quote="Dóstum told Anadolu there is no place for them",
            claimant_id=dostum,
            checkable=False,
        ),
        "population": make_claim("Panjshir has a population of more than 140,000."),
        "gold": make_claim(
            "Ashraf Ghani fled the country.", quote='taking "the party gold" with him'
        ),
    }


def test_search_finds_words_in_statement_or_quote(client, login, panjshir) -> None:
    login(Role.VIEWER)
    assert set(listed(client.get("/claims?q=Panjshir"))) == {
        panjshir["fighters"],
        panjshir["population"],
    }
    # Only in the quote, not in the statement.
    assert listed(client.get("/claims?q=Anadolu")) == [panjshir["north"]]
    assert listed(client.get("/claims?q=gold")) == [panjshir["gold"]]
    # All words are required, case does not matter.
    assert listed(client.get("/claims?q=PANJSHIR+population")) == [panjshir["population"]]
    assert listed(client.get("/claims?q=zeppelin")) == []


def test_search_stems_words(client, login, panjshir, make_claim) -> None:
    login(Role.VIEWER)
    single = make_claim("A fighter was seen near Charikar.")
    assert set(listed(client.get("/claims?q=fighter"))) == {panjshir["fighters"], single}
    assert set(listed(client.get("/claims?q=fighters"))) == {panjshir["fighters"], single}
    assert listed(client.get("/claims?q=fled")) == [panjshir["gold"]]


def test_search_phrases_exclusions_and_or(client, login, panjshir) -> None:
    login(Role.VIEWER)
    assert listed(client.get('/claims?q="party gold"')) == [panjshir["gold"]]
    assert listed(client.get('/claims?q="gold party"')) == []
    assert listed(client.get("/claims?q=Panjshir -population")) == [panjshir["fighters"]]
    assert set(listed(client.get("/claims?q=Anadolu or Ghani"))) == {
        panjshir["north"],
        panjshir["gold"],
    }


def test_search_with_accents(app, client, login, panjshir, make_claim) -> None:
    login(Role.VIEWER)
    plain = make_claim("Dostum spoke to reporters in Mazar-i-Sharif.")
    # An accented query finds both spellings on both engines.
    assert set(listed(client.get("/claims?q=Dóstum"))) == {panjshir["north"], plain}
    if dialect(app) == "sqlite":
        # FTS5 removes diacritics from the index, so the plain spelling finds the accented too.
        assert set(listed(client.get("/claims?q=dostum"))) == {panjshir["north"], plain}
    else:
        assert plain in listed(client.get("/claims?q=dostum"))


HOSTILE = [
    '"',
    '""',
    "AND OR NOT",
    "*",
    "(",
    ")",
    "NEAR(",
    "NEAR(a b, 2)",
    "statement:taliban",
    "^taliban",
    "a:* & b | !c <-> d",
    "-",
    "- -taliban",
    "or",
    "'; DROP TABLE claims; --",
    "%_\\",
    "x" * 5000,
    "taliban " * 400,
    "😀🔥",
    "Talibán 😀",
    "\x00taliban\x01",
    "\u200b\ufeff",
    "ﬁghters",
    "日本語の主張",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_search_input_is_answered(client, login, panjshir, query) -> None:
    login(Role.VIEWER)
    for sort in ("", "relevance", "newest"):
        response = client.get("/claims", query_string={"q": query, "sort": sort})
        assert response.status_code == 200
    assert client.get("/claims", query_string={"q": query, "tag": query}).status_code == 200


def test_hostile_input_still_finds_the_words_it_holds(client, login, panjshir) -> None:
    login(Role.VIEWER)
    assert listed(client.get("/claims", query_string={"q": "(Ghani"})) == [panjshir["gold"]]
    assert listed(client.get("/claims", query_string={"q": "\x00Ghani*"})) == [panjshir["gold"]]
    assert listed(client.get("/claims", query_string={"q": '"Ghani'})) == [panjshir["gold"]]


def test_nothing_searchable_shows_everything_with_a_note(client, login, panjshir) -> None:
    login(Role.VIEWER)
    response = client.get("/claims", query_string={"q": "* ( 😀"})
    assert len(listed(response)) == 4
    assert "no words to search for" in response.get_data(as_text=True)


def test_long_query_is_cut_and_says_so(client, login, panjshir) -> None:
    login(Role.VIEWER)
    response = client.get("/claims", query_string={"q": "Ghani " + "x" * 5000})
    assert response.status_code == 200
    assert f"first {search.MAX_QUERY_CHARS} characters" in response.get_data(as_text=True)


def test_fts5_query_quotes_every_term() -> None:
    assert search.fts5_query('NEAR( "a b" -c or d*') == '(("NEAR(" AND "a b") NOT ("c")) OR ("d*")'
    assert search.fts5_query("* ( -only") is None
    assert search.fts5_query('say "hi') == '("say" AND "hi")'
    assert search.fts5_query(" ".join(["w"] * 100)).count('"w"') == search.MAX_QUERY_TERMS


def test_relevance_orders_best_match_first(client, login, make_claim) -> None:
    login(Role.VIEWER)
    weak = make_claim(
        "Reports say a convoy moved through the valley at night while fighters waited."
    )
    strong = make_claim("Fighters, fighters and more fighters.")
    assert listed(client.get("/claims?q=fighters")) == [strong, weak]
    assert listed(client.get("/claims?q=fighters&sort=relevance")) == [strong, weak]
    # Other orders still apply to matches when chosen.
    assert listed(client.get("/claims?q=fighters&sort=oldest")) == [weak, strong]


def test_rank_bound_falls_back_to_newest(client, login, make_claim, monkeypatch) -> None:
    login(Role.VIEWER)
    best = make_claim("Taliban, Taliban, Taliban.")
    others = [
        make_claim(f"Claim {n} mentions the Taliban once among other words.") for n in range(4)
    ]
    assert listed(client.get("/claims?q=taliban"))[0] == best
    monkeypatch.setattr(queries, "SEARCH_RANK_LIMIT", 3)
    response = client.get("/claims?q=taliban")
    assert listed(response) == [*reversed(others), best]
    page = response.get_data(as_text=True)
    assert "showing newest matches; refine your search" in page
    assert "More than 3 claims match" in page
    # Narrow enough and ranking comes back.
    response = client.get("/claims?q=taliban -mentions")
    assert listed(response) == [best]
    assert "refine your search" not in response.get_data(as_text=True)


def test_relevance_without_words_sorts_newest(client, login, make_claim) -> None:
    login(Role.VIEWER)
    first, second = make_claim("One."), make_claim("Two.")
    response = client.get("/claims?sort=relevance")
    assert listed(response) == [second, first]
    assert "Best match needs search words" in response.get_data(as_text=True)


def test_search_claim_ids_and_claims_query(app, sess, panjshir) -> None:
    assert queries.search_claim_ids(sess, "Panjshir population") == [panjshir["population"]]
    assert queries.search_claim_ids(sess, "((") == []
    found = sess.scalars(queries.claims_query(sess, queries.ClaimFilters(q="Taliban")))
    assert {c.id for c in found} == {panjshir["fighters"], panjshir["north"]}
    unfiltered = queries.claims_query(sess, queries.ClaimFilters(q="*"))
    assert len(list(sess.scalars(unfiltered))) == 4


def test_search_uses_the_index(app, sess, panjshir) -> None:
    query = queries.claims_query(sess, queries.ClaimFilters(q="Taliban fighters"))
    sql = str(query.compile(sess.get_bind(), compile_kwargs={"literal_binds": True}))
    if dialect(app) == "postgresql":
        # The expression must equal the GIN index's, or PostgreSQL reads every row.
        sess.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in sess.execute(text("EXPLAIN " + sql)))
        assert "ix_claims_search_vector" in plan
    else:
        plan = " ".join(str(row[-1]) for row in sess.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "VIRTUAL TABLE INDEX" in plan


def test_search_follows_edits(app, sess, client, login, panjshir) -> None:
    login(Role.VIEWER)
    sess.execute(
        update(Claim).where(Claim.id == panjshir["gold"]).values(statement="A zeppelin landed.")
    )
    sess.commit()
    assert listed(client.get("/claims?q=zeppelin")) == [panjshir["gold"]]
    assert listed(client.get("/claims?q=Ghani")) == []


def test_dense_matches_list_the_same_claims_and_count_is_capped(
    client, login, make_claim, monkeypatch
) -> None:
    """Many matches take a probe per claim instead of an IN list (SQLite): same pages."""
    login(Role.VIEWER)
    tagged = [make_claim(f"Taliban claim {n}.", tags=["Security"]) for n in range(5)]
    make_claim("Nothing to see.", tags=["Weather"])
    urls = (
        "/claims?q=taliban&sort=newest",
        "/claims?tag=security",
        "/claims?q=taliban&tag=Security&sort=newest",
    )
    sparse = [listed(client.get(url)) for url in urls]
    monkeypatch.setattr(search, "DENSE_ROWS", 2)
    assert [listed(client.get(url)) for url in urls] == sparse == [list(reversed(tagged))] * 3
    monkeypatch.setattr(queries, "SEARCH_RANK_LIMIT", 4)
    page = client.get("/claims?tag=security").get_data(as_text=True)
    assert "More than 4 claims match." in page
    assert "5 claims" not in page
