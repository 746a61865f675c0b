"""Read side of the registry: list and search entries, one entry with its track record, grade
history and documents, and the claims that cite it.

The suggested grade (docs/sources.md) is derived from the track record and never applied by
itself: an editor's grade is the only grade a source has.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import distinct, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from service import ratings
from service import source_names as names
from service.documents import MAX_OFFSET, valid_id
from service.errors import NotFound
from service.models import STATUSES, Attribution, Claim, Document, Source, SourceAlias, SourceEvent

MIN_DECIDED = 5  # fewer decided claims than this: the suggestion is F, cannot be judged
A_MIN_DECIDED = 20  # "completely reliable" needs a long record, not five lucky claims
THRESHOLDS = (("B", 0.75), ("C", 0.5), ("D", 0.25))
SORTS = ("claims", "-claims", "name", "-name", "id")


@dataclass
class Record:
    confirmed: int = 0
    disputed: int = 0
    inconclusive: int = 0
    unreviewed: int = 0

    @property
    def decided(self) -> int:
        return self.confirmed + self.disputed + self.inconclusive

    @property
    def claims(self) -> int:
        return self.decided + self.unreviewed


def suggested_grade(record: Record) -> str:
    """The grade the record suggests: the share of decided claims that were confirmed
    (inconclusive ones count as decided but not confirmed). Under MIN_DECIDED decided: F."""
    if record.decided < MIN_DECIDED:
        return "F"
    share = record.confirmed / record.decided
    if share >= 0.9 and record.decided >= A_MIN_DECIDED:
        return "A"
    for grade, least in THRESHOLDS:
        if share >= least:
            return grade
    return "E"


@dataclass(frozen=True)
class SourceFilter:
    q: str | None = None
    kind: str | None = None
    reliability: tuple[str, ...] = field(default_factory=tuple)
    sort: str = "-claims"


def claim_count_sql():
    return (
        select(func.count(distinct(Attribution.claim_id))).where(Attribution.source_id == Source.id)
        .correlate(Source).scalar_subquery()
    )


def list_sources(session: Session, where: SourceFilter, offset: int, limit: int) -> tuple[list[Source], int]:
    """A page of live entries (merged ones are tombstones) and the total; each carries ``claim_count``."""
    conditions = [Source.merged_into_id.is_(None)]
    if where.q and where.q.strip():
        needle = names.key(where.q) or names.fold(where.q).strip()
        conditions.append(or_(
            func.lower(Source.name).contains(where.q.strip().lower(), autoescape=True),
            exists().where(SourceAlias.source_id == Source.id, SourceAlias.key.contains(needle, autoescape=True)),
        ))
    if where.kind:
        conditions.append(Source.kind == where.kind)
    if where.reliability:
        graded = [g for g in where.reliability if g != "F"]
        conditions.append(or_(Source.reliability.in_(graded),
                              *([Source.reliability.is_(None), Source.reliability == "F"] if "F" in where.reliability else [])))
    total = session.scalar(select(func.count(Source.id)).where(*conditions))
    if offset > MAX_OFFSET:
        return [], total
    count = claim_count_sql()
    order = {"claims": (count, Source.id), "-claims": (count.desc(), Source.id), "name": (func.lower(Source.name), Source.id),
             "-name": (func.lower(Source.name).desc(), Source.id), "id": (Source.id,)}[where.sort]
    rows = session.execute(select(Source, count).where(*conditions).order_by(*order).offset(offset).limit(limit))
    found = []
    for source, claims in rows:
        source.claim_count = claims
        found.append(source)
    return found, total


def get_source(session: Session, source_id: int) -> Source:
    source = None
    if valid_id(source_id):
        source = session.scalar(select(Source).where(Source.id == source_id).options(selectinload(Source.aliases)))
    if source is None:
        raise NotFound(f"No source {source_id}.")
    return source


def track_record(session: Session, source_id: int) -> Record:
    """How many of the claims citing the entry are in each status, across all documents."""
    rows = session.execute(
        select(Claim.status, func.count(distinct(Claim.id)))
        .join(Attribution, Attribution.claim_id == Claim.id)
        .where(Attribution.source_id == source_id).group_by(Claim.status)
    )
    return Record(**{status: count for status, count in rows if status in STATUSES})


def track_records(session: Session, source_ids: list[int]) -> dict[int, Record]:
    """Track records of several entries in one query (the review page shows one per source)."""
    records = {source_id: Record() for source_id in source_ids}
    if not source_ids:
        return records
    rows = session.execute(
        select(Attribution.source_id, Claim.status, func.count(distinct(Claim.id)))
        .join(Claim, Attribution.claim_id == Claim.id)
        .where(Attribution.source_id.in_(source_ids)).group_by(Attribution.source_id, Claim.status)
    )
    for source_id, status, count in rows:
        if status in STATUSES:
            setattr(records[source_id], status, count)
    return records


def documents_of(session: Session, source_id: int) -> list[dict]:
    """The documents whose claims cite the entry, with how many claims each."""
    rows = session.execute(
        select(Document.id, Document.title, Document.outlet, func.count(distinct(Claim.id)))
        .join(Claim, Claim.document_id == Document.id).join(Attribution, Attribution.claim_id == Claim.id)
        .where(Attribution.source_id == source_id).group_by(Document.id, Document.title, Document.outlet)
        .order_by(Document.id)
    )
    return [{"id": i, "title": t, "outlet": o, "claims": n} for i, t, o, n in rows]


def source_claims(session: Session, source_id: int, offset: int, limit: int) -> tuple[list[Claim], int]:
    """A page of the claims citing the entry, in reading order, and their total."""
    get_source(session, source_id)
    cites = exists().where(Attribution.claim_id == Claim.id, Attribution.source_id == source_id)
    total = session.scalar(select(func.count(Claim.id)).where(cites))
    if offset > MAX_OFFSET:
        return [], total
    query = (
        select(Claim).where(cites).options(selectinload(Claim.attributions).selectinload(Attribution.source),
                                           selectinload(Claim.document))
        .order_by(Claim.document_id, Claim.index).offset(offset).limit(limit)
    )
    return list(session.scalars(query)), total


def history(session: Session, source_id: int) -> list[SourceEvent]:
    """Every change of the entry, oldest first."""
    return list(session.scalars(
        select(SourceEvent).where(SourceEvent.source_id == source_id)
        .options(selectinload(SourceEvent.actor)).order_by(SourceEvent.id)
    ))


def grade_history(events: list[SourceEvent]) -> list[dict]:
    """The grades an entry was given, oldest first: grade, reason, who, when."""
    grades = []
    for event in events:
        after = (event.payload or {}).get("after", {})
        if "reliability" in after:
            grades.append({"reliability": after["reliability"] or "F", "graded": after["reliability"] is not None,
                           "reason": event.reason, "by": event.actor.name if event.actor else None,
                           "at": event.at, "event_id": event.id, "action": event.action})
    return grades


def alias_names(source: Source) -> list[str]:
    """Distinct names the entry goes by, besides its canonical name, in the order first met."""
    seen, found = {names.fold(source.name)}, []
    for alias in source.aliases:
        if names.fold(alias.name) not in seen:
            seen.add(names.fold(alias.name))
            found.append(alias.name)
    return found


def detail(session: Session, source: Source) -> dict:
    """Everything GET /api/sources/<id> and the source page show about one entry."""
    record = track_record(session, source.id)
    grades = grade_history(history(session, source.id))
    reliability = ratings.reliability_of(source)
    return {
        "id": source.id, "name": source.name, "kind": source.kind, "named": source.named,
        "reliability": reliability, "graded": source.reliability is not None,
        "reliability_reason": source.reliability_reason, "tags": [ratings.misp_reliability(reliability)],
        "version": source.version, "merged_into_id": source.merged_into_id, "updated_at": source.updated_at,
        "aliases": alias_names(source), "record": record, "claim_count": record.claims,
        "suggested_reliability": suggested_grade(record), "reliability_history": grades,
        "documents": documents_of(session, source.id),
    }
