"""`claimdesk import claimreview`: claims, claimants, appearances and verdicts, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.claimreview.test_import_reading import review
from webapp import db
from webapp.claims.models import Claim, ClaimStatus
from webapp.core.audit import AuditEntry
from webapp.documents.models import Document
from webapp.imports.models import ImportBatch
from webapp.sources.models import Source, SourceKind
from webapp.verdicts.operations import current_verdict

APPEARANCE = {
    "@type": "CreativeWork",
    "url": "https://journal-neo.su/2021/08/24/panjshir/",
    "headline": "Panjshir resistance",
    "datePublished": "2021-08-24",
    "publisher": {"@type": "Organization", "name": "New Eastern Outlook"},
}


def full_review(n: int = 1, label: str = "Mostly false", **item: Any) -> dict[str, Any]:
    return review(
        n,
        claimReviewed=f"About {n},000 fighters left for Panjshir.",
        reviewRating={"@type": "Rating", "alternateName": label},
        itemReviewed={
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Vladimir Danilov"},
            "datePublished": "2021-08-24",
            "appearance": [APPEARANCE],
            **item,
        },
    )


def write(tmp_path: Path, document: Any, name: str = "reviews.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def run(runner, path: str, *extra: str):
    return runner.invoke(args=["import", "claimreview", path, *extra])


def count(app, model: Any) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model)) or 0


def test_one_review_becomes_a_concluded_claim(app, runner, tmp_path: Path) -> None:
    result = run(runner, write(tmp_path, full_review(1)))
    assert result.exit_code == 0, result.output
    assert (
        "Import batch #1: 1 claims, 2 sources, 1 documents, 1 verdicts created; "
        "0 review(s) already present." in result.output
    )
    with app.app_context():
        sess = db.session()
        claim = sess.scalar(select(Claim))
        assert claim.statement == "About 1,000 fighters left for Panjshir."
        assert claim.external_id == "claimreview:https://factcheck.example/reviews/1"
        assert claim.claim_date == dt.date(2021, 8, 24)
        assert claim.status is ClaimStatus.CONCLUDED
        assert (claim.claimant.name, claim.claimant.kind) == ("Vladimir Danilov", SourceKind.PERSON)
        verdict = current_verdict(claim)
        assert verdict is not None
        assert (verdict.rating.scale.slug, verdict.rating.label) == ("default", "Mostly false")
        assert verdict.rationale == (
            "Imported from the ClaimReview published by Example Checks at "
            "https://factcheck.example/reviews/1 on 2021-09-01."
        )
        assert [e.url for e in verdict.evidence] == ["https://factcheck.example/reviews/1"]
        assert verdict.speaks_for == dt.date(2021, 9, 1)
        assert verdict.credibility == 2
        [appearance] = claim.appearances
        assert appearance.is_first
        document = appearance.document
        assert (document.title, document.url, document.published_on) == (
            "Panjshir resistance",
            APPEARANCE["url"],
            dt.date(2021, 8, 24),
        )
        assert (document.publisher.name, document.publisher.kind) == (
            "New Eastern Outlook",
            SourceKind.OUTLET,
        )
        batch = sess.scalar(select(ImportBatch))
        assert (batch.kind, batch.file_name, batch.rows_total) == ("claimreview", "reviews.json", 1)
        assert batch.created_counts == {"claims": 1, "sources": 2, "documents": 1, "verdicts": 1}
        entry = sess.scalar(select(AuditEntry).where(AuditEntry.entity_type == "import_batch"))
        assert entry.action == "import"
        assert entry.entity_id == batch.id


def test_existing_sources_and_documents_are_reused(
    app, runner, tmp_path: Path, make_source, make_document
) -> None:
    danilov = make_source("Vladímir DANILOV")  # case and accents differ
    outlet = make_source("New Eastern Outlook", kind=SourceKind.OUTLET)
    document_id = make_document(
        title="Recorded earlier", url=APPEARANCE["url"], publisher_id=outlet
    )
    reviews = [full_review(1), full_review(2)]
    result = run(runner, write(tmp_path, reviews))
    assert result.exit_code == 0, result.output
    assert "2 claims, 0 sources, 0 documents, 2 verdicts created" in result.output
    with app.app_context():
        claims = db.session().scalars(select(Claim).order_by(Claim.id)).all()
        assert [c.claimant_id for c in claims] == [danilov, danilov]
        assert [[a.document_id for a in c.appearances] for c in claims] == [
            [document_id],
            [document_id],
        ]


def test_claimant_kinds_and_first_appearance(app, runner, tmp_path: Path) -> None:
    first = {"@type": "CreativeWork", "url": "https://x.example/tweet", "name": "A tweet"}
    document = full_review(
        1,
        author={"@type": "Organization", "name": "Taliban spokesman's office"},
        appearance=[APPEARANCE, first],
        firstAppearance=first,
    )
    result = run(runner, write(tmp_path, document))
    assert result.exit_code == 0, result.output
    with app.app_context():
        claim = db.session().scalar(select(Claim))
        assert claim.claimant.kind is SourceKind.ORGANISATION
        assert sorted((a.document.title, a.is_first) for a in claim.appearances) == [
            ("A tweet", True),
            ("Panjshir resistance", False),
        ]


@pytest.mark.parametrize(
    ("label", "scale", "expected"),
    [
        ("Mostly False", "politifact", "Mostly False"),  # exact match wins: PolitiFact's label
        ("mostly false", "default", "Mostly false"),  # folded: the default scale first
        ("PANTS ON FIRE", "politifact", "Pants on Fire"),
        ("Mixéd", "default", "Mixed"),
    ],
)
def test_label_mapping(app, runner, tmp_path: Path, label, scale, expected) -> None:
    result = run(runner, write(tmp_path, full_review(1, label=label)))
    assert result.exit_code == 0, result.output
    with app.app_context():
        verdict = current_verdict(db.session().scalar(select(Claim)))
        assert (verdict.rating.scale.slug, verdict.rating.label) == (scale, expected)


def test_unmappable_label_names_the_scales_labels(app, runner, tmp_path: Path) -> None:
    path = write(tmp_path, [full_review(1), full_review(2, label="Four Pinocchios")])
    result = run(runner, path)
    assert result.exit_code == 1
    assert "1 problem(s); nothing was imported:" in result.output
    assert "item 2: the rating 'Four Pinocchios' matches no value" in result.output
    assert "Mostly true, Mixed, Misleading" in result.output
    assert "Half True, Mostly False, False, Pants on Fire" in result.output
    assert '--map "Four Pinocchios=SCALE:VALUE"' in result.output
    assert count(app, Claim) == 0, "the good item must not be imported alone"
    mapped = run(runner, path, "--map", "four pinocchios=politifact:pants-fire")
    assert mapped.exit_code == 0, mapped.output
    with app.app_context():
        labels = [current_verdict(c).rating.label for c in db.session().scalars(select(Claim))]
        assert sorted(labels) == ["Mostly false", "Pants on Fire"]


def test_map_overrides_default_matching(app, runner, tmp_path: Path) -> None:
    result = run(
        runner, write(tmp_path, full_review(1, label="False")), "--map", "False=politifact:False"
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        verdict = current_verdict(db.session().scalar(select(Claim)))
        assert (verdict.rating.scale.slug, verdict.rating.slug) == ("politifact", "false")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("nonsense", "'nonsense' is not LABEL=SCALE:VALUE"),
        ("Label=politifact", "is not LABEL=SCALE:VALUE"),
        ("Label=nope:true", "there is no rating scale 'nope' (scales: default, politifact)"),
        ("Label=default:nope", "the scale default has no value 'nope' (values: true (True)"),
    ],
)
def test_bad_map_option(app, runner, tmp_path: Path, option, message) -> None:
    result = run(runner, write(tmp_path, full_review(1)), "--map", option)
    assert result.exit_code == 2
    assert message in result.output
    assert count(app, Claim) == 0


def test_schema_problems_are_listed_per_item(app, runner, tmp_path: Path) -> None:
    broken = {**full_review(3), "reviewRating": {"@type": "Rating"}}
    result = run(runner, write(tmp_path, [full_review(1), full_review(2), broken, {"url": "x"}]))
    assert result.exit_code == 1
    assert "item 3: reviewRating.alternateName is missing" in result.output
    assert "item 4: claimReviewed is missing" in result.output
    assert "item 4: url 'x' is not a web address" in result.output
    assert count(app, Claim) == 0
    assert count(app, ImportBatch) == 0


def test_domain_refusal_rolls_back_every_item(app, runner, tmp_path: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    reviews = [full_review(1), full_review(2, datePublished=future), full_review(3)]
    result = run(runner, write(tmp_path, reviews))
    assert result.exit_code == 1
    assert "item 2: The claim date is in the future." in result.output
    for model in (Claim, Source, Document, ImportBatch, AuditEntry):
        assert count(app, model) == 0, model


def test_impossible_date(app, runner, tmp_path: Path) -> None:
    result = run(runner, write(tmp_path, full_review(1, datePublished="2021-02-30")))
    assert result.exit_code == 1
    assert "item 1: itemReviewed.datePublished '2021-02-30' is not a valid date" in result.output


def test_dry_run_writes_nothing(app, runner, tmp_path: Path) -> None:
    result = run(runner, write(tmp_path, [full_review(1), full_review(2)]), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "2 review(s) look fine: they would create 2 claims, 2 sources, 1 documents" in (
        result.output
    )
    assert "Dry run: nothing was written." in result.output
    for model in (Claim, Source, Document, ImportBatch, AuditEntry):
        assert count(app, model) == 0, model


def test_dry_run_finds_domain_problems_too(app, runner, tmp_path: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    result = run(runner, write(tmp_path, full_review(1, datePublished=future)), "--dry-run")
    assert result.exit_code == 1
    assert "item 1: The claim date is in the future." in result.output


def test_reimport_creates_nothing(app, runner, tmp_path: Path) -> None:
    path = write(tmp_path, [full_review(1), full_review(2)])
    assert run(runner, path).exit_code == 0
    again = run(runner, path)
    assert again.exit_code == 0, again.output
    assert "imported before (batch #1" in again.output
    assert "0 claims, 0 sources, 0 documents, 0 verdicts created; 2 review(s) already present" in (
        again.output
    )
    grown = run(runner, write(tmp_path, [full_review(1), full_review(2), full_review(3)], "b.json"))
    assert "1 claims, 0 sources, 0 documents, 1 verdicts created; 2 review(s)" in grown.output
    assert count(app, Claim) == 3


def test_datafeed_file(app, runner, tmp_path: Path) -> None:
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [full_review(1), full_review(2)]}],
    }
    result = run(runner, write(tmp_path, feed))
    assert result.exit_code == 0, result.output
    assert count(app, Claim) == 2


def test_file_problem(app, runner, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    result = run(runner, str(path))
    assert result.exit_code == 1
    assert "file: not valid JSON" in result.output
    assert "nothing was imported" in result.output


def test_review_without_claimant_or_appearances(app, runner, tmp_path: Path) -> None:
    bare = review(1)
    del bare["itemReviewed"]
    result = run(runner, write(tmp_path, bare))
    assert result.exit_code == 0, result.output
    with app.app_context():
        claim = db.session().scalar(select(Claim))
        assert claim.claimant is None
        assert claim.appearances == []
        assert current_verdict(claim).rating.label == "False"
