"""An analyst's desk: decide the claim in hand and take the next one, in one transaction.

The same rules as ``PATCH /api/claims/<id>`` (version compare-and-set, another analyst's live
lease, the dispute note) followed by ``POST /api/queue/lease``: if the decision fails, nothing is
leased; if it succeeds, the next claim is leased before the commit, so the analyst never waits
for a second request and the queue never hands the decided claim out again.

``decide_and_next`` works on ORM claims (the review page presents them further).
``decide_and_take_next`` serves ``POST /api/queue/decide``, the queue's hot path, in a handful of
Core statements: the common case, a first decision on a claim whose lease nobody else holds, is
one ``UPDATE … WHERE id = ? AND version = ? RETURNING`` and one history INSERT; everything else
(a stale version, another's lease, a take-over, a re-decision, a reopen, a bad credibility) goes
through ``review.decide``, which applies and reports the rules.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from service import lease_rows, queue, ratings, review
from service.claim_views import CLAIM_COLUMNS, claim_views
from service.documents import load_span_texts, valid_id
from service.errors import RuleViolation, StaleVersion
from service.models import STATUSES, Claim, ClaimEvent, User, utcnow


@dataclass
class Outcome:
    decided: object  # a Claim (decide_and_next) or its view (decide_and_take_next)
    next: object | None


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


def decide_and_take_next(
    session: Session, user: User, claim_id: int, version: int, decision: review.Decision, *,
    seconds: int = queue.DEFAULT_LEASE_SECONDS, document_id: int | None = None,
    now: datetime | None = None, order: str = "default",
) -> Outcome:
    """``decide_and_next`` for the API: the same outcome, as views that ``ClaimSchema`` dumps."""
    now = now or utcnow()
    plan = plain_decision(session, user, claim_id, version, decision, now)
    if plan is None:  # not the common case: the full rules, on the ORM claim
        claim = review.decide(session, claim_id, user, decision, based_on=[version], now=now)
        decided = session.execute(select(*CLAIM_COLUMNS).where(Claim.id == claim.id)).one()._mapping
    else:
        decided = plan.after
    # A planned decision is written last (below), so the lease passes over the claim in hand.
    lease = dict(seconds=seconds, now=now, order=order, columns=CLAIM_COLUMNS,
                 passing=claim_id if plan is not None else None)
    following = lease_rows.take_next(session, user, document_id=document_id, **lease)
    if following is None and document_id is not None:  # this document is done: the rest
        following = lease_rows.take_next(session, user, **lease)
    views = claim_views(session, [decided, following and following._mapping], {user.id: user.name})
    if plan is not None:
        # Last, right before the commit: a status change makes the tally triggers lock a row of
        # claim_tallies that other analysts' decisions need too, until this transaction ends.
        write_decision(session, plan)
    return Outcome(*views)


@dataclass
class Plan:
    """A decision checked against the locked claim, not yet written: the claim's row before
    (``before``) and after (``after``), and the history event's fields."""
    before: dict
    after: dict
    event: dict


def plain_decision(session: Session, user: User, claim_id: int, version: int, decision: review.Decision,
                   now: datetime) -> Plan | None:
    """Lock the claim and plan a first decision on it (a status other than the claim's own, not
    "unreviewed") at ``version``, if nobody else holds a live lease on it; None when the case is
    not that simple (review.decide then applies the rules and raises what they say)."""
    note = (decision.note or "").strip() or None
    if decision.status not in STATUSES or decision.status == "unreviewed" \
            or (decision.status == "disputed" and not note) or not valid_id(claim_id):
        return None
    try:
        credibility = ratings.credibility_for(decision.status, decision.credibility)
    except RuleViolation:
        return None
    # Locked (SQLite: the write transaction already is), so the row read is the row changed.
    current = session.connection().execute(_current_statement(), {"claim_id": claim_id}).first()
    if current is None or current.version != version or current.status == decision.status \
            or (queue.lease_is_live(current, now) and current.leased_by_id != user.id):
        return None
    before = dict(current._mapping)
    after = {**before, "status": decision.status, "credibility": credibility, "version": version + 1,
             "updated_at": now, "checked_at": now, "checked_by_id": user.id, "leased_by_id": None,
             "leased_until": None}
    event = {"claim_id": claim_id, "version": version + 1, "actor_id": user.id, "at": now, "action": "decide",
             "from_status": current.status, "to_status": decision.status, "note": note,
             "evidence": list(decision.evidence), "credibility": credibility}
    return Plan(before, after, event)


def write_decision(session: Session, plan: Plan) -> None:
    """The history row, then the change as a compare-and-set on the version (one UPDATE)."""
    connection = session.connection()
    connection.execute(_history_statement(), plan.event)
    after = plan.after
    changed = connection.execute(_decide_statement(), {
        "claim_id": after["id"], "seen": plan.before["version"], "new_status": after["status"],
        "new_credibility": after["credibility"], "now": after["updated_at"], "user_id": after["checked_by_id"]})
    if changed.rowcount != 1:  # whatever the lock did
        raise StaleVersion(f"Claim {after['id']} was changed by someone else a moment ago.")


# The fast path's statements, built once (building one costs more than running it). No
# parameter of the UPDATE is named like a column of claims: it would be taken as a value to SET.

@functools.cache
def _current_statement():
    return select(*CLAIM_COLUMNS).where(Claim.id == bindparam("claim_id")).with_for_update()


@functools.cache
def _decide_statement():
    return (
        update(Claim).where(Claim.id == bindparam("claim_id"), Claim.version == bindparam("seen"))
        .values(status=bindparam("new_status"), credibility=bindparam("new_credibility"), version=Claim.version + 1,
                updated_at=bindparam("now"), checked_at=bindparam("now"), checked_by_id=bindparam("user_id"),
                leased_by_id=None, leased_until=None)
    )


@functools.cache
def _history_statement():
    return insert(ClaimEvent)
