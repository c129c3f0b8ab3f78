"""Importing ClaimReviews: each review becomes a claim with its claimant, appearances and verdict.

Mapping: ``claimReviewed`` -> the claim's statement; ``itemReviewed.author`` -> the
claimant (an existing source with that name or alias, else a new one: a Person, or an
organisation for any Organization type); ``itemReviewed.datePublished`` -> the claim
date; ``itemReviewed.appearance`` / ``firstAppearance`` -> documents (reused when one with
the same URL is recorded) and the claim's appearances in them; ``reviewRating.alternateName``
-> a concluded verdict on the desk's scale (see :mod:`webapp.claimreview.ratings`) whose
evidence is the review's ``url``; ``"claimreview:" + url`` -> the claim's external id, so
importing the same reviews again creates nothing.

All or nothing: every review is written inside one savepoint; a review the domain
operations refuse becomes a problem of its item, and any problem (or a dry run) rolls the
whole savepoint back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.claimreview.ratings import RatingMap
from webapp.claimreview.reading import ItemProblem, Review, types_of
from webapp.claims.models import Claim
from webapp.claims.operations import ClaimData, create_claim
from webapp.core.errors import OperationError
from webapp.documents.models import Document
from webapp.documents.operations import (
    DocumentData,
    add_appearance,
    create_document,
    document_with_url,
)
from webapp.imports.reading import Problem
from webapp.sources.models import Source, SourceKind
from webapp.sources.operations import find_or_create_source
from webapp.verdicts.models import RatingValue
from webapp.verdicts.operations import EvidenceData, VerdictData, record_verdict

PREFIX = "claimreview:"
EXTERNAL_ID_LENGTH = 200
# A published fact-check rests on the sources it cites, as with the LIAR import.
IMPORTED_CREDIBILITY = 2
WIKIDATA = re.compile(r"wikidata\.org/(?:wiki|entity)/(Q[0-9]+)$")
LOOKUP_CHUNK = 500


def external_id(url: str) -> str:
    """``claimreview:<url>``; a hash of the url when that would not fit the 200-character id."""
    candidate = PREFIX + url
    if len(candidate) <= EXTERNAL_ID_LENGTH:
        return candidate
    return f"{PREFIX}sha256:{hashlib.sha256(url.encode()).hexdigest()}"


def _date(value: Any, what: str) -> dt.date | None:
    """The date part of an ISO 8601 ``value`` (the schema checked its form, not the calendar)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError as error:
        raise OperationError(f"{what} {value.strip()!r} is not a valid date ({error})") from error


def _first(value: Any) -> Any:
    """schema.org lets most properties be one value or a list: take the first."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


@dataclass(frozen=True)
class Party:
    """A Person or Organization as a ClaimReview names it."""

    name: str
    types: tuple[str, ...] = ()
    url: str | None = None
    wikidata_id: str | None = None

    def kind(self, publisher: bool = False) -> SourceKind:
        if "Person" in self.types:
            return SourceKind.PERSON
        if "GovernmentOrganization" in self.types:
            return SourceKind.GOVERNMENT
        if any("Organization" in t for t in self.types):
            news = publisher or "NewsMediaOrganization" in self.types
            return SourceKind.OUTLET if news else SourceKind.ORGANISATION
        return SourceKind.OUTLET if publisher else SourceKind.PERSON


def party(value: Any) -> Party | None:
    """The (first) party ``value`` names, or None when it names nobody."""
    node = _first(value)
    if isinstance(node, str):
        return Party(node.strip()) if node.strip() else None
    if not isinstance(node, dict) or not str(node.get("name") or "").strip():
        return None
    url = node.get("url")
    same_as = node.get("sameAs")
    links = same_as if isinstance(same_as, list) else [same_as]
    wikidata = next((m.group(1) for m in map(_wikidata, links) if m is not None), None)
    return Party(
        name=str(node["name"]).strip()[:200],
        types=tuple(types_of(node)),
        url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        wikidata_id=wikidata,
    )


def _wikidata(link: Any) -> re.Match[str] | None:
    return WIKIDATA.search(link) if isinstance(link, str) else None


def rationale(review: Review) -> str:
    """Where the verdict came from: author, page and date of the review."""
    author = party(review.data.get("author"))
    published = _date(review.data.get("datePublished"), "datePublished")
    text = "Imported from the ClaimReview published"
    text += f" by {author.name}" if author else ""
    text += f" at {review.url}"
    text += f" on {published.isoformat()}" if published else ""
    return text + "."


@dataclass
class ImportResult:
    """What an import created (or would have), and the problems that stopped it."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("claims", "sources", "documents", "verdicts", "unchanged"), 0
        )
    )
    problems: list[Problem] = field(default_factory=list)


