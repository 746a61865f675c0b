"""The review queue: leases that hand each claim to one analyst at a time.

A lease is two columns on the claim (``leased_by_id``, ``leased_until``). A lease whose
``leased_until`` lies in the past is simply free: the next lease query takes it, so no background
process has to return expired leases.

Atomicity. On PostgreSQL the next free claim is picked with ``SELECT … FOR UPDATE SKIP LOCKED``:
concurrent analysts each lock a different row instead of queueing on the first one. On SQLite
(which ignores FOR UPDATE) every write request already began with ``BEGIN IMMEDIATE``
(:mod:`service.db`), so lease transactions run one after another and never see the same free row.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from service.config import Defaults
from service.errors import LeaseHeld, NotFound
from service.models import STATUSES, Attribution, Claim, ClaimSkip, Document, User, utcnow
from service.times import readable_until

DEFAULT_LEASE_SECONDS = Defaults.LEASE_SECONDS  # callers pass the app's configured length


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes even for timezone-aware columns; they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def lease_is_live(claim: Claim, now: datetime) -> bool:
    return claim.leased_by_id is not None and claim.leased_until is not None and aware(claim.leased_until) > now


def _free(now: datetime):
    """The SQL condition for "nobody holds a live lease on this claim"."""
    return or_(Claim.leased_until.is_(None), Claim.leased_until <= now)


def queue_order():
    """The one queue order, as ORDER BY terms.

    1. Claims this analyst skipped come after every claim they did not (oldest skip first), so
       a skip passes the claim to others before it is offered to the same analyst again.
    2. Documents ingested first come first (id breaks ties between equal timestamps).
    3. Within a document, weakly sourced claims first: ``Claim.sourcing`` 0 (unnamed or implicit
       source), 1 (attributed to a named source), 2 (unattributed).
    4. Then reading order, ``Claim.index``.
    """
    return (
        ClaimSkip.id.is_not(None), ClaimSkip.skipped_at,
        Document.ingested_at, Document.id, Claim.sourcing, Claim.index,
    )


ORDERS = ("default", "uncertain")


def uncertain_order():
    """``order="uncertain"``: the claims whose least confident attribution is least confident come
    first (after the skip rule), so corrections go where they teach the extractor most; claims
    without attributions come last; ties keep the default order."""
    lowest = select(func.min(Attribution.confidence)).where(Attribution.claim_id == Claim.id).scalar_subquery()
    default = queue_order()
    return (*default[:2], lowest.is_(None), lowest, *default[2:])


def held_lease(session: Session, user: User, now: datetime) -> Claim | None:
    """The claim ``user`` holds a live lease on, if any."""
    return session.scalar(
        select(Claim).where(Claim.leased_by_id == user.id, Claim.leased_until > now).order_by(Claim.id).limit(1)
    )


def lease_next(
    session: Session, user: User, *, seconds: int = DEFAULT_LEASE_SECONDS,
    document_id: int | None = None, status: str = "unreviewed", now: datetime | None = None,
    order: str = "default",
) -> Claim | None:
    """Lease the next claim to ``user``; None when the queue (so filtered) is empty.

    An analyst who already holds a live lease that matches the filters gets that claim back,
    lease unchanged; one that does not match is released first, so an analyst holds one lease.
    """
    now = now or utcnow()
    # One lease request per analyst at a time (two tabs, a double click): on PostgreSQL the user's
    # row lock serialises them, so the second finds the first one's lease instead of taking another.
    session.execute(select(User.id).where(User.id == user.id).with_for_update())
    held = held_lease(session, user, now)
    if held is not None:
        if held.status == status and document_id in (None, held.document_id):
            return held
        release_lease(held)
    query = _next_free_query(user, now, document_id, status)
    if order == "uncertain":
        query = query.order_by(None).order_by(*uncertain_order())
    claim = session.scalar(query)
    if claim is None:
        return None
    claim.leased_by_id = user.id
    claim.leased_until = now + timedelta(seconds=seconds)
    session.flush()
    return claim


def _next_free_query(user: User, now: datetime, document_id: int | None, status: str):
    query = (
        select(Claim)
        .join(Document, Document.id == Claim.document_id)
        .outerjoin(ClaimSkip, and_(ClaimSkip.claim_id == Claim.id, ClaimSkip.user_id == user.id))
        .where(Claim.status == status, _free(now))
        .order_by(*queue_order())
        .limit(1)
        .with_for_update(skip_locked=True, of=Claim)
    )
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    return query


def lease_claim(session: Session, claim: Claim, user: User, *, seconds: int = DEFAULT_LEASE_SECONDS,
                now: datetime | None = None) -> Claim:
    """Lease this very claim to ``user`` (taking it back after an undo); their other lease ends."""
    now = now or utcnow()
    session.flush()  # refresh would otherwise drop pending changes to the claim
    session.refresh(claim, with_for_update=True)
    if lease_is_live(claim, now) and claim.leased_by_id != user.id:
        raise LeaseHeld(f"Claim {claim.id} is leased to someone else.")
    session.execute(
        update(Claim).where(Claim.leased_by_id == user.id, Claim.id != claim.id)
        .values(leased_by_id=None, leased_until=None)
    )
    claim.leased_by_id = user.id
    claim.leased_until = now + timedelta(seconds=seconds)
    session.flush()
    return claim


def skip(session: Session, user: User, now: datetime | None = None) -> Claim:
    """Give back the claim ``user`` holds and remember the skip; NotFound if they hold none."""
    now = now or utcnow()
    claim = held_lease(session, user, now)
    if claim is None:
        raise NotFound("You hold no lease: it expired or the claim was decided.")
    release_lease(claim)
    record = session.scalar(select(ClaimSkip).where(ClaimSkip.claim_id == claim.id, ClaimSkip.user_id == user.id))
    if record is None:
        session.add(ClaimSkip(claim_id=claim.id, user_id=user.id, skipped_at=now))
    else:
        record.skipped_at = now
    session.flush()
    return claim


def check_decision_allowed(session: Session, claim: Claim, user: User, now: datetime) -> bool:
    """May ``user`` decide ``claim`` now? True when an admin takes over another analyst's live
    lease (the caller records the take-over); raises LeaseHeld when another user's live lease
    blocks a non-admin; False otherwise (no lease, an expired one, or the user's own)."""
    if not lease_is_live(claim, now) or claim.leased_by_id == user.id:
        return False
    if user.role == "admin":
        return True
    holder = claim.leased_by.name if claim.leased_by is not None else f"user {claim.leased_by_id}"
    raise LeaseHeld(
        f"Claim {claim.id} is leased to {holder} until {readable_until(claim.leased_until, now)}.",
        {"leased_by": [holder]},
    )


def release_lease(claim: Claim) -> None:
    """Free the claim's lease (after a decision, a skip or a take-over)."""
    claim.leased_by_id = None
    claim.leased_until = None


def progress(session: Session, document_id: int | None = None) -> dict:
    """Decided and total claims, for one document or (None) for all."""
    query = select(func.count(), func.count().filter(Claim.status != "unreviewed"))
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    total, decided = session.execute(query).one()
    return {"decided": decided, "total": total}


def overview(session: Session, now: datetime | None = None) -> dict:
    """The queue at a glance: claims per status, live leases, per-document progress."""
    now = now or utcnow()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all())
    leases = session.execute(
        select(Claim.id, Claim.document_id, User.name, Claim.leased_until)
        .join(User, User.id == Claim.leased_by_id)
        .where(Claim.leased_until > now).order_by(Claim.leased_until, Claim.id)
    ).all()
    documents = session.execute(
        select(Document.id, Document.title, func.count(Claim.id),
               func.count(Claim.id).filter(Claim.status != "unreviewed"))
        .outerjoin(Claim, Claim.document_id == Document.id)
        .group_by(Document.id, Document.title).order_by(Document.ingested_at, Document.id)
    ).all()
    return {
        "statuses": counts,
        "leases": [
            {"claim_id": c, "document_id": d, "leased_by": name, "leased_until": aware(until)}
            for c, d, name, until in leases
        ],
        "documents": [
            {"document_id": d, "title": title, "total": total, "decided": decided}
            for d, title, total, decided in documents
        ],
    }


def paragraph_claims(session: Session, claim: Claim) -> list[Claim]:
    """The claims of the paragraph ``claim`` stands in, in reading order (the reviewer's context)."""
    return list(session.scalars(
        select(Claim).where(Claim.document_id == claim.document_id, Claim.paragraph == claim.paragraph)
        .order_by(Claim.index)
    ))
