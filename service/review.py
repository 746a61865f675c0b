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

from service import queue, ratings
from service.documents import get_claim, valid_id
from service.errors import NotFound, RuleViolation, StaleVersion, VersionRequired
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
    if based_on is None:
        raise VersionRequired(
            "Send the claim's ETag in If-Match, so a change made since you read it is not lost."
        )
    if claim.version not in based_on:
        raise StaleVersion(
            f"Claim {claim.id} has changed since you read it (now version {claim.version}); "
            "fetch it again and re-apply your decision."
        )
    _check_rules(decision)
    credibility = ratings.credibility_for(decision.status, decision.credibility)
    note = (decision.note or "").strip() or None
    if decision.status == claim.status and not note and not decision.evidence \
            and credibility == claim.credibility:
        return claim
    takeover = queue.check_decision_allowed(session, claim, user, now)
    _bump_version(session, claim)
    event = ClaimEvent(
        claim_id=claim.id, version=claim.version, actor_id=user.id, at=now,
        action=_action(claim.status, decision.status, takeover),
        from_status=claim.status, to_status=decision.status,
        note=note, evidence=list(decision.evidence), credibility=credibility,
    )
    claim.status = decision.status
    claim.credibility = credibility
    claim.updated_at = now
    # Deciding shows the analyst the attributions: a decision checks them, a reopen unchecks them.
    reopened = decision.status == "unreviewed"
    claim.checked_at, claim.checked_by_id = (None, None) if reopened else (now, user.id)
    queue.release_lease(claim)
    session.add(event)
    session.flush()
    return claim


def history(session: Session, claim_id: int) -> list[ClaimEvent]:
    """Every change of the claim, oldest first."""
    get_claim(session, claim_id)
    query = (
        select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
        .options(selectinload(ClaimEvent.actor)).order_by(ClaimEvent.id)
    )
    return list(session.scalars(query))


def _locked_claim(session: Session, claim_id: int) -> Claim:
    claim = None
    if valid_id(claim_id):
        query = (
            select(Claim).where(Claim.id == claim_id).with_for_update(of=Claim)
            .execution_options(populate_existing=True)
        )
        claim = session.scalar(query)
    if claim is None:
        raise NotFound(f"No claim {claim_id}.")
    return claim


def _bump_version(session: Session, claim: Claim) -> None:
    # The compare-and-set itself: whatever the lock did, a concurrent winner makes rowcount 0.
    expected = claim.version
    result = session.execute(
        update(Claim).where(Claim.id == claim.id, Claim.version == expected)
        .values(version=expected + 1).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleVersion(f"Claim {claim.id} was changed by someone else a moment ago.")
    claim.version = expected + 1


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
