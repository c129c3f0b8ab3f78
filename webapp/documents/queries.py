"""Reads of documents and appearances shared by pages, exports and the API."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Select, func, literal, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from webapp.core.pagination import Page, SortKey, paginate
from webapp.documents.models import Appearance, Document

_ID_REFERENCE = re.compile(r"#?(\d+)")
# Undated documents sort as the oldest; keyset pagination needs NULL-free sort columns.
_PUBLISHED = func.coalesce(Document.published_on, literal(dt.date.min, Date))


class DocumentSort(enum.Enum):
    """The orders the documents list offers."""

    PUBLISHED = "published"
    ADDED = "added"
    TITLE = "title"

    @property
    def label(self) -> str:
        return {
            "published": "Newest published",
            "added": "Recently added",
            "title": "Title",
        }[self.value]


_ID = Document.id.expression
SORT_KEYS = {
    DocumentSort.PUBLISHED: SortKey((_PUBLISHED, _ID), descending=True),
    # Ids grow with every insert, so they give the order of adding through the primary key.
    DocumentSort.ADDED: SortKey((_ID,), descending=True),
    DocumentSort.TITLE: SortKey((func.lower(Document.title), _ID), descending=False),
}


def _sort_values(sort: DocumentSort, document: Document) -> list[Any]:
    if sort is DocumentSort.PUBLISHED:
        return [document.published_on or dt.date.min, document.id]
    if sort is DocumentSort.ADDED:
        return [document.id]
    return [document.title.lower(), document.id]


@dataclass
class DocumentFilter:
    """What the documents list is narrowed to; every field comes from the query string."""

    text: str = ""
    publisher_id: int | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    show_retracted: bool = False
    sort: DocumentSort = DocumentSort.PUBLISHED


def filtered_documents(flt: DocumentFilter) -> Select[Document]:
    """The select of documents matching ``flt`` (unordered)."""
    query = select(Document).options(joinedload(Document.publisher))
    text = flt.text.strip()
    if text:
        query = query.where(
            or_(
                Document.title.icontains(text, autoescape=True),
                Document.url.icontains(text, autoescape=True),
            )
        )
    if flt.publisher_id is not None:
        query = query.where(Document.publisher_id == flt.publisher_id)
    if flt.published_from is not None:
        query = query.where(Document.published_on >= flt.published_from)
    if flt.published_to is not None:
        query = query.where(Document.published_on <= flt.published_to)
    if not flt.show_retracted:
        query = query.where(Document.retracted_at.is_(None))
    return query


def document_page(
    sess: Session, flt: DocumentFilter, cursor: str | None, per_page: int
) -> Page[Document]:
    """One page of the documents list, in the filter's order."""
    return paginate(
        sess,
        filtered_documents(flt),
        SORT_KEYS[flt.sort],
        cursor,
        per_page,
        lambda document: _sort_values(flt.sort, document),
    )


def claim_counts(sess: Session, document_ids: list[int]) -> dict[int, int]:
    """How many claims (live appearances) each of ``document_ids`` carries."""
    if not document_ids:
        return {}
    rows = sess.execute(
        select(Appearance.document_id, func.count(Appearance.id))
        .where(Appearance.document_id.in_(document_ids), Appearance.retracted_at.is_(None))
        .group_by(Appearance.document_id)
    )
    return {document_id: count for document_id, count in rows}


def document_by_id(sess: Session, document_id: int) -> Document | None:
    return sess.get(Document, document_id)


def document_by_reference(sess: Session, reference: str) -> Document | None:
    """The document a user named by "#id" (or a bare number) or by its exact URL.

    A URL names the live document recorded there; an id names any document, so the
    caller can say "it is retracted" instead of "not found".
    """
    reference = reference.strip()
    match = _ID_REFERENCE.fullmatch(reference)
    if match:
        return sess.get(Document, int(match.group(1)))
    if not reference:
        return None
    return sess.scalar(
        select(Document)
        .where(Document.url == reference, Document.retracted_at.is_(None))
        .order_by(Document.id)
        .limit(1)
    )


def appearance_by_id(sess: Session, appearance_id: int) -> Appearance | None:
    return sess.get(Appearance, appearance_id)


def appearances_of_claim(
    sess: Session, claim_id: int, include_retracted: bool = False
) -> list[Appearance]:
    """A claim's appearances: the first one, then the others oldest first (undated last)."""
    query = (
        select(Appearance)
        .join(Appearance.document)
        .options(joinedload(Appearance.document).joinedload(Document.publisher))
        .where(Appearance.claim_id == claim_id)
    )
    if not include_retracted:
        query = query.where(Appearance.retracted_at.is_(None))
    query = query.order_by(
        Appearance.is_first.desc(),
        Document.published_on.is_(None),
        Document.published_on,
        Appearance.id,
    )
    return list(sess.scalars(query))


def appearances_in_document(
    sess: Session, document_id: int, include_retracted: bool = False
) -> list[Appearance]:
    """The claims that appeared in a document, in the order they were recorded."""
    query = (
        select(Appearance)
        .options(selectinload(Appearance.claim))
        .where(Appearance.document_id == document_id)
        .order_by(Appearance.id)
    )
    if not include_retracted:
        query = query.where(Appearance.retracted_at.is_(None))
    return list(sess.scalars(query))
