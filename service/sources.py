"""The source registry: which entry an attribution's source is, across all documents.

Public calls for other modules:

* ``link_document(session, document)``: ingest calls this once, after the claims are flushed.
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

from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import source_names as names
from service.models import Attribution, Claim, Document, Source, SourceAlias, SourceEvent, utcnow

GLOBAL = "global"


def document_scope(document_id: int) -> str:
    return f"doc:{document_id}"


@dataclass(frozen=True)
class Mention:
    """What an attribution's source says about its identity: the name to look up and the kind."""

    name: str
    kind: str  # person, organization, media, other, collective
    key: str


def mention_of(attribution: Attribution) -> Mention | None:
    """The registry mention of an attribution, or None when its source is anonymous or implicit."""
    text = attribution.source_text
    if not text:
        return None
    kind = attribution.source_kind
    if not attribution.source_named or names.is_generic(text):
        if attribution.antecedent_text:  # a pronoun: it counts for whom it refers to
            text = attribution.antecedent_text
            kind = "person" if names.fold(attribution.source_text) in ("he", "she", "i") else kind
        elif names.unnamed_kind(text) == "collective":
            kind = "collective"
        else:
            return None
    key = names.key(text, kind)
    return Mention(names.display_name(text, kind), kind, key) if key else None


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


def link_document(session: Session, document: Document, attributions: list[Attribution] | None = None) -> None:
    """Link the attributions of a freshly stored document to their registry entries: one query
    for the entries that exist, one savepoint for the new ones, one insert for this document's
    short forms (an article cites dozens of sources; one round trip each was half of ingest).
    ``attributions``: the document's rows before they are stored (ingest passes them, so each
    is inserted with its link); by default those stored for the document, in reading order."""
    if attributions is None:
        attributions = list(session.scalars(
            select(Attribution).join(Claim).where(Claim.document_id == document.id).order_by(Attribution.id)
        ))
    mentions = [mention_of(a) for a in attributions]  # by position: new rows have no id yet
    cited = [m for m in mentions if m is not None]
    if not cited:
        return
    written = _written_person_forms(document.text)
    groups = _in_document_groups(document.text, cited + written, written)
    fulls = {groups.get(m.key, m).key: groups.get(m.key, m) for m in cited}
    entries = _entries_for(session, list(fulls.values()))
    scope, forms = document_scope(document.id), {}
    for full in fulls.values():
        # every way this document writes the name ("Mullah Baradar") is an alias here
        for form in written:
            if form.key != full.key and form.key in groups and groups[form.key].key == full.key \
                    or form.key == full.key and form.name != entries[full.key].name:
                forms.setdefault((form.key, form.name), entries[full.key].id)
    for attribution, mention in zip(attributions, mentions):
        if mention is not None:
            full = groups.get(mention.key, mention)
            attribution.source_id = entries[full.key].id
            if mention.key != full.key:
                forms.setdefault((mention.key, mention.name[:300]), entries[full.key].id)
    # a fresh document's scope holds nothing yet, and nobody else writes to it
    session.add_all(SourceAlias(source_id=source_id, scope=scope, key=key, name=name[:300], origin="short-form")
                    for (key, name), source_id in forms.items())
    session.flush()


def _entries_for(session: Session, mentions: list[Mention]) -> dict[str, Source]:
    """The entries for many full-name mentions by key: existing ones in one query, new ones in
    one savepoint (one by one only when a concurrent ingest registered some of them first)."""
    wanted = {m.key: m for m in mentions}
    found = {}
    with session.no_autoflush:
        rows = session.execute(
            select(SourceAlias.key, Source).join(Source, Source.id == SourceAlias.source_id)
            .where(SourceAlias.scope == GLOBAL, SourceAlias.key.in_(list(wanted))).order_by(SourceAlias.id)
        )
        for key, entry in rows:
            found.setdefault(key, entry)
    missing = [m for key, m in wanted.items() if key not in found]
    try:
        with session.begin_nested():
            created = {m.key: _new_entry(m) for m in missing}
            session.add_all(created.values())
            session.flush()
            session.add_all(SourceAlias(source_id=entry.id, scope=GLOBAL, key=key, name=entry.name,
                                        origin="extracted") for key, entry in created.items())
            session.flush()
        found.update(created)
    except IntegrityError:
        for mention in missing:
            found[mention.key] = _find_or_create(session, mention)
    return {key: live_entry(session, entry.id) if entry.merged_into_id else entry for key, entry in found.items()}


def _new_entry(mention: Mention) -> Source:
    now = utcnow()
    return Source(key=mention.key, name=mention.name, kind=mention.kind, named=mention.kind != "collective",
                  version=1, created_at=now, updated_at=now)


def _written_person_forms(text: str) -> list[Mention]:
    forms = {}
    for _offset, run in names.full_names(text):
        key = names.key(run, "person")
        if key:
            forms.setdefault((key, run), Mention(names.name_part(run), "person", key))
    return list(forms.values())


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
            written = _written_person_forms(document.text)
            full = _in_document_groups(document.text, [mention] + written, written).get(mention.key, mention)
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


def _in_document_groups(text: str, mentions: list[Mention], written: list[Mention]) -> dict[str, Mention]:
    """Short form key → the full-name mention it abbreviates in this document (unique or none);
    ``written``: the person names the document writes (``_written_person_forms``)."""
    fulls: dict[str, Mention] = {}
    for form in written:
        if " " in form.key:
            fulls.setdefault(form.key, Mention(names.display_name(form.name, "person"), "person", form.key))
    for mention in mentions:
        fulls.setdefault(mention.key, mention)
    groups = {}
    for mention in {m.key: m for m in mentions}.values():
        if mention.kind == "person":
            found = [f for f in fulls.values() if names.abbreviates(mention.key, f.key)]
        elif mention.kind in ("media", "organization"):
            found = [f for f in fulls.values() if f.kind == mention.kind and f.key != mention.key
                     and names.core(f.key) == names.core(mention.key) and f.key.startswith(mention.key)]
        else:
            found = []
        # keep the longest forms; two different ones (Imran Khan, Sadiq Khan) leave "Khan" alone
        longest = [f for f in found if not any(names.abbreviates(f.key, g.key) for g in found)]
        if len({f.key for f in longest}) == 1:
            groups[mention.key] = longest[0] if mention.kind != "person" else \
                Mention(longest[0].name, "person", longest[0].key)
    return groups


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
