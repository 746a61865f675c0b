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

from sqlalchemy import and_, exists, func, literal_column, or_, select, update
from sqlalchemy.orm import Session

from service.config import Defaults
from service.documents import attributions_loaded
from service.errors import LeaseHeld, NotFound
from service.models import STATUSES, Attribution, Claim, ClaimSkip, ClaimTally, Document, User, utcnow
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
    """The queue order, as ORDER BY terms over ``claims`` alone, so one index serves it
    (``ix_claims_unreviewed_queue``; ``ix_claims_status_queue`` for other statuses):

    1. Documents in ingest order (``document_id``: ids are handed out as documents are stored).
    2. Within a document, weakly sourced claims first: ``Claim.sourcing`` 0 (unnamed or implicit
       source), 1 (attributed to a named source), 2 (unattributed).
    3. Then reading order, ``Claim.index``.

    Claims the analyst skipped are not in this order at all: they come after every claim they did
    not skip, oldest skip first (see ``lease_next``).
    """
    return (Claim.document_id, Claim.sourcing, Claim.index)


def uncertain_order():
    """``order="uncertain"``: the claims whose least confident attribution is least confident come
    first (skipped claims still come last, see ``lease_next``), so corrections go where they teach
    the extractor most; claims without attributions come last; ties keep the queue order. No
    index serves this order: each lease ranks the free claims (of the document, if one is given)."""
    lowest = select(func.min(Attribution.confidence)).where(Attribution.claim_id == Claim.id).scalar_subquery()
    return (lowest.is_(None), lowest, *queue_order())


# Named orders a lease may ask for (the API's ``order``); each maps to ORDER BY terms over ``claims``.
ORDERS = {"default": queue_order, "uncertain": uncertain_order}


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
    The claim comes with its attributions loaded.
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
    # Not skipped first; only when none is left, the analyst's own skips, oldest first.
    claim = session.scalar(next_free_query(user.id, now, document_id, status, order))
    if claim is None:
        claim = session.scalar(next_skipped_query(user.id, now, document_id, status))
    if claim is None:
        return None
    claim.leased_by_id = user.id
    claim.leased_until = now + timedelta(seconds=seconds)
    session.flush()
    return claim


def _candidates(now, document_id, status: str, *columns):
    # The status as a literal: a partial index (WHERE status = 'unreviewed') serves a query only
    # when the planner sees the value, also in a prepared statement's generic plan.
    if status not in STATUSES:
        raise ValueError(status)
    query = (
        select(*(columns or (Claim,))).where(literal_column(f"claims.status = '{status}'"), _free(now))
        .with_for_update(skip_locked=True, of=Claim)
        .limit(1)
    )
    if not columns:
        query = query.options(attributions_loaded())
    if document_id is not None:
        query = query.where(Claim.document_id == document_id)
    return query


def next_free_query(user_id, now, document_id, status: str, order: str = "default", *columns):
    """The next claim the user did not skip (``columns``: only these, not the ORM claim).
    ``user_id`` and the others are values or bound parameters (lease_rows builds it once)."""
    skipped = exists().where(ClaimSkip.claim_id == Claim.id, ClaimSkip.user_id == user_id)
    return _candidates(now, document_id, status, *columns).where(~skipped).order_by(*ORDERS[order]())


def next_skipped_query(user_id, now, document_id, status: str, *columns):
    """The claim the user skipped longest ago (``columns``: only these, not the ORM claim)."""
    return (
        _candidates(now, document_id, status, *columns)
        .join(ClaimSkip, and_(ClaimSkip.claim_id == Claim.id, ClaimSkip.user_id == user_id))
        .order_by(ClaimSkip.skipped_at, ClaimSkip.id)
    )


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


def status_counts(session: Session) -> dict[str, int]:
    """Claims per status, from the tallies the database keeps (a few dozen rows, whatever the
    number of claims)."""
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(session.execute(
        select(ClaimTally.status, func.sum(ClaimTally.claims)).group_by(ClaimTally.status)
    ).all())
    return {status: int(n) for status, n in counts.items()}


def progress(session: Session, document_id: int | None = None) -> dict:
    """Decided and total claims, for one document or (None) for all."""
    if document_id is None:
        counts = status_counts(session)
        total = sum(counts.values())
        return {"decided": total - counts["unreviewed"], "total": total}
    query = select(func.count(), func.count().filter(Claim.status != "unreviewed"))
    total, decided = session.execute(query.where(Claim.document_id == document_id)).one()
    return {"decided": decided, "total": total}


MAX_LEASES_SHOWN = 500


def overview(session: Session, now: datetime | None = None, *, after: int | None = None,
             limit: int = 50) -> dict:
    """The queue at a glance: claims per status, live leases, and one page of per-document
    progress (documents in queue order, starting after document ``after``).

    ``next_after`` is where the next page of documents starts (None: this is the last)."""
    now = now or utcnow()
    leases = session.execute(
        select(Claim.id, Claim.document_id, User.name, Claim.leased_until)
        .join(User, User.id == Claim.leased_by_id)
        .where(Claim.leased_until > now).order_by(Claim.leased_until, Claim.id).limit(MAX_LEASES_SHOWN)
    ).all()
    page = select(Document.id, Document.title).order_by(Document.id).limit(limit + 1)
    if after is not None:
        page = page.where(Document.id > after)
    shown = session.execute(page).all()
    next_after = shown[limit - 1][0] if len(shown) > limit else None
    shown = shown[:limit]
    counted = {}
    if shown:
        counted = {d: (total, decided) for d, total, decided in session.execute(
            select(Claim.document_id, func.count(), func.count().filter(Claim.status != "unreviewed"))
            .where(Claim.document_id.in_([d for d, _title in shown])).group_by(Claim.document_id)
        )}
    return {
        "statuses": status_counts(session),
        "leases": [
            {"claim_id": c, "document_id": d, "leased_by": name, "leased_until": aware(until)}
            for c, d, name, until in leases
        ],
        "documents": [
            {"document_id": d, "title": title, "total": counted.get(d, (0, 0))[0],
             "decided": counted.get(d, (0, 0))[1]}
            for d, title in shown
        ],
        "next_after": next_after,
    }


def paragraph_claims(session: Session, claim: Claim) -> list[Claim]:
    """The claims of the paragraph ``claim`` stands in, in reading order (the reviewer's context)."""
    return list(session.scalars(
        select(Claim).where(Claim.document_id == claim.document_id, Claim.paragraph == claim.paragraph)
        .order_by(Claim.index)
    ))
