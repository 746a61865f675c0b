"""Editors change the registry: grade, rename, re-kind, add or remove aliases, merge, split, and
revert any of these. Every change is one row of ``source_events`` (who, when, why, before and
after) and can be reverted by a later change.

Concurrency: each call locks the entries it touches (``FOR UPDATE`` in id order on PostgreSQL;
SQLite's ``BEGIN IMMEDIATE`` serialises writers), checks the caller's version (If-Match) and bumps
every touched entry with a compare-and-set, so of two concurrent edits of one entry exactly one
wins and the other gets StaleVersion. A merge or split moves its rows in the same transaction.
"""
from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service import source_names as names
from service import source_aliases
from service import users
from service.errors import Conflict, NotFound, RuleViolation, StaleVersion, check_version
from service.models import Attribution, Source, SourceAlias, SourceEvent, User, utcnow
from service.sources import GLOBAL, mention_of

KINDS = ("person", "organization", "media", "other", "collective")
GRADES = ("A", "B", "C", "D", "E", "F")


def update_source(session: Session, source_id: int, user: User, changes: dict, *, reason: str | None,
                  based_on: Collection[int] | None) -> Source:
    """Apply ``changes`` (reliability, kind, name, add_aliases, remove_aliases) to an entry."""
    (source,) = _begin(session, user, [source_id], based_on, reason)
    before, after = {}, {}
    if "reliability" in changes and changes["reliability"] != source.reliability:
        _check_choice("reliability", changes["reliability"], GRADES, allow_none=True)
        before["reliability"], after["reliability"] = source.reliability, changes["reliability"]
    if "kind" in changes and changes["kind"] != source.kind:
        _check_choice("kind", changes["kind"], KINDS)
        before["kind"], after["kind"] = source.kind, changes["kind"]
    if "name" in changes and changes["name"].strip() != source.name:
        before["name"], after["name"] = source.name, changes["name"].strip()
    added = [n for n in changes.get("add_aliases") or [] if n.strip()]
    removed = [n for n in changes.get("remove_aliases") or [] if n.strip()]
    if not (after or added or removed):
        return source  # nothing differs: no new version, no history
    _apply_fields(session, source, after, reason)
    alias_changes = {"added": [source_aliases.add(session, source, n) for n in added],
                     "removed": source_aliases.remove(session, source, removed)}
    _record(session, user, source, "edit", reason, {"before": before, "after": after, **alias_changes})
    return source


def merge(session: Session, source_id: int, into_id: int, user: User, *, reason: str | None,
          based_on: Collection[int] | None) -> Source:
    """Merge entry ``source_id`` into ``into_id``: its aliases and citations move; it stays as a
    tombstone pointing at the survivor, so the merge can be reverted. Returns the survivor."""
    if source_id == into_id:
        raise Conflict("A source cannot be merged into itself.", {"into": ["Must be another source."]})
    source, target = _begin(session, user, [source_id, into_id], based_on, reason)
    moved = _move(session, source, target, alias_ids=None, attribution_ids=None)
    source.merged_into_id = target.id
    payload = {"from": source.id, "into": target.id, **moved}
    _record(session, user, source, "merged", reason, payload)
    _record(session, user, target, "merge", reason, payload)
    return target


def keep_apart(session: Session, source_id: int, other_id: int, user: User, *, reason: str | None,
               based_on: Collection[int] | None) -> Source:
    """Record that two entries are different sources, so the pair is never suggested for a merge
    again ("Mohammad Khan" is not "Imran Khan"). Both get a ``distinct`` event; nothing moves.
    Marking a pair twice changes nothing. Returns ``source_id``'s entry."""
    if source_id == other_id:
        raise Conflict("A source is always the same as itself.", {"other": ["Must be another source."]})
    source, other = _begin(session, user, [source_id, other_id], based_on, reason)
    if (min(source_id, other_id), max(source_id, other_id)) in kept_apart(session):
        return source
    payload = {"from": source.id, "into": other.id}
    _record(session, user, source, "distinct", reason, payload)
    _record(session, user, other, "distinct", reason, payload)
    return source


def kept_apart(session: Session) -> set[tuple[int, int]]:
    """Pairs (lower id first) that an editor separated: by a split, by reverting a merge, or by
    marking them distinct. Merge suggestions leave these out."""
    pairs = set()
    for payload, in session.execute(
        select(SourceEvent.payload).where(SourceEvent.action.in_(("split", "revert", "distinct")))
    ):
        a, b = (payload or {}).get("from"), (payload or {}).get("into")
        if isinstance(a, int) and isinstance(b, int):
            pairs.add((min(a, b), max(a, b)))
    return pairs


