"""Merge suggestions: pairs of live entries that are probably one source, with their evidence.

The rule (docs/sources.md), on normalised keys (titles, articles, possessives already gone):

* ``short-form``: two persons, one name a shorter form of the other ending in the same surname
  ("Zarif" / "Mohammad Javad Zarif", "Baradar" / "Abdul Ghani Baradar"). Two full names that
  differ ("Imran Khan" / "Sadiq Khan") are never suggested: sharing a surname is not evidence.
* ``same-core``: two outlets or organizations whose names are equal without their generic words
  ("Tasnim news" / "Tasnim News Agency" → "tasnim").
* ``same-name``: the same key under different kinds (the extractor's kind is a guess).

Exact key matches never reach this list: they link automatically when a document is ingested.
Pairs an editor split apart or marked distinct are not suggested again.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import source_edits
from service import source_names as names
from service.models import Source, SourceAlias

ORG_KINDS = ("media", "organization")


@dataclass(frozen=True)
class Suggestion:
    source: Source  # the entry to merge (the shorter or newer name)
    into: Source  # the entry to keep
    rule: str
    evidence: str


def suggestions(session: Session, source_id: int | None = None, limit: int = 200) -> list[Suggestion]:
    """Merge candidates among live entries (or those involving ``source_id``), best evidence first."""
    entries = list(session.scalars(select(Source).where(Source.merged_into_id.is_(None)).order_by(Source.id)))
    keys = defaultdict(set)  # entry id → its global keys (canonical name and global aliases)
    for source_key, owner in session.execute(
        select(SourceAlias.key, SourceAlias.source_id).where(SourceAlias.scope == "global")
    ):
        keys[owner].add(source_key)
    for entry in entries:
        keys[entry.id].add(entry.key)
    apart = source_edits.kept_apart(session)
    by_last, by_core = defaultdict(list), defaultdict(list)
    for entry in entries:
        for key in keys[entry.id]:
            if entry.kind == "person" and key:
                by_last[key.split()[-1]].append((entry, key))
            if entry.kind in ORG_KINDS and names.core(key):
                by_core[names.core(key)].append((entry, key))
    found: dict[tuple[int, int], Suggestion] = {}
    for group in by_last.values():
        for a, a_key in group:
            for b, b_key in group:
                if a.id != b.id and names.abbreviates(a_key, b_key):
                    _offer(found, apart, a, b, "short-form", f"{a.name!r} is a shorter form of {b.name!r}")
    for core, group in by_core.items():
        for a, a_key in group:
            for b, b_key in group:
                if a.id != b.id and len(a_key) < len(b_key):
                    _offer(found, apart, a, b, "same-core", f"{a.name!r} and {b.name!r} are both {core!r}")
    by_key = defaultdict(list)
    for entry in entries:
        by_key[entry.key].append(entry)
    for group in by_key.values():
        for a in group[1:]:
            _offer(found, apart, a, group[0], "same-name", f"{a.name!r} is also a {group[0].kind}")
    result = [s for s in found.values() if source_id is None or source_id in (s.source.id, s.into.id)]
    order = {"same-name": 0, "same-core": 1, "short-form": 2}
    return sorted(result, key=lambda s: (order[s.rule], s.into.id, s.source.id))[:limit]


def _offer(found, apart, source, into, rule, evidence) -> None:
    pair = (min(source.id, into.id), max(source.id, into.id))
    if pair not in apart and pair not in found:
        found[pair] = Suggestion(source, into, rule, evidence)
