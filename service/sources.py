"""The source registry: which entry an attribution's source is, across all documents.

Public calls for other modules:

* ``link_document(session, document, attributions, plan)``: ingest calls this once per article,
  before its claims and attributions are inserted (``source_mentions.plan_links`` made ``plan``).
* ``link_attribution(session, attribution)``: (re)link one attribution after its source changed.
* ``unlink_attribution(session, attribution)``: before deleting or re-pointing an attribution; an
  entry nobody cites any more, and that no editor touched, is removed (no dangling rows).
* ``resolve_source(session, attribution)`` / ``canonical_id``: the entry (or its id) an
  attribution counts for; None for an anonymous or implicit source.

The linking rule (docs/sources.md):

1. Named sources, pronouns with a named antecedent, and collective descriptions ("Iranian media")
   are looked up; anonymous ones ("an official", "reports") and implicit ones never are.
2. Inside one document a person's short form links to the one full name it abbreviates
   ("Baradar", "Mullah Baradar" → "Mullah Abdul Ghani Baradar Akund"); the short form becomes an
   alias scoped to that document only, so "Baradar" elsewhere is not silently taken for him.
3. Across documents only the exact normalised key of a global alias links automatically; near
   matches are merge suggestions (:mod:`service.source_suggestions`).
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import bulk
from service import source_names as names
from service.models import Attribution, Claim, Document, Source, SourceAlias, SourceEvent, utcnow
from service.source_mentions import LinkPlan, Mention, in_document_groups, mention_of, written_person_forms

GLOBAL = "global"
CHUNK = 900  # keys per lookup: far below SQLite's 32766 bound parameters


def document_scope(document_id: int) -> str:
    return f"doc:{document_id}"


def is_anonymous(attribution: Attribution) -> bool:
    """True for a source that names nobody ("an official", "reports") or none at all."""
    return attribution.source_id is None


def resolve_source(session: Session, attribution: Attribution) -> Source | None:
    """The registry entry an attribution counts for (a merged entry's survivor), or None."""
    if attribution.source_id is None:
        return None
    return live_entry(session, attribution.source_id)


def canonical_id(session: Session, attribution: Attribution) -> int | None:
    entry = resolve_source(session, attribution)
    return entry.id if entry is not None else None


def live_entry(session: Session, source_id: int) -> Source | None:
    """Follow merges to the surviving entry (merges move links, so this is a safeguard)."""
    entry = session.get(Source, source_id)
    seen = set()
    while entry is not None and entry.merged_into_id is not None and entry.id not in seen:
        seen.add(entry.id)
        entry = session.get(Source, entry.merged_into_id)
    return entry


def link_document(session: Session, document: Document, attributions: list, plan: LinkPlan,
                  lookups: Collection[str] = ()) -> dict[str, Entry]:
    """Link the attributions of a document being stored to their registry entries: one query for
    the entries that exist, one savepoint for the new ones, one insert for this document's short
    forms (an article cites dozens of sources; one round trip each was half of ingest).

    ``attributions``: ingest's drafts, not yet inserted (each gets ``source_id`` and ``source``,
    the entry); ``plan``: ``source_mentions.plan_links`` of them, made before the transaction.
    ``lookups``: further keys to find but never create (a relayed report's cited outlet).
    Returns the entries found or made, by key."""
    fulls = plan.fulls
    entries = _entries_for(session, list(fulls.values()), lookups)
    if not fulls:
        return entries
    scope, forms = document_scope(document.id), {}
    for full in fulls.values():
        # every way this document writes the name ("Mullah Baradar") is an alias here
        for form in plan.written:
            if form.key != full.key and form.key in plan.groups and plan.groups[form.key].key == full.key \
                    or form.key == full.key and form.name != entries[full.key].name:
                forms.setdefault((form.key, form.name), entries[full.key].id)
    for attribution, mention in zip(attributions, plan.mentions):
        attribution.source_id, attribution.source = None, None
        if mention is not None:
            full = plan.full(mention)
            attribution.source_id, attribution.source = entries[full.key].id, entries[full.key]
            if mention.key != full.key:
                forms.setdefault((mention.key, mention.name[:300]), entries[full.key].id)
    # a fresh document's scope holds nothing yet, and nobody else writes to it
    bulk.insert_rows(session, SourceAlias.__table__, [
        {"source_id": source_id, "scope": scope, "key": key, "name": name[:300], "origin": "short-form"}
        for (key, name), source_id in forms.items()
    ])
    return entries


@dataclass(frozen=True)
class Entry:
    """A registry entry as ingest links and shows it (SourceEntrySchema reads these fields)."""

    id: int
    name: str
    kind: str
    reliability: str | None = None

    @classmethod
    def of(cls, source: Source) -> Entry:
        return cls(source.id, source.name, source.kind, source.reliability)


def _entries_for(session: Session, mentions: list[Mention], lookups: Collection[str] = ()) -> dict[str, Entry]:
    """The entries for many full-name mentions by key, and for ``lookups`` if they exist:
    existing ones in one query, new ones in one savepoint (one by one only when a concurrent
    ingest registered some of them first)."""
    wanted = {m.key: m for m in mentions}
    keys = sorted(set(wanted) | set(lookups))
    found, merged = {}, set()
    for start in range(0, len(keys), CHUNK):
        rows = session.connection().execute(
            select(SourceAlias.key, Source.id, Source.name, Source.kind, Source.reliability, Source.merged_into_id)
            .join(Source, Source.id == SourceAlias.source_id)
            .where(SourceAlias.scope == GLOBAL, SourceAlias.key.in_(keys[start:start + CHUNK]))
            .order_by(SourceAlias.id)
        )
        for row in rows:
            if row.key not in found:
                found[row.key] = Entry(row.id, row.name, row.kind, row.reliability)
                if row.merged_into_id is not None:
                    merged.add(row.key)
    for key in merged:  # merges move links, so this is a safeguard
        found[key] = Entry.of(live_entry(session, found[key].id))
    missing = [m for key, m in wanted.items() if key not in found]
    if not missing:
        return found
    now = utcnow()
    try:
        with session.begin_nested():
            ids = bulk.insert_returning_ids(session, Source.__table__, [
                {"key": m.key, "name": m.name, "kind": m.kind, "named": m.kind != "collective", "version": 1,
                 "created_at": now, "updated_at": now} for m in missing
            ])
            bulk.insert_rows(session, SourceAlias.__table__, [
                {"source_id": source_id, "scope": GLOBAL, "key": m.key, "name": m.name, "origin": "extracted"}
                for m, source_id in zip(missing, ids)
            ])
        found.update((m.key, Entry(source_id, m.name, m.kind)) for m, source_id in zip(missing, ids))
    except IntegrityError:
        for mention in missing:
            found[mention.key] = Entry.of(_find_or_create(session, mention))
    return found


def _new_entry(mention: Mention) -> Source:
    now = utcnow()
    return Source(key=mention.key, name=mention.name, kind=mention.kind, named=mention.kind != "collective",
                  version=1, created_at=now, updated_at=now)


def link_attribution(session: Session, attribution: Attribution) -> Source | None:
    """(Re)link one attribution from its current source fields; the old entry is pruned if no
    one cites it any more. Returns the new entry, None for an anonymous or implicit source."""
    previous = attribution.source_id
    mention = mention_of(attribution)
    entry = None
    if mention is not None:
        document = session.get(Claim, attribution.claim_id).document
        entry = _alias_entry(session, document_scope(document.id), mention.key)
        if entry is None:
            written = written_person_forms(document.text)
            full = in_document_groups([mention] + written, written).get(mention.key, mention)
            entry = _find_or_create(session, full)
            if full.key != mention.key:
                _add_alias(session, entry, document_scope(document.id), mention, "short-form")
    attribution.source_id = entry.id if entry is not None else None
    session.flush()
    if previous is not None and previous != attribution.source_id:
        prune(session, previous)
    return entry


def unlink_attribution(session: Session, attribution: Attribution) -> None:
    """Drop an attribution's link (call before deleting it); prune the entry if now unused."""
    previous = attribution.source_id
    attribution.source_id = None
    session.flush()
    if previous is not None:
        prune(session, previous)


def prune(session: Session, source_id: int) -> bool:
    """Remove an entry that nothing cites and no editor touched (no history, no grade, no
    editor alias, no merged tombstones). Returns whether it was removed."""
    entry = session.get(Source, source_id)
    if entry is None or entry.reliability is not None:
        return False
    used = session.scalar(select(or_(
        exists().where(Attribution.source_id == source_id),
        exists().where(SourceEvent.source_id == source_id),
        exists().where(Source.merged_into_id == source_id),
        exists().where(SourceAlias.source_id == source_id, SourceAlias.origin == "editor"),
    )))
    if used:
        return False
    session.delete(entry)
    session.flush()
    return True


def get_or_create(session: Session, name: str, kind: str) -> Source | None:
    """The entry for a name as written ("Tasnim news"), created on first sight; None if empty."""
    key = names.key(name, kind)
    if not key:
        return None
    return _find_or_create(session, Mention(names.display_name(name, kind), kind, key))


def find_by_name(session: Session, name: str, kind: str = "other") -> Source | None:
    """The entry a name links to across documents (its exact normalised key), if any."""
    key = names.key(name, kind)
    return _alias_entry(session, GLOBAL, key) if key else None


def _alias_entry(session: Session, scope: str, key: str) -> Source | None:
    source_id = session.scalar(
        select(SourceAlias.source_id).where(SourceAlias.scope == scope, SourceAlias.key == key)
        .order_by(SourceAlias.id).limit(1)
    )
    return live_entry(session, source_id) if source_id is not None else None


def _find_or_create(session: Session, mention: Mention) -> Source:
    entry = _alias_entry(session, GLOBAL, mention.key)
    if entry is not None:
        return entry
    # A concurrent ingest may add the same name between our select and insert (PostgreSQL);
    # the savepoint keeps the caller's transaction usable, and the second select finds theirs.
    try:
        with session.begin_nested():
            entry = _new_entry(mention)
            session.add(entry)
            session.flush()
            session.add(SourceAlias(source_id=entry.id, scope=GLOBAL, key=mention.key, name=mention.name,
                                    origin="extracted"))
        return entry
    except IntegrityError:
        entry = _alias_entry(session, GLOBAL, mention.key)
        if entry is None:
            entry = session.scalar(select(Source).where(Source.key == mention.key, Source.kind == mention.kind))
        if entry is None:
            raise
        return entry


def _add_alias(session: Session, entry: Source, scope: str, mention: Mention, origin: str) -> None:
    """Record a written form; a key already leading elsewhere in this scope is left alone."""
    taken = session.scalars(select(SourceAlias).where(SourceAlias.scope == scope, SourceAlias.key == mention.key))
    for alias in taken:
        if alias.source_id != entry.id or alias.name == mention.name:
            return
    try:
        with session.begin_nested():
            session.add(SourceAlias(source_id=entry.id, scope=scope, key=mention.key, name=mention.name[:300],
                                    origin=origin))
    except IntegrityError:
        pass  # a concurrent writer added the same form: theirs stands
