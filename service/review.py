"""Review decisions on claims: status changes with a version check, lease rules and history.

A decision is a compare-and-set: ``UPDATE claims … WHERE id = ? AND version = ?`` (and the lease
as it was read), then the history row. Of two analysts who read the same version, exactly one
wins; the other gets StaleVersion and must look at the claim again.

Everything but those two statements happens first, without the SQLite writer lock: the claim is
read (one statement, :mod:`service.claim_views`), checked, and the change and its history row are
prepared. Only then does :func:`service.db.begin_writing` take the lock, so writers hold it for
two statements and the commit. If the claim changed in between, the compare-and-set finds no row;
the decision is then made again on the claim read under the lock, which tells a stale version
(412) from a lease taken meanwhile (409) from a lease that merely ended.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, insert, null, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, selectinload

from service import queue, ratings
from service.claim_views import ClaimView, Person, read_claim
from service.db import begin_writing, connection_of
from service.documents import valid_id
from service.errors import NotFound, RuleViolation, StaleVersion, check_version
from service.models import STATUSES, Claim, ClaimEvent, User, utcnow
from service.prepared import Prepared


@dataclass(frozen=True)
class Decision:
    status: str
    note: str | None = None
    evidence: tuple[str, ...] = field(default_factory=tuple)
    credibility: int | None = None  # Admiralty 1-6; None: the status's default (service.ratings)


_claims = Claim.__table__
# The compare-and-set: the version and the lease as they were read (IS: either may be NULL). The
# lease is cleared with NULL literals: a bound None would be a value SQLAlchemy extracts from the
# cached statement and maps anew on every execution.
_SET_IF_UNCHANGED = Prepared(
    update(_claims)
    .where(_claims.c.id == bindparam("claim_id"), _claims.c.version == bindparam("expected"),
           _claims.c.leased_by_id.is_not_distinct_from(bindparam("held_by", type_=_claims.c.leased_by_id.type)),
           _claims.c.leased_until.is_not_distinct_from(bindparam("held_until", type_=_claims.c.leased_until.type)))
    .values(status=bindparam("status"), credibility=bindparam("credibility"), version=bindparam("version"),
            updated_at=bindparam("now"), checked_at=bindparam("checked_at"),
            checked_by_id=bindparam("checked_by_id"), leased_by_id=null(), leased_until=null())
)
_EVENT_COLUMNS = ("claim_id", "version", "actor_id", "at", "action", "from_status", "to_status", "note",
                  "evidence", "credibility")
_RECORD = Prepared(insert(ClaimEvent.__table__).values({name: bindparam(name) for name in _EVENT_COLUMNS}))
# What a decision changes on the claim, besides its status and credibility (for loaded instances).
_CHANGED = ("status", "credibility", "version", "updated_at", "checked_at", "checked_by_id",
            "leased_by_id", "leased_until")


def decide(
    session: Session | Connection,
    claim_id: int,
    user: User,
    decision: Decision,
    *,
    based_on: Collection[int] | None,
    now: datetime | None = None,
) -> ClaimView:
    """Apply ``decision`` to the claim if its version is one of ``based_on`` (from If-Match;
    None when the caller sent no version at all); return the claim as it is now.

    The same status again without a note or evidence changes nothing and writes no history.
    """
    now = now or utcnow()
    claim = read_claim(session, claim_id)
    change = _prepare(session, claim, user, decision, based_on, now)
    if change is None:
        return claim
    begin_writing(session)
    if not _set_if_unchanged(session, claim, change):
        # Changed since it was read: decide again on the claim as it is, under the lock.
        claim = read_claim(session, claim_id, lock=True)
        change = _prepare(session, claim, user, decision, based_on, now)
        if change is None:
            return claim
        if not _set_if_unchanged(session, claim, change):
            raise StaleVersion(f"Claim {claim.id} was changed by someone else a moment ago.")
    values, event = change
    _RECORD.rowcount(connection_of(session), event)
    return _decided(session, claim, values, user)


def _prepare(session: Session | Connection, claim: ClaimView, user: User, decision: Decision,
             based_on: Collection[int] | None, now: datetime) -> tuple[dict, dict] | None:
    """The claim's new values and its history row, or None when the decision changes nothing.
    Raises what forbids it: a stale version, a broken rule, another analyst's live lease."""
    check_version("claim", claim.id, claim.version, based_on, "decision")
    _check_rules(decision)
    credibility = ratings.credibility_for(decision.status, decision.credibility)
    note = (decision.note or "").strip() or None
    if decision.status == claim.status and not note and not decision.evidence \
            and credibility == claim.credibility:
        return None
    takeover = queue.check_decision_allowed(session, claim, user, now)
    # Deciding shows the analyst the attributions: a decision checks them, a reopen unchecks them.
    reopened = decision.status == "unreviewed"
    values = {"status": decision.status, "credibility": credibility, "version": claim.version + 1,
              "now": now, "checked_at": None if reopened else now, "checked_by_id": None if reopened else user.id}
    event = {"claim_id": claim.id, "version": claim.version + 1, "actor_id": user.id, "at": now,
             "action": _action(claim.status, decision.status, takeover), "from_status": claim.status,
             "to_status": decision.status, "note": note, "evidence": list(decision.evidence),
             "credibility": credibility}
    return values, event


def _set_if_unchanged(session: Session | Connection, claim: ClaimView, change: tuple[dict, dict]) -> bool:
    values, _event = change
    return _SET_IF_UNCHANGED.rowcount(connection_of(session), {
        **values, "claim_id": claim.id, "expected": claim.version,
        "held_by": claim.leased_by_id, "held_until": claim.leased_until}) == 1


def _decided(session: Session | Connection, claim: ClaimView, values: dict, user: User) -> ClaimView:
    """The claim as the decision left it. A Claim instance of it that the session holds (a caller
    that loaded it before) is expired, so it reads the new values when used again."""
    claim.status, claim.credibility, claim.version = values["status"], values["credibility"], values["version"]
    claim.updated_at, claim.checked_at = values["now"], values["checked_at"]
    claim.checked_by = Person(user.id, user.name) if values["checked_by_id"] is not None else None
    claim.leased_by_id = claim.leased_until = claim.leased_by = None
    if not isinstance(session, Session):  # a bare connection: no instances loaded
        return claim
    loaded = session.identity_map.get(Claim.__mapper__.identity_key_from_primary_key((claim.id,)))
    if loaded is not None:
        session.expire(loaded, [*_CHANGED, "checked_by", "leased_by"])
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
