"""What the review page's JSON holds for one leased claim: the claim as the API shows it, its
paragraph, its history, the lease and the progress. Built from the service layer and the API's
own schemas, so the page and the API cannot drift apart."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.claims import ClaimEventSchema, ClaimSchema
from service import queue, review
from service.claim_views import ClaimView
from service.models import Claim, Document
from service.web import sources_panel


def progress(session: Session, document_id: int | None) -> dict:
    return {
        "document": queue.progress(session, document_id) if document_id else None,
        "overall": queue.progress(session),
    }


def _document_heading(session: Session, document_id: int) -> dict:
    # The heading only: the document's text (up to a million characters) stays in the database.
    row = session.execute(
        select(Document.id, Document.title, Document.outlet).where(Document.id == document_id)
    ).one()
    return {"id": row.id, "title": row.title, "outlet": row.outlet}


def leased_claim(session: Session, claim: Claim | ClaimView | None, now: datetime) -> dict:
    """The page's view of a freshly leased claim, given with its span texts (a ``Claim`` through
    ``documents.load_span_texts``, or a ``claim_views.read_claim``); None: the queue is empty."""
    if claim is None:
        return {"claim": None, "progress": progress(session, None)}
    until = queue.aware(claim.leased_until)
    return {
        "claim": ClaimSchema().dump(claim),
        "document": _document_heading(session, claim.document_id),
        "paragraph": [
            {"id": c.id, "index": c.index, "text": c.text, "start": c.start, "status": c.status}
            for c in queue.paragraph_claims(session, claim)
        ],
        "history": ClaimEventSchema(many=True).dump(review.history(session, claim.id)),
        "registry": sources_panel.for_claim(session, claim),
        # Milliseconds left: counted from when the page receives them, the page's clock never
        # shows the lease as expired before the server would hand the claim to someone else.
        "lease": {"until": until.isoformat(), "seconds": max(0, int((until - now).total_seconds())),
                  "ms": max(0, int((until - now).total_seconds() * 1000))},
        "progress": progress(session, claim.document_id),
    }
