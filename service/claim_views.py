"""One claim as the API shows it, read in one statement: GET and PATCH /api/claims/<id>.

The claim, its attributions, their registry entries and the names of the users involved come
in one query over plain columns (never the document's text), and are held in the small records
below, which have the attribute names of the ORM models: ``schemas.claims.ClaimSchema`` dumps
them as it dumps a ``Claim``. Building ORM instances for a single claim cost more than the rest
of the request together.

The statement is built once, here; SQLAlchemy then finds it compiled in its cache on every call.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from service.db import connection_of
from service.documents import load_span_texts, valid_id
from service.errors import NotFound
from service.models import Attribution, Claim, Source, User
from service.prepared import Prepared


class Person(NamedTuple):
    id: int
    name: str


class Entry(NamedTuple):
    """A registry entry as a claim shows it (schemas.ratings.SourceEntrySchema)."""
    id: int
    name: str
    kind: str
    reliability: str | None


@dataclass
class AttributionView:
    id: int
    source_id: int | None
    source_start: int | None
    source_end: int | None
    source_text: str | None
    source_kind: str
    source_named: bool
    antecedent_text: str | None
    antecedent_start: int | None
    antecedent_end: int | None
    cue_start: int
    cue_end: int
    cue_text: str
    cue_lemma: str
    content: list
    rule: str
    confidence: float
    origin: str | None
    changed_at: datetime | None
    changed_by: Person | None
    source: Entry | None
    span_texts: list[str] | None = None


@dataclass
class ClaimView:
    id: int
    document_id: int
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    statement: str
    sourcing: int
    status: str
    credibility: int
    version: int
    updated_at: datetime
    checked_at: datetime | None
    checked_by: Person | None
    leased_by_id: int | None
    leased_until: datetime | None
    leased_by: Person | None
    attributions: list[AttributionView] = field(default_factory=list)


_claims, _attributions, _sources = Claim.__table__, Attribution.__table__, Source.__table__
_checker, _leaser, _changer = (User.__table__.alias(name) for name in ("checker", "leaser", "changer"))
_CLAIM_COLUMNS = [_claims.c[name] for name in (
    "id", "document_id", "index", "paragraph", "start", "end", "text", "statement", "sourcing", "status",
    "credibility", "version", "updated_at", "checked_at", "checked_by_id", "leased_by_id", "leased_until")]
_ATTRIBUTION_COLUMNS = [_attributions.c[name] for name in (
    "id", "source_id", "source_start", "source_end", "source_text", "source_kind", "source_named",
    "antecedent_text", "antecedent_start", "antecedent_end", "cue_start", "cue_end", "cue_text",
    "cue_lemma", "content", "rule", "confidence", "origin", "changed_at", "changed_by_id")]
_OTHER_COLUMNS = [_checker.c.name, _leaser.c.name, _changer.c.name,
                  _sources.c.name, _sources.c.kind, _sources.c.reliability]

_CLAIM_QUERY = (
    select(*_CLAIM_COLUMNS, *_ATTRIBUTION_COLUMNS, *_OTHER_COLUMNS)
    .select_from(
        _claims
        .outerjoin(_checker, _checker.c.id == _claims.c.checked_by_id)
        .outerjoin(_leaser, _leaser.c.id == _claims.c.leased_by_id)
        .outerjoin(_attributions, _attributions.c.claim_id == _claims.c.id)
        .outerjoin(_changer, _changer.c.id == _attributions.c.changed_by_id)
        .outerjoin(_sources, _sources.c.id == _attributions.c.source_id)
    )
    .where(_claims.c.id == bindparam("claim_id"))
    .order_by(_attributions.c.id)
)
_READ, _READ_LOCKED = Prepared(_CLAIM_QUERY), Prepared(_CLAIM_QUERY.with_for_update(of=_claims))  # SQLite: no lock
_CLAIM_WIDTH, _ATTRIBUTION_WIDTH = len(_CLAIM_COLUMNS), len(_ATTRIBUTION_COLUMNS)


def read_claim(session: Session | Connection, claim_id: int, *, lock: bool = False) -> ClaimView:
    """The claim with its attributions (each with its span texts), or NotFound. ``lock``: lock
    the claim's row until the transaction ends (PostgreSQL's FOR UPDATE)."""
    rows = []
    if valid_id(claim_id):
        rows = (_READ_LOCKED if lock else _READ).rows(connection_of(session), {"claim_id": claim_id})
    if not rows:
        raise NotFound(f"No claim {claim_id}.")
    claim = _claim(rows[0])
    claim.attributions = [_attribution(row) for row in rows if row[_CLAIM_WIDTH] is not None]
    return load_span_texts(session, [claim])[0]


def _person(person_id, name) -> Person | None:
    return Person(person_id, name) if person_id is not None else None


def _claim(row) -> ClaimView:
    (claim_id, document_id, index, paragraph, start, end, text, statement, sourcing, status, credibility,
     version, updated_at, checked_at, checked_by_id, leased_by_id, leased_until) = row[:_CLAIM_WIDTH]
    checker, leaser = row[_CLAIM_WIDTH + _ATTRIBUTION_WIDTH:][:2]
    return ClaimView(claim_id, document_id, index, paragraph, start, end, text, statement, sourcing, status,
                     credibility, version, updated_at, checked_at, _person(checked_by_id, checker),
                     leased_by_id, leased_until, _person(leased_by_id, leaser))


def _attribution(row) -> AttributionView:
    values = row[_CLAIM_WIDTH:_CLAIM_WIDTH + _ATTRIBUTION_WIDTH]
    changer, source_name, source_kind, reliability = row[_CLAIM_WIDTH + _ATTRIBUTION_WIDTH + 2:]
    source_id, changed_by_id = values[1], values[-1]
    entry = Entry(source_id, source_name, source_kind, reliability) if source_id is not None else None
    return AttributionView(*values[:-1], changed_by=_person(changed_by_id, changer), source=entry)