class _Writer:
    """Writes one review at a time through the domain operations, counting what it creates."""

    def __init__(self, sess: Session, actor: Any, result: ImportResult) -> None:
        self.sess, self.actor, self.counts = sess, actor, result.counts

    def source(self, who: Party, publisher: bool = False) -> Source:
        found, created = find_or_create_source(
            self.sess,
            actor=self.actor,
            name=who.name,
            kind=who.kind(publisher),
            homepage_url=who.url,
            wikidata_id=who.wikidata_id,
        )
        self.counts["sources"] += created
        return found

    def document(self, work: Any) -> Document | None:
        if isinstance(work, str):
            work = {"url": work}
        url = str(work.get("url") or "").strip() or None
        publisher = party(work.get("publisher"))
        title = str(work.get("headline") or work.get("name") or "").strip() or url
        title = title or (publisher.name if publisher else None)
        if title is None:
            return None  # nothing to tell this appearance by
        existing = document_with_url(self.sess, url) if url else None
        if existing is not None:
            return existing
        self.counts["documents"] += 1
        return create_document(
            self.sess,
            actor=self.actor,
            data=DocumentData(
                title=title,
                url=url,
                publisher_id=self.source(publisher, publisher=True).id if publisher else None,
                published_on=_date(work.get("datePublished"), "the appearance's datePublished"),
            ),
        )

    def appearances(self, claim: Claim, item: dict[str, Any]) -> None:
        first = item.get("firstAppearance")
        listed = item.get("appearance")
        works = ([first] if first else []) + (listed if isinstance(listed, list) else [listed])
        used: set[int] = set()
        for position, work in enumerate(w for w in works if w):
            document = self.document(work)
            if document is None or document.id in used:
                continue
            used.add(document.id)
            add_appearance(
                self.sess,
                actor=self.actor,
                claim=claim,
                document=document,
                is_first=bool(first) and position == 0,
            )

    def review(self, review: Review, rating: RatingValue) -> None:
        data = review.data
        reviewed = data.get("itemReviewed")
        item: dict[str, Any] = reviewed if isinstance(reviewed, dict) else {}
        claimant = party(item.get("author"))
        language = data.get("inLanguage")
        claim = create_claim(
            self.sess,
            actor=self.actor,
            data=ClaimData(
                statement=str(data["claimReviewed"]),
                claimant_id=self.source(claimant).id if claimant else None,
                claim_date=_date(item.get("datePublished"), "itemReviewed.datePublished"),
                language=language.strip()[:12] if isinstance(language, str) else "en",
                external_id=external_id(review.url),
            ),
        )
        self.appearances(claim, item)
        record_verdict(
            self.sess,
            actor=self.actor,
            claim=claim,
            conclude=True,
            data=VerdictData(
                rating_value_id=rating.id,
                credibility=IMPORTED_CREDIBILITY,
                rationale=rationale(review),
                evidence=[EvidenceData(url=review.url, note="The published fact-check")],
                speaks_for=_date(data.get("datePublished"), "datePublished"),
            ),
        )
        self.counts["claims"] += 1
        self.counts["verdicts"] += 1


def already_imported(sess: Session, reviews: list[Review]) -> set[str]:
    """The external ids of ``reviews`` that claims carry already."""
    wanted = [external_id(r.url) for r in reviews]
    found: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        query = select(Claim.external_id).where(Claim.external_id.in_(chunk))
        found.update(e for e in sess.scalars(query) if e is not None)
    return found


def import_reviews(
    sess: Session, *, actor: Any, reviews: list[Review], ratings: RatingMap, dry_run: bool = False
) -> ImportResult:
    """Create what is missing; keep it only when every review went in and this is no dry run.

    The caller records the batch and commits (once).
    """
    result = ImportResult()
    present = already_imported(sess, reviews)
    writer = _Writer(sess, actor, result)
    outer = sess.begin_nested()
    for review in reviews:
        if external_id(review.url) in present:
            result.counts["unchanged"] += 1
            continue
        label = str(review.data["reviewRating"]["alternateName"])
        rating = ratings.resolve(label)
        if rating is None:
            column = "reviewRating.alternateName"
            result.problems.append(ItemProblem(review.index, column, ratings.unmapped(label)))
            continue
        step = sess.begin_nested()
        try:
            writer.review(review, rating)
        except OperationError as error:
            step.rollback()
            result.problems.append(ItemProblem(review.index, error.field or "", error.message))
        else:
            step.commit()
    if result.problems or dry_run:
        outer.rollback()
    else:
        outer.commit()
    return result
