"""An analyst's desk: decide the claim in hand and take the next one, in one transaction.

The same rules as ``PATCH /api/claims/<id>`` (version compare-and-set, another analyst's live
lease, the dispute note) followed by ``POST /api/queue/lease``: if the decision fails, nothing is
leased; if it succeeds, the next claim is leased before the commit, so the analyst never waits
for a second request and the queue never hands the decided claim out again.

``decide_and_take_next`` serves ``POST /api/queue/decide`` and the review page's decisions (one
decide code), the queue's hot path, in a handful of Core statements: ``review.decide`` (read,
check, one compare-and-set ``UPDATE`` and the history ``INSERT``, the same code as ``PATCH``),
then ``lease_rows`` (lock the analyst's row and find their lease in one statement, lease the next
claim in one ``UPDATE … WHERE id = (… SKIP LOCKED)``), then one read of the next claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from service import lease_rows, queue, review
from service.claim_views import ClaimView, read_claim
from service.db import begin_writing
from service.models import User, utcnow


@dataclass
class Outcome:
    decided: ClaimView
    next: ClaimView | None


def decide_and_take_next(
    session: Session | Connection, user: User, claim_id: int, version: int, decision: review.Decision, *,
    seconds: int = queue.DEFAULT_LEASE_SECONDS, document_id: int | None = None,
    now: datetime | None = None, order: str = "default",
) -> Outcome:
    """Decide ``claim_id`` (seen at ``version``), then lease the next claim; with ``document_id``,
    the next one of that document while it has any, then of the whole queue. Core statements
    only (``review.decide``'s compare-and-set, ``lease_rows``); the claims come back as the views
    that ``ClaimSchema`` dumps for ``GET /api/claims/<id>``."""
    now = now or utcnow()
    decided = review.decide(session, claim_id, user, decision, based_on=[version], now=now)
    begin_writing(session)  # the lease writes, even when the decision changed nothing
    lease = dict(seconds=seconds, now=now, order=order)
    following = lease_rows.take_next(session, user, document_id=document_id, **lease)
    if following is None and document_id is not None:  # this document is done: the rest
        following = lease_rows.take_next(session, user, **lease)
    return Outcome(decided, None if following is None else read_claim(session, following))
