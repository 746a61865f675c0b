"""Leasing for the queue's hot path (``POST /api/queue/decide``): the rules of
``queue.lease_next`` (the held lease first, then the queue order, then the analyst's own skips;
``FOR UPDATE SKIP LOCKED`` on PostgreSQL), in plain Core statements that return the leased
claim's row instead of an ORM claim. The candidate queries are ``queue``'s own.
"""
from __future__ import annotations

import functools
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from service import queue
from service.db import connection_of
from service.models import Claim, User, utcnow
from service.prepared import Prepared


def take_next(session: Session | Connection, user: User, *, seconds: int = queue.DEFAULT_LEASE_SECONDS,
              document_id: int | None = None, status: str = "unreviewed", now: datetime | None = None,
              order: str = "default") -> int | None:
    """``queue.lease_next`` in plain Core statements, for the queue's hot path: the same rules, but
    it returns the leased claim's id (None when the queue is empty), not an ORM claim. Usually
    two statements: lock the user and find their lease in one, then pick and lease a claim in
    one ``UPDATE … WHERE id = (SELECT … SKIP LOCKED) RETURNING``."""
    now = now or utcnow()
    connection = connection_of(session)
    values = {"user_id": user.id, "now": now, "until": now + timedelta(seconds=seconds), "in_document": document_id}
    _user_id, held_id, held_status, held_document_id = _held_statement().first(connection, values)
    if held_id is not None:
        if held_status == status and document_id in (None, held_document_id):
            return held_id
        _release_statement().rowcount(connection, {"claim_id": held_id})
    for skipped in (False, True):  # not skipped first; then the analyst's own skips, oldest first
        statement = _lease_statement(document_id is not None, status, order, skipped)
        leased = statement.scalar(connection, values)
        if leased is not None:
            return leased
    return None


# take_next's statements, built once: building and checking an expression costs more than
# running it. Values come as bound parameters (user_id, now, until, in_document, claim_id), none named
# like a column of claims: an UPDATE would take such a parameter as a value to SET.

@functools.cache
def _held_statement():
    # The user's row lock serialises one analyst's lease requests, as in queue.lease_next.
    return Prepared(
        select(User.id, Claim.id.label("claim_id"), Claim.status, Claim.document_id)
        .outerjoin(Claim, and_(Claim.leased_by_id == User.id, Claim.leased_until > bindparam("now")))
        .where(User.id == bindparam("user_id")).order_by(Claim.id).limit(1).with_for_update(of=User)
    )


@functools.cache
def _release_statement():
    return Prepared(update(Claim).where(Claim.id == bindparam("claim_id")).values(leased_by_id=None, leased_until=None))


@functools.cache
def _lease_statement(by_document: bool, status: str, order: str, skipped: bool):
    args = (bindparam("user_id"), bindparam("now"), bindparam("in_document") if by_document else None, status)
    pick = queue.next_skipped_query(*args, Claim.id) if skipped else queue.next_free_query(*args, order, Claim.id)
    # correlate(None): the subquery reads claims on its own, not the row being updated.
    return Prepared(
        update(Claim).where(Claim.id == pick.correlate(None).scalar_subquery())
        .values(leased_by_id=bindparam("user_id"), leased_until=bindparam("until")).returning(Claim.id)
    )
