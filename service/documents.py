"""Read-side queries over documents and claims, for the API, the CLI and the review page."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, selectinload

from service.errors import NotFound
from service.models import Attribution, Claim, Document

# Ids beyond a 32-bit integer match no row; asking the database would overflow its integer type.
MAX_ID = 2**31 - 1
# An offset beyond any real table: skip the query rather than overflow SQLite's 64-bit integer.
MAX_OFFSET = 2**40


@dataclass(frozen=True)
class ClaimFilter:
    document_id: int | None = None
    status: str | None = None
    source: str | None = None  # case-insensitive substring of an attribution's source text
    named: bool | None = None  # True: a named source speaks; False: an unnamed or implicit one


def valid_id(value) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_ID


def get_document(session: Session, document_id: int) -> Document:
    document = None
    if valid_id(document_id):
        document = session.scalar(
            select(Document).where(Document.id == document_id).options(_claims_loaded())
        )
    if document is None:
        raise NotFound(f"No document {document_id}.")
    return document


def list_documents(session: Session, offset: int, limit: int) -> tuple[list[Document], int]:
    """A page of documents, newest first, and the total. Each carries ``claim_count`` (not a
    column: counted here so a listing needs no claim rows)."""
    total = session.scalar(select(func.count(Document.id)))
    if offset > MAX_OFFSET:
        return [], total
    claim_count = (
        select(func.count(Claim.id)).where(Claim.document_id == Document.id).scalar_subquery()
    )
    rows = session.execute(
        select(Document, claim_count).order_by(Document.id.desc()).offset(offset).limit(limit)
    )
    documents = []
    for document, count in rows:
        document.claim_count = count
        documents.append(document)
    return documents, total


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = None
    if valid_id(claim_id):
        claim = session.scalar(select(Claim).where(Claim.id == claim_id).options(*_claim_loads()))
    if claim is None:
        raise NotFound(f"No claim {claim_id}.")
    return claim


def list_claims(session: Session, where: ClaimFilter, offset: int, limit: int) -> tuple[list[Claim], int]:
    """A page of claims in reading order (document, then index), and how many match in all."""
    conditions = claim_conditions(where)
    total = session.scalar(select(func.count(Claim.id)).where(*conditions))
    if offset > MAX_OFFSET:
        return [], total
    query = (
        select(Claim).where(*conditions).options(*_claim_loads())
        .order_by(Claim.document_id, Claim.index).offset(offset).limit(limit)
    )
    return list(session.scalars(query)), total


def claim_conditions(where: ClaimFilter) -> list:
    """The WHERE conditions of a claim filter: the listing and the exports select the same claims."""
    conditions = []
    if where.document_id is not None:
        conditions.append(Claim.document_id == where.document_id)
    if where.status is not None:
        conditions.append(Claim.status == where.status)
    if where.source:
        needle = where.source.strip().lower()
        conditions.append(exists().where(
            Attribution.claim_id == Claim.id,
            func.lower(Attribution.source_text).contains(needle, autoescape=True),
        ))
    if where.named is not None:
        named = Attribution.source_named.is_(True) if where.named else Attribution.source_named.is_(False)
        conditions.append(exists().where(Attribution.claim_id == Claim.id, named))
    return conditions


def _claim_loads() -> tuple:
    # The document is needed for the text of content spans (stored as offsets only).
    return (selectinload(Claim.attributions), selectinload(Claim.document))


def _claims_loaded():
    return selectinload(Document.claims).selectinload(Claim.attributions)
