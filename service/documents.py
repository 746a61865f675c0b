"""Read-side queries over documents and claims, for the API, the CLI and the review page."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, selectinload

from service import ratings
from service.errors import NotFound
from service.models import Attribution, Claim, Document
from service.models_corroboration import ClaimCorroboration as Summary

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
    reliability: tuple[str, ...] | None = None  # Admiralty filters (service.ratings)
    credibility: tuple[int, ...] | None = None
    rating: tuple[str, ...] | None = None
    corroborated: bool | None = None  # two or more independent origins (see service.clusters)
    circular: bool | None = None
    single_source: bool | None = None


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


def reviewed_condition(reviewed: bool = True):
    """SQL for "every claim of the document is checked" (a document without claims is not reviewed)."""
    unchecked = exists().where(Claim.document_id == Document.id, Claim.checked_at.is_(None))
    has_claims = exists().where(Claim.document_id == Document.id)
    condition = and_(has_claims, ~unchecked)
    return condition if reviewed else ~condition


def list_documents(session: Session, offset: int, limit: int,
                   reviewed: bool | None = None) -> tuple[list[Document], int]:
    """A page of documents, newest first, and the total. Each carries ``claim_count`` (not a
    column: counted here so a listing needs no claim rows). ``reviewed``: only documents whose
    claims are all checked (True) or not (False)."""
    where = [] if reviewed is None else [reviewed_condition(reviewed)]
    total = session.scalar(select(func.count(Document.id)).where(*where))
    if offset > MAX_OFFSET:
        return [], total
    claim_count = (
        select(func.count(Claim.id)).where(Claim.document_id == Document.id).scalar_subquery()
    )
    rows = session.execute(
        select(Document, claim_count).where(*where).order_by(Document.id.desc()).offset(offset).limit(limit)
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
    conditions.extend(ratings.claim_conditions(where.reliability, where.credibility, where.rating))
    conditions.extend(corroboration_conditions(where.corroborated, where.circular, where.single_source))
    return conditions


def corroboration_conditions(corroborated, circular, single_source) -> list:
    """Filters on the cluster summary kept by service.clusters; a claim never matched is a
    single-source report that is neither corroborated nor circular."""
    def has(condition):
        return exists().where(Summary.claim_id == Claim.id, condition)

    conditions = []
    several = has(Summary.independent_origins >= 2)
    if corroborated is not None:
        conditions.append(several if corroborated else ~several)
    if single_source is not None:
        conditions.append(~several if single_source else several)
    if circular is not None:
        flagged = has(Summary.circular.is_(True))
        conditions.append(flagged if circular else ~flagged)
    return conditions


def _claim_loads() -> tuple:
    # The document is needed for the text of content spans (stored as offsets only).
    return (selectinload(Claim.attributions).selectinload(Attribution.source), selectinload(Claim.document))


def _claims_loaded():
    return selectinload(Document.claims).selectinload(Claim.attributions).selectinload(Attribution.source)
