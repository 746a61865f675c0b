"""Review decisions on claims: status changes with a version check, lease rules and history.

A decision is a compare-and-set on ``Claim.version``: the row is locked (``FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises writers) and the version is bumped with
``UPDATE … WHERE id = ? AND version = ?``. Of two analysts who read the same version, exactly one
wins; the other gets StaleVersion and must look at the claim again.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from service import queue, ratings
from service.documents import attributions_loaded, load_span_texts, valid_id
from service.errors import NotFound, RuleViolation, StaleVersion, check_version
from service.models import STATUSES, Claim, ClaimEvent, User, utcnow


@dataclass(frozen=True)
class Decision:
    status: str
    note: str | None = None
    evidence: tuple[str, ...] = field(default_factory=tuple)
    credibility: int | None = None  # Admiralty 1-6; None: the status's default (service.ratings)


def decide(
    session: Session,
    claim_id: int,
    user: User,
    decision: Decision,
    *,
    based_on: Collection[int] | None,
    now: datetime | None = None,
) -> Claim:
    """Apply ``decision`` to the claim if its version is one of ``based_on`` (from If-Match;
    None when the caller sent no version at all).

    The same status again without a note or evidence changes nothing and writes no history.
    """
    now = now or utcnow()
    claim = _locked_claim(session, claim_id)
    check_version("claim", claim.id, claim.version, based_on, "decision")
    _check_rules(decision)
    credibility = ratings.credibility_for(decision.status, decision.credibility)
    note = (decision.note or "").strip() or None
    if decision.status == claim.status and not note and not decision.evidence \
            and credibility == claim.credibility:
        return claim
    from_status = claim.status
    takeover = queue.check_decision_allowed(session, claim, user, now)
    # Deciding shows the analyst the attributions: a decision checks them, a reopen unchecks them.
    reopened = decision.status == "unreviewed"
    _apply(session, claim, now, status=decision.status, credibility=credibility,
           checked_at=None if reopened else now, checked_by_id=None if reopened else user.id)
    session.add(ClaimEvent(
        claim_id=claim.id, version=claim.version, actor_id=user.id, at=now,
        action=_action(from_status, decision.status, takeover),
        from_status=from_status, to_status=decision.status,
        note=note, evidence=list(decision.evidence), credibility=credibility,
    ))
    session.flush()
    return claim


def history(session: Session, claim_id: int) -> list[ClaimEvent]:
    """Every change of the claim, oldest first."""
    if not valid_id(claim_id) or session.scalar(select(Claim.id).where(Claim.id == claim_id)) is None:
        raise NotFound(f"No claim {claim_id}.")
    query = (
        select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
        .options(selectinload(ClaimEvent.actor)).order_by(ClaimEvent.id)
    )
    return list(session.scalars(query))


def _locked_claim(session: Session, claim_id: int) -> Claim:
    claim = None
    if valid_id(claim_id):
        # The attributions come along: the response shows them, and after the commit nothing is
        # read again.
        query = (
            select(Claim).where(Claim.id == claim_id).with_for_update(of=Claim)
            .options(attributions_loaded())
            .execution_options(populate_existing=True)
        )
        claim = session.scalar(query)
    if claim is None:
        raise NotFound(f"No claim {claim_id}.")
    load_span_texts(session, [claim])
    return claim


def _apply(session: Session, claim: Claim, now: datetime, **values) -> None:
    """The compare-and-set and the change (``values``, the lease released) in one UPDATE: whatever
    the lock did, a concurrent winner makes rowcount 0. The loaded claim is brought up to date
    without a second write."""
    expected = claim.version
    changed = {**values, "version": expected + 1, "updated_at": now, "leased_by_id": None, "leased_until": None}
    result = session.execute(
        update(Claim).where(Claim.id == claim.id, Claim.version == expected)
        .values(**changed).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleVersion(f"Claim {claim.id} was changed by someone else a moment ago.")
    for key, value in changed.items():
        set_committed_value(claim, key, value)
    # Many-to-ones already loaded would still show the old users (reloaded from the identity map).
    stale = [name for name in ("checked_by", "leased_by") if name in claim.__dict__]
    if stale:
        session.expire(claim, stale)


def _check_rules(decision: Decision) -> None:
    if decision.status not in STATUSES:
        raise RuleViolation(
            f"Unknown status {decision.status!r}.", {"status": [f"Must be one of: {', '.join(STATUSES)}."]}
        )
    if decision.status == "disputed" and not (decision.note or "").strip():
        raise RuleViolation(
            "Disputing a claim needs a note that says why.", {"note": ["Required when disputing."]}
        )


def _action(from_status: str, to_status: str, takeover: bool) -> str:
    if takeover:
        return "takeover"
    if from_status == to_status:
        return "annotate"
    return "reopen" if to_status == "unreviewed" else "decide"
