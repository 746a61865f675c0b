"""Editors' aliases of registry entries: add, remove and restore names, and refuse a name that
already leads to another entry (merge the two instead). Used by service.source_edits."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import source_names as names
from service.errors import Conflict, RuleViolation
from service.models import Source, SourceAlias
from service.sources import GLOBAL


def add(session: Session, source: Source, name: str) -> dict:
    """Add a global alias an editor gave; Conflict when the name leads to another entry."""
    key = names.key(name, source.kind)
    if not key:
        raise RuleViolation("An alias needs a name.", {"add_aliases": [f"{name!r} holds no name."]})
    refuse_taken(session, key, None, allowed={source.id})
    alias = SourceAlias(source_id=source.id, scope=GLOBAL, key=key, name=name.strip()[:300], origin="editor")
    existing = session.scalar(select(SourceAlias).where(SourceAlias.scope == GLOBAL, SourceAlias.key == key,
                                                        SourceAlias.name == alias.name))
    if existing is not None:
        return as_dict(existing)
    session.add(alias)
    session.flush()
    return as_dict(alias)


def remove(session: Session, source: Source, removed: list[str]) -> list[dict]:
    """Remove the entry's aliases with these names (any scope); their rows, for the history."""
    keys = {names.key(n, source.kind) for n in removed}
    if source.key in keys:
        raise RuleViolation("The canonical name cannot be removed; rename the source instead.",
                            {"remove_aliases": [f"{source.name!r} is the canonical name."]})
    rows = [a for a in source.aliases if a.key in keys]
    missing = keys - {a.key for a in rows}
    if missing:
        raise RuleViolation("Remove only names this source goes by.",
                            {"remove_aliases": [f"Not an alias: {', '.join(sorted(missing))}."]})
    gone = [as_dict(a) for a in rows]
    for row in rows:
        source.aliases.remove(row)
    session.flush()
    return gone


def restore(session: Session, source: Source, alias: dict) -> dict:
    """Put back an alias removed earlier (a revert)."""
    taken = session.scalar(select(SourceAlias.source_id).where(SourceAlias.scope == alias["scope"],
                                                               SourceAlias.key == alias["key"]))
    if taken is not None and taken != source.id and alias["scope"] == GLOBAL:
        raise Conflict(f"{alias['name']!r} names source {taken} now; it cannot come back here.")
    row = SourceAlias(source_id=source.id, scope=alias["scope"], key=alias["key"], name=alias["name"],
                      origin=alias["origin"])
    session.add(row)
    session.flush()
    return as_dict(row)


def as_dict(alias: SourceAlias) -> dict:
    return {"id": alias.id, "scope": alias.scope, "key": alias.key, "name": alias.name, "origin": alias.origin}


def refuse_taken(session: Session, key: str, kind: str | None, allowed: set[int]) -> None:
    """Conflict when ``key`` already leads to another entry (a global alias), or another entry,
    even a merged one, holds it as its own key with ``kind``."""
    owner = session.scalar(select(SourceAlias.source_id).where(SourceAlias.scope == GLOBAL, SourceAlias.key == key)
                           .order_by(SourceAlias.id).limit(1))
    if owner is None and kind is not None:
        owner = session.scalar(select(Source.id).where(Source.key == key, Source.kind == kind,
                                                       Source.id.not_in(allowed or {0})).limit(1))
    if owner is not None and owner not in allowed:
        raise Conflict(f"That name already leads to source {owner}; merge the two instead, or revert the merge "
                       "that made it a name of another source.", {"source_id": owner})
