"""The review queue: leases that hand each unreviewed claim to one analyst at a time.

A lease is two columns on the claim (``leased_by_id``, ``leased_until``). A lease whose
``leased_until`` lies in the past is simply free: no background process returns it.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from service.errors import LeaseHeld
from service.models import Claim, User


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes even for timezone-aware columns; they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def lease_is_live(claim: Claim, now: datetime) -> bool:
    return claim.leased_by_id is not None and claim.leased_until is not None and aware(claim.leased_until) > now


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
        f"Claim {claim.id} is leased to {holder} until {aware(claim.leased_until).isoformat()}.",
        {"leased_by": [holder]},
    )


def release_lease(claim: Claim) -> None:
    """Free the claim's lease (after a decision, a skip or a take-over)."""
    claim.leased_by_id = None
    claim.leased_until = None
