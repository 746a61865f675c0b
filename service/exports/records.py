"""The claims an export writes, read in keyset batches so that memory stays flat however many match.

Each batch loads its claims with their attributions, registry sources and documents, and the
claims' history (for the last decision); once written it leaves the session, so nothing accumulates.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from service.exports import grading
from service.documents import ClaimFilter, claim_conditions
from service.models import Attribution, Claim, ClaimEvent

BATCH = 500


@dataclass(frozen=True)
class ExportSettings:
    organization: str
    organization_url: str | None
    public_base_url: str | None  # with a trailing slash
    generated_at: datetime

    @classmethod
    def from_config(cls, config, generated_at: datetime) -> ExportSettings:
        base = config.get("PUBLIC_BASE_URL") or None
        if base and not base.endswith("/"):
            base += "/"
        return cls(
            organization=config.get("EXPORT_ORGANIZATION") or "claimdesk",
            organization_url=config.get("EXPORT_ORGANIZATION_URL") or None,
            public_base_url=base, generated_at=generated_at,
        )


@dataclass(frozen=True)
class ClaimRecord:
    """One claim as the writers see it: loaded with its document and sources, and its history."""

    claim: Claim
    history: list[ClaimEvent]

    @property
    def document(self):
        return self.claim.document

    @property
    def last_event(self) -> ClaimEvent | None:
        return self.history[-1] if self.history else None

    def sources(self) -> list[dict]:
        """Who the claim's attributions name: the registry's canonical name for a named source,
        else the words of the text ("an official"); None for an implicit source."""
        found = []
        for attribution in self.claim.attributions:
            source = attribution.source
            found.append({
                "name": source.name if source is not None else attribution.source_text,
                "kind": attribution.source_kind, "named": attribution.source_named,
                "reliability": grading.source_reliability(source),
                "registry_id": source.id if source is not None else None,
            })
        return found


def claim_records(session: Session, where: ClaimFilter, batch: int = BATCH) -> Iterator[ClaimRecord]:
    """Every claim the filter selects, in reading order (document, then index)."""
    conditions = claim_conditions(where)
    after: tuple[int, int] | None = None
    while True:
        query = (
            select(Claim).where(*conditions)
            .options(selectinload(Claim.attributions).selectinload(Attribution.source),
                     selectinload(Claim.document))
            .order_by(Claim.document_id, Claim.index).limit(batch)
        )
        if after is not None:
            query = query.where(or_(Claim.document_id > after[0],
                                    and_(Claim.document_id == after[0], Claim.index > after[1])))
        claims = list(session.scalars(query))
        if not claims:
            return
        histories = _histories(session, [claim.id for claim in claims])
        for claim in claims:
            yield ClaimRecord(claim, histories.get(claim.id, []))
        after = (claims[-1].document_id, claims[-1].index)
        del claims, histories
        session.expunge_all()  # written: let the batch go


def _histories(session: Session, claim_ids: list[int]) -> dict[int, list[ClaimEvent]]:
    events: dict[int, list[ClaimEvent]] = {}
    query = (
        select(ClaimEvent).where(ClaimEvent.claim_id.in_(claim_ids))
        .options(selectinload(ClaimEvent.actor)).order_by(ClaimEvent.id)
    )
    for event in session.scalars(query):
        events.setdefault(event.claim_id, []).append(event)
    return events


def utc_iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with its offset (SQLite gives naive datetimes; they are UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