def split(session: Session, source_id: int, user: User, *, aliases: list[str], name: str | None,
          kind: str | None, reason: str | None, based_on: Collection[int] | None) -> Source:
    """Split the names ``aliases`` (and the claims citing the entry by them) off into a new entry.
    Returns the new entry."""
    (source,) = _begin(session, user, [source_id], based_on, reason)
    kind = kind or source.kind
    _check_choice("kind", kind, KINDS)
    keys = {names.key(a, source.kind) for a in aliases} - {""}
    own = {alias.key for alias in source.aliases}
    if not keys or not keys <= own:
        raise RuleViolation("Split off names this source goes by.",
                            {"aliases": [f"Not names of source {source.id}: {', '.join(sorted(keys - own)) or '(none)'}."]})
    if source.key in keys:
        raise RuleViolation("The canonical name stays with the source; rename it first.",
                            {"aliases": [f"{source.name!r} is the canonical name."]})
    new_name = (name or next(a.name for a in source.aliases if a.key in keys)).strip()
    new_key = names.key(new_name, kind)
    if not new_key:
        raise RuleViolation("The new source needs a name.", {"name": ["Must contain a name."]})
    source_aliases.refuse_taken(session, new_key, None, allowed={source.id} if new_key in keys else set())
    fresh, revived = _entry_for_split(session, source, new_key, new_name, kind)
    alias_ids = [a.id for a in source.aliases if a.key in keys]
    attribution_ids = [a.id for a in _cited_by(session, source.id) if (m := mention_of(a)) and m.key in keys]
    moved = _move(session, source, fresh, alias_ids=alias_ids, attribution_ids=attribution_ids)
    if new_key not in keys:
        session.add(SourceAlias(source_id=fresh.id, scope=GLOBAL, key=new_key, name=new_name, origin="editor"))
    payload = {"from": source.id, "into": fresh.id, **moved}
    _record(session, user, source, "split", reason, payload)
    _record(session, user, fresh, "split-from", reason, payload, bump=revived)
    return fresh


def _entry_for_split(session, source, key: str, name: str, kind: str) -> tuple[Source, bool]:
    """A new entry, or the tombstone of an entry once merged into ``source`` under that name
    (it comes back, with its grade history)."""
    now = utcnow()
    existing = session.scalar(select(Source).where(Source.key == key, Source.kind == kind)
                              .with_for_update(of=Source).execution_options(populate_existing=True))
    if existing is not None:
        if existing.merged_into_id != source.id:
            raise Conflict(f"That name belongs to source {existing.id}; merge the two instead.",
                           {"source_id": existing.id})
        existing.merged_into_id, existing.name = None, name[:300]
        return existing, True
    fresh = Source(key=key, name=name[:300], kind=kind, named=kind != "collective", version=1,
                   created_at=now, updated_at=now)
    session.add(fresh)
    session.flush()
    return fresh, False


def revert(session: Session, source_id: int, event_id: int, user: User, *, reason: str | None,
           based_on: Collection[int] | None) -> Source:
    """Undo one earlier change of the entry (an edit, a merge into it, or a split from it)."""
    event = session.get(SourceEvent, event_id) if isinstance(event_id, int) and 0 < event_id < 2**31 else None
    if event is None or event.source_id != source_id:
        raise NotFound(f"Source {source_id} has no change {event_id}.")
    if event.action == "distinct":
        raise RuleViolation("A pair marked distinct stays apart; merge the two sources if they are one.",
                            {"event_id": ["Not revertible."]})
    if event.action not in ("edit", "merge", "split"):
        counterpart = (event.payload or {}).get("into" if event.action == "merged" else "from")
        raise RuleViolation(f"Revert this {event.action} on source {counterpart}, where it was made.",
                            {"event_id": ["Not revertible here."]})
    if session.scalar(select(SourceEvent.id).where(SourceEvent.reverts_id == event.id)):
        raise Conflict(f"Change {event.id} was reverted already.")
    if event.action == "edit":
        return _revert_edit(session, source_id, event, user, reason, based_on)
    payload = event.payload
    # both moved rows from "from" to "into": undoing moves them back, whichever it was
    back_to_id, back_from_id = payload["from"], payload["into"]
    locked = {s.id: s for s in _begin(session, user, sorted({source_id, back_to_id, back_from_id}), based_on, reason,
                                      main=source_id, live=False)}
    back_to, back_from = locked[back_to_id], locked[back_from_id]
    if event.action == "merge" and back_to.merged_into_id != back_from.id:
        raise Conflict(f"Source {back_to.id} is no longer merged into {back_from.id}.")
    for entry in (back_from,) if event.action == "merge" else (back_from, back_to):
        if entry.merged_into_id is not None:
            raise Conflict(f"Source {entry.id} has been merged since; revert that first.")
    moved = _move(session, back_from, back_to, alias_ids=payload["aliases"], attribution_ids=payload["attributions"])
    if event.action == "merge":
        back_to.merged_into_id = None  # the tombstone lives again
    else:
        back_from.merged_into_id = back_to.id  # the split-off entry becomes a tombstone
    result = {"from": back_from.id, "into": back_to.id, **moved}
    for entry in (back_to, back_from):
        _record(session, user, entry, "revert", reason, result, reverts=event.id if entry.id == source_id else None)
    return locked[source_id]


