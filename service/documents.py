"""Read-side queries over documents and claims, for the API, the CLI and the review page.

Lists are keyset pages: each page starts after the last row of the previous one (``after``), so
page 10,000 costs what page 1 costs, and no page counts the whole filter. Claims are listed in
ingest order (``Claim.id``), which within a document is reading order; documents newest first.

A claim is served without its document's text: content spans are sliced from the claim's own
sentence, and only spans outside it (a quote running over several sentences) are cut out of the
document in SQL (``substr``), one query for all of them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, literal, select
from sqlalchemy.orm import Session, joinedload, selectinload

from service import ratings
from service.errors import NotFound
from service.models import Attribution, Claim, Document
from service.models_corroboration import ClaimCorroboration as Summary

# Ids beyond a 32-bit integer match no row; asking the database would overflow its integer type.
MAX_ID = 2**31 - 1
# An offset beyond any real table: skip the query rather than overflow SQLite's 64-bit integer.
MAX_OFFSET = 2**40
INLINE_CLAIMS = 100  # a document shows at most this many claims; the rest are a list page away


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


@dataclass
class Page:
    """One keyset page: its rows and the ``after`` value of the next page (None: last page)."""
    items: list
    next_after: int | None


def valid_id(value) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_ID


def get_document(session: Session, document_id: int) -> Document:
    """The document with ``claim_count`` and its first claims (``inline_claims``, at most
    INLINE_CLAIMS; ``claims_after`` says where the list of the rest starts, None if none)."""
    document = None
    if valid_id(document_id):
        document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"No document {document_id}.")
    return with_first_claims(session, document)


def with_first_claims(session: Session, document: Document) -> Document:
    page = list_claims(session, ClaimFilter(document_id=document.id), None, INLINE_CLAIMS)
    document.inline_claims = page.items
    document.claims_after = page.next_after
    if page.next_after is None:
        document.claim_count = len(page.items)
    else:
        document.claim_count = session.scalar(
            select(func.count()).select_from(Claim).where(Claim.document_id == document.id)
        )
    return document


def reviewed_condition(reviewed: bool = True):
    """SQL for "every claim of the document is checked" (a document without claims is not reviewed)."""
    unchecked = exists().where(Claim.document_id == Document.id, Claim.checked_at.is_(None))
    has_claims = exists().where(Claim.document_id == Document.id)
    condition = and_(has_claims, ~unchecked)
    return condition if reviewed else ~condition


def list_documents(session: Session, after: int | None, limit: int, reviewed: bool | None = None) -> Page:
    """A page of documents, newest first. Each carries ``claim_count`` (counted per document
    through the claims' document index, so a listing needs no claim rows). ``reviewed``: only
    documents whose claims are all checked (True) or not (False)."""
    claim_count = (
        select(func.count(Claim.id)).where(Claim.document_id == Document.id).scalar_subquery()
    )
    query = select(Document, claim_count).order_by(Document.id.desc()).limit(limit + 1)
    if reviewed is not None:
        query = query.where(reviewed_condition(reviewed))
    if after is not None:
        query = query.where(Document.id < after)
    documents = []
    for document, count in session.execute(query):
        document.claim_count = count
        documents.append(document)
    return _page(documents, limit)


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = None
    if valid_id(claim_id):
        claim = session.execute(
            select(Claim).where(Claim.id == claim_id)
            .options(joinedload(Claim.attributions).joinedload(Attribution.source))
        ).unique().scalar_one_or_none()
    if claim is None:
        raise NotFound(f"No claim {claim_id}.")
    return load_span_texts(session, [claim])[0]


def list_claims(session: Session, where: ClaimFilter, after: int | None, limit: int) -> Page:
    """A page of claims in ingest order (within a document: reading order)."""
    query = (
        select(Claim).where(*claim_conditions(where)).options(attributions_loaded())
        .order_by(Claim.id).limit(limit + 1)
    )
    if after is not None:
        query = query.where(Claim.id > after)
    page = _page(list(session.scalars(query)), limit)
    load_span_texts(session, page.items)
    return page


def attributions_loaded():
    """Loader option: a claim's attributions with their registry entries (the response shows both)."""
    return selectinload(Claim.attributions).selectinload(Attribution.source)


def _page(rows: list, limit: int) -> Page:
    # One row more than asked for tells whether another page follows, without counting.
    if len(rows) > limit:
        return Page(rows[:limit], rows[limit - 1].id)
    return Page(rows, None)


def claim_conditions(where: ClaimFilter) -> list:
    """The WHERE conditions of a claim filter: the listing and the exports select the same claims."""
    conditions = []
    if where.document_id is not None:
        conditions.append(Claim.document_id == where.document_id)
    if where.status is not None:
        conditions.append(Claim.status == where.status)
    if where.source:
        needle = where.source.strip().lower()
        conditions.append(_has_attribution(
            func.lower(Attribution.source_text).contains(needle, autoescape=True)))
    if where.named is not None:
        named = Attribution.source_named.is_(True) if where.named else Attribution.source_named.is_(False)
        conditions.append(_has_attribution(named))
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


def _has_attribution(*where):
    """Some attribution of the claim matches ``where``: a correlated subquery with LIMIT 1, which
    the planner cannot turn into a join. A page then probes the attributions of the claims it
    walks through (by the claim_id index), as many as it takes to fill the page, however large the
    table; as a semi-join, PostgreSQL chose to scan every attribution for pages deep in the list."""
    probe = select(literal(1)).where(Attribution.claim_id == Claim.id, *where).limit(1)
    return probe.correlate(Claim).scalar_subquery().is_not(None)


def load_span_texts(session: Session, claims: Iterable[Claim]) -> list:
    """Give each attribution of ``claims`` its ``span_texts`` (the text of each content span)
    without loading any document's text; return the claims."""
    claims = list(claims)
    outside = set()
    for claim in claims:
        for attribution in claim.attributions:
            for start, end in attribution.content:
                if not claim.start <= start <= end <= claim.end:
                    outside.add((claim.document_id, start, end))
    cut = _cut_from_documents(session, outside)
    for claim in claims:
        for attribution in claim.attributions:
            attribution.span_texts = [
                claim.text[start - claim.start:end - claim.start]
                if claim.start <= start <= end <= claim.end else cut[(claim.document_id, start, end)]
                for start, end in attribution.content
            ]
    return claims


def _cut_from_documents(session: Session, spans: set) -> dict:
    if not spans:
        return {}
    found = {}
    for document_id in {d for d, _s, _e in spans}:
        wanted = [(s, e) for d, s, e in spans if d == document_id]
        columns = [func.substr(Document.text, s + 1, e - s) for s, e in wanted]
        row = session.execute(select(*columns).where(Document.id == document_id)).one()
        found.update({(document_id, s, e): piece or "" for (s, e), piece in zip(wanted, row)})
    return found
