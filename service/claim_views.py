"""Claims as a response shows them, read with plain Core statements instead of ORM instances.

For the queue's hot path (``POST /api/queue/decide``): the claim columns come back from the
``UPDATE … RETURNING`` that decides or leases the claim, and one more statement reads the
attributions of every claim in the response with their registry entries and editors' names. The
result is a lightweight object with the attributes ``schemas.claims.ClaimSchema`` reads, so the
response is dumped by the same schema as ``GET /api/claims/<id>`` and looks exactly the same.
"""
from __future__ import annotations

import functools
from types import SimpleNamespace

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from service.documents import load_span_texts
from service.models import Attribution, Claim, Source, User

# Every column of ``claims``: what RETURNING and the plain SELECT below hand back.
CLAIM_COLUMNS = tuple(Claim.__table__.columns)
_ATTRIBUTION_COLUMNS = tuple(Attribution.__table__.columns)
_ENTRY_COLUMNS = (Source.id, Source.name, Source.kind, Source.reliability)


def claim_views(session: Session, rows: list, names: dict[int, str]) -> list[SimpleNamespace]:
    """One view per claim row (a mapping of CLAIM_COLUMNS; ``None`` stays ``None``), with
    attributions, registry entries and span texts; ``names`` maps user ids already known (the
    caller) to names, saving a lookup."""
    claims = [SimpleNamespace(**row, attributions=[]) for row in rows if row is not None]
    if not claims:
        return [None for _ in rows]
    by_id = {claim.id: claim for claim in claims}
    for row in session.connection().execute(_attributions_statement(), {"ids": list(by_id)}):
        by_id[row.claim_id].attributions.append(_attribution(row))
    _name_checkers(session, claims, names)
    load_span_texts(session, claims)
    views = iter(claims)
    return [None if row is None else next(views) for row in rows]


@functools.cache
def _attributions_statement():
    """The attributions of some claims (``ids``), with registry entries and editors' names."""
    editor = aliased(User)
    return (
        select(*_ATTRIBUTION_COLUMNS, *(c.label(f"entry_{c.key}") for c in _ENTRY_COLUMNS),
               editor.name.label("editor_name"))
        .outerjoin(Source, Source.id == Attribution.source_id)
        .outerjoin(editor, editor.id == Attribution.changed_by_id)
        .where(Attribution.claim_id.in_(bindparam("ids", expanding=True)))
        .order_by(Attribution.claim_id, Attribution.id)
    )


def _attribution(row) -> SimpleNamespace:
    values = {column.key: getattr(row, column.key) for column in _ATTRIBUTION_COLUMNS}
    entry = None
    if row.entry_id is not None:
        entry = SimpleNamespace(**{c.key: getattr(row, f"entry_{c.key}") for c in _ENTRY_COLUMNS})
    changed_by = SimpleNamespace(name=row.editor_name) if row.editor_name is not None else None
    return SimpleNamespace(**values, source=entry, changed_by=changed_by)


def _name_checkers(session: Session, claims: list[SimpleNamespace], names: dict[int, str]) -> None:
    """``checked_by`` as the schema reads it: an object with the analyst's ``name``."""
    unknown = {c.checked_by_id for c in claims if c.checked_by_id is not None} - set(names)
    if unknown:
        names = {**names, **dict(session.execute(select(User.id, User.name).where(User.id.in_(unknown))).all())}
    for claim in claims:
        claim.checked_by = SimpleNamespace(name=names[claim.checked_by_id]) if claim.checked_by_id else None
