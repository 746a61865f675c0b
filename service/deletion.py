"""Deleting a document: it, its claims (with their attributions, history, leases and skips) go;
an audit record of who deleted what, and when, stays.

A hard delete rather than a "deleted" flag: every list, the queue and the progress counts stay
correct without a filter each must remember, and the same text may be ingested again afterwards.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from service.documents import MAX_OFFSET, valid_id
from service.errors import NotFound
from service.models import Claim, Document, DocumentDeletion, User, utcnow


def delete_document(session: Session, document_id: int, user: User, now: datetime | None = None) -> DocumentDeletion:
    """Delete the document and its claims; return the audit record (flushed, not committed)."""
    document = None
    if valid_id(document_id):
        document = session.scalar(
            select(Document).where(Document.id == document_id).with_for_update(of=Document)
        )
    if document is None:
        raise NotFound(f"No document {document_id}.")
    claim_count = session.scalar(select(func.count(Claim.id)).where(Claim.document_id == document.id))
    decided = session.execute(
        select(Claim.index, Claim.status, Claim.version)
        .where(Claim.document_id == document.id, Claim.status != "unreviewed").order_by(Claim.index)
    ).all()
    record = DocumentDeletion(
        document_id=document.id, title=document.title, url=document.url,
        content_hash=document.content_hash, claim_count=claim_count,
        decisions=[{"index": i, "status": s, "version": v} for i, s, v in decided],
        deleted_by_id=user.id, deleted_at=now or utcnow(),
    )
    session.add(record)
    session.expunge(document)
    # The database's ON DELETE CASCADE takes the claims and everything hanging from them in one go.
    session.execute(delete(Document).where(Document.id == document_id).execution_options(synchronize_session=False))
    session.flush()
    return record


def list_deletions(session: Session, offset: int, limit: int) -> tuple[list[DocumentDeletion], int]:
    """Deletion records, newest first, and how many there are."""
    total = session.scalar(select(func.count(DocumentDeletion.id)))
    if offset > MAX_OFFSET:
        return [], total
    rows = session.scalars(
        select(DocumentDeletion).options(selectinload(DocumentDeletion.deleted_by))
        .order_by(DocumentDeletion.id.desc()).offset(offset).limit(limit)
    )
    return list(rows), total