def _revert_edit(session, source_id, event, user, reason, based_on) -> Source:
    (source,) = _begin(session, user, [source_id], based_on, reason)
    payload = event.payload
    before, after = payload.get("after", {}), payload.get("before", {})
    _apply_fields(session, source, after, reason)
    removed = []
    for alias in payload.get("added", []):
        row = session.get(SourceAlias, alias["id"])
        if row is not None and row.source_id == source.id:
            removed.append(source_aliases.as_dict(row))
            session.delete(row)
    added = [source_aliases.restore(session, source, alias) for alias in payload.get("removed", [])]
    _record(session, user, source, "revert", reason,
            {"before": before, "after": after, "added": added, "removed": removed}, reverts=event.id)
    return source


def _check_choice(name: str, value, choices, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if value not in choices:
        raise RuleViolation(f"Bad {name} {value!r}.", {name: [f"Must be one of: {', '.join(choices)}."]})


def _begin(session, user, ids, based_on, reason, *, main=None, live=True) -> list[Source]:
    """Role, reason and version checks, then the entries locked in id order (callers' order kept)."""
    users.require_role(user, "editor")
    main = ids[0] if main is None else main
    locked = {s.id: s for s in session.scalars(
        select(Source).where(Source.id.in_(sorted(set(ids)))).order_by(Source.id)
        .with_for_update(of=Source).execution_options(populate_existing=True)
    )} if all(isinstance(i, int) and 0 < i < 2**31 for i in ids) else {}
    for source_id in ids:
        if source_id not in locked:
            raise NotFound(f"No source {source_id}.")
    check_version("source", main, locked[main].version, based_on, "change")
    if not (reason or "").strip():
        raise RuleViolation("Say why: every change to a source is recorded with its reason.",
                            {"reason": ["Required."]})
    if live:
        for source_id in ids:
            if locked[source_id].merged_into_id is not None:
                raise Conflict(f"Source {source_id} was merged into source {locked[source_id].merged_into_id}.")
    return [locked[i] for i in ids]


def _record(session, user, source, action, reason, payload, *, reverts=None, bump=True) -> None:
    if bump:
        _bump(session, source)
    session.add(SourceEvent(source_id=source.id, version=source.version, actor_id=user.id, at=utcnow(),
                            action=action, reason=reason.strip(), payload=payload, reverts_id=reverts))
    session.flush()


def _bump(session, source) -> None:
    # The compare-and-set itself: whatever the lock did, a concurrent winner makes rowcount 0.
    expected = source.version
    result = session.execute(
        update(Source).where(Source.id == source.id, Source.version == expected)
        .values(version=expected + 1, updated_at=utcnow()).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleVersion(f"Source {source.id} was changed by someone else a moment ago.")
    source.version = expected + 1


def _apply_fields(session, source, values: dict, reason: str | None = None) -> None:
    if "kind" in values:
        source.kind = values["kind"]
        source.named = values["kind"] != "collective"
    if "reliability" in values:
        source.reliability = values["reliability"]
        source.reliability_reason = reason
    if "name" in values:
        new_key = names.key(values["name"], source.kind)
        if not new_key:
            raise RuleViolation("A source needs a name.", {"name": ["Must contain a name."]})
        source_aliases.refuse_taken(session, new_key, source.kind, allowed={source.id})
        source.name, source.key = values["name"][:300], new_key
        if not any(a.key == new_key and a.scope == GLOBAL for a in source.aliases):
            source.aliases.append(SourceAlias(scope=GLOBAL, key=new_key, name=source.name, origin="editor"))
    session.flush()


def _cited_by(session, source_id: int) -> list[Attribution]:
    return list(session.scalars(select(Attribution).where(Attribution.source_id == source_id).order_by(Attribution.id)))


def _move(session, source, target, *, alias_ids, attribution_ids) -> dict:
    """Move aliases and citations from ``source`` to ``target`` (all of them when ids are None);
    returns the ids moved, for the history and a later revert."""
    aliases = [a.id for a in source.aliases if alias_ids is None or a.id in set(alias_ids)]
    citations = [a.id for a in _cited_by(session, source.id) if attribution_ids is None or a.id in set(attribution_ids)]
    if aliases:
        session.execute(update(SourceAlias).where(SourceAlias.id.in_(aliases)).values(source_id=target.id)
                        .execution_options(synchronize_session=False))
    if citations:
        session.execute(update(Attribution).where(Attribution.id.in_(citations)).values(source_id=target.id)
                        .execution_options(synchronize_session=False))
    session.expire_all()
    return {"aliases": aliases, "attributions": citations}
