"""Decisions on links between claims: confirm or reject a match, with a version check and history.

Same discipline as claim decisions (:mod:`service.review`): a compare-and-set on the link's
version, so of two people who read the same version one wins and the other must look again.
A decided link is never changed by matching, and a rejected link splits its cluster.
"""
from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from service import clusters, similarity
from service.documents import get_claim, valid_id
from service.errors import Duplicate, NotFound, RuleViolation, StaleVersion, check_version
from service.models import User, utcnow
from service.models_corroboration import LINK_STATUSES, ClaimLink, ClaimLinkEvent
from service.origins import matching_text


def get_link(session: Session, link_id: int) -> ClaimLink:
    link = None
    if valid_id(link_id):
        link = session.scalar(select(ClaimLink).where(ClaimLink.id == link_id).options(selectinload(ClaimLink.decided_by)))
    if link is None:
        raise NotFound(f"No link {link_id}.")
    return link


def decide_link(
    session: Session, link_id: int, user: User, status: str, note: str | None,
    *, based_on: Collection[int] | None, now: datetime | None = None,
) -> ClaimLink:
    """Set the link's status if its version is one of ``based_on`` (None: no If-Match sent)."""
    now = now or utcnow()
    link = None
    if valid_id(link_id):
        link = session.scalar(select(ClaimLink).where(ClaimLink.id == link_id).with_for_update()
                              .execution_options(populate_existing=True))
    if link is None:
        raise NotFound(f"No link {link_id}.")
    check_version("link", link.id, link.version, based_on, "decision")
    if status not in LINK_STATUSES:
        raise RuleViolation(f"Unknown status {status!r}.", {"status": [f"Must be one of: {', '.join(LINK_STATUSES)}."]})
    note = (note or "").strip() or None
    if status == link.status and not note:
        return link
    result = session.execute(
        update(ClaimLink).where(ClaimLink.id == link.id, ClaimLink.version == link.version)
        .values(version=link.version + 1).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleVersion(f"Link {link.id} was changed by someone else a moment ago.")
    link.version += 1
    session.add(ClaimLinkEvent(link_id=link.id, version=link.version, actor_id=user.id, at=now,
                               from_status=link.status, to_status=status, note=note))
    link.status, link.note, link.decided_by_id, link.decided_at = status, note, user.id, now
    session.flush()
    # Both ends: a rejection may have split the cluster in two.
    clusters.refresh(session, [link.claim_a_id, link.claim_b_id])
    return link


def create_link(session: Session, claim_ids: tuple[int, int], user: User, note: str | None,
                *, now: datetime | None = None) -> ClaimLink:
    """Link two claims the matcher did not (a person says they state the same thing): the link
    is born confirmed, with the matcher's score for the pair on record."""
    now = now or utcnow()
    first, second = (get_claim(session, claim_id) for claim_id in claim_ids)
    if first.document_id == second.document_id:
        raise RuleViolation("Both claims are in one document; links join reports in different documents.",
                            {"claim_ids": ["Must be claims of two different documents."]})
    a, b = sorted((first.id, second.id))
    existing = session.scalar(select(ClaimLink).where(ClaimLink.claim_a_id == a, ClaimLink.claim_b_id == b))
    if existing is not None:
        raise Duplicate(f"Claims {a} and {b} are linked already (link {existing.id}, {existing.status}); "
                        "decide that link instead.", {"link_id": existing.id})
    words = {claim.id: similarity.words(matching_text(claim.text, claim.statement)) for claim in (first, second)}
    note = (note or "").strip() or None
    link = ClaimLink(claim_a_id=a, claim_b_id=b, score=similarity.score(words[a], words[b]), status="confirmed",
                     version=1, created_at=now, decided_by_id=user.id, decided_at=now, note=note)
    session.add(link)
    session.flush()
    session.add(ClaimLinkEvent(link_id=link.id, version=1, actor_id=user.id, at=now,
                               from_status="none", to_status="confirmed", note=note))
    session.flush()
    clusters.refresh(session, [a, b])
    return link


def history(session: Session, link_id: int) -> list[ClaimLinkEvent]:
    get_link(session, link_id)
    query = (select(ClaimLinkEvent).where(ClaimLinkEvent.link_id == link_id)
             .options(selectinload(ClaimLinkEvent.actor)).order_by(ClaimLinkEvent.id))
    return list(session.scalars(query))
