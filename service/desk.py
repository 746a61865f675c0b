"""An analyst's desk: decide the claim in hand and take the next one, in one transaction.

The same rules as ``PATCH /api/claims/<id>`` (version compare-and-set, another analyst's live
lease, the dispute note) followed by ``POST /api/queue/lease``: if the decision fails, nothing is
leased; if it succeeds, the next claim is leased before the commit, so the analyst never waits
for a second request and the queue never hands the decided claim out again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service import queue, review
from service.documents import load_span_texts
from service.models import Claim, User, utcnow


@dataclass
class Outcome:
    decided: Claim
    next: Claim | None


def decide_and_next(
    session: Session, user: User, claim_id: int, version: int, decision: review.Decision, *,
    seconds: int = queue.DEFAULT_LEASE_SECONDS, document_id: int | None = None,
    now: datetime | None = None, order: str = "default",
) -> Outcome:
    """Decide ``claim_id`` (seen at ``version``), then lease the next claim; with ``document_id``,
    the next one of that document while it has any, then of the whole queue."""
    now = now or utcnow()
    decided = review.decide(session, claim_id, user, decision, based_on=[version], now=now)
    following = queue.lease_next(session, user, seconds=seconds, document_id=document_id, now=now, order=order)
    if following is None and document_id is not None:  # this document is done: the rest
        following = queue.lease_next(session, user, seconds=seconds, now=now, order=order)
    if following is not None:
        load_span_texts(session, [following])
    return Outcome(decided, following)
