"""Add, change and remove a claim's attributions.

Each edit is a compare-and-set on ``Claim.version`` like a review decision: the caller names the
version it read (If-Match), the claim row is locked, the version bumped, and the change written to
the claim's append-only history with the spans before and after. An analyst edits only a claim they
hold on lease; an editor or admin may edit any claim at any time, and the edit is recorded as theirs.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service import queue
from service.corrections import rebuild
from service.corrections.spans import Spans, check
from service.documents import valid_id
from service.errors import Conflict, LeaseHeld, NotFound, RuleViolation, StaleVersion, check_version
from service.models import Attribution, Claim, ClaimEvent, User, utcnow

UNSET = object()  # a field the edit does not touch (PATCH); None means "no source" / "no antecedent"


@dataclass(frozen=True)
class AttributionEdit:
    """Spans as (start, end) code-point offsets into the document text."""

    source: object = UNSET
    cue: object = UNSET
    content: object = UNSET
    kind: object = UNSET
    named: object = UNSET
    antecedent: object = UNSET
    given: frozenset = field(default_factory=frozenset)

    @classmethod
    def of(cls, body: dict) -> "AttributionEdit":
        def span(value):
            return None if value is None else (value["start"], value["end"])

        values = {}
        for name in ("source", "cue", "antecedent"):
            if name in body:
                values[name] = span(body[name])
        if "content" in body:
            values["content"] = tuple(span(piece) for piece in body["content"])
        for name in ("kind", "named"):
            if name in body:
                values[name] = body[name]
        return cls(**values, given=frozenset(values))


def add_attribution(session: Session, claim_id: int, user: User, edit: AttributionEdit, *,
                    based_on: Collection[int] | None, now: datetime | None = None) -> Attribution:
    now = now or utcnow()
    claim = _editable_claim(session, claim_id, user, based_on, now)
    missing = {name: ["Required."] for name in ("cue", "content") if name not in edit.given}
    if missing:
        raise RuleViolation("A new attribution needs a cue and content.", missing)
    attribution = Attribution(claim_id=claim.id, rule="analyst", confidence=1.0)
    _apply(claim, attribution, edit, user, now, new=True)
    claim.attributions.append(attribution)
    session.flush()
    rebuild.rebuild_claim(claim, claim.document.text)
    _record(session, claim, user, now, "attribution-add", None, attribution)
    return attribution


def change_attribution(session: Session, claim_id: int, attribution_id: int, user: User, edit: AttributionEdit, *,
                       based_on: Collection[int] | None, now: datetime | None = None) -> Attribution:
    now = now or utcnow()
    claim = _editable_claim(session, claim_id, user, based_on, now)
    attribution = _attribution_of(claim, attribution_id)
    before = snapshot(attribution)
    if not edit.given:
        raise RuleViolation("Nothing to change: give source, cue, content, kind, named or antecedent.",
                            {"body": ["Give at least one field."]})
    _apply(claim, attribution, edit, user, now, new=False)
    session.flush()
    rebuild.rebuild_claim(claim, claim.document.text)
    _record(session, claim, user, now, "attribution-edit", before, attribution)
    return attribution


def remove_attribution(session: Session, claim_id: int, attribution_id: int, user: User, *,
                       based_on: Collection[int] | None, now: datetime | None = None) -> Claim:
    now = now or utcnow()
    claim = _editable_claim(session, claim_id, user, based_on, now)
    attribution = _attribution_of(claim, attribution_id)
    before = snapshot(attribution)
    rebuild.unlink_registry(session, attribution)
    claim.attributions.remove(attribution)
    session.flush()
    rebuild.rebuild_claim(claim, claim.document.text)
    _record(session, claim, user, now, "attribution-delete", before, None)
    return claim


def snapshot(attribution: Attribution) -> dict:
    """What history keeps of an attribution: its spans and the source's reading."""
    source = None if attribution.source_start is None else [attribution.source_start, attribution.source_end]
    return {
        "id": attribution.id, "source": source, "cue": [attribution.cue_start, attribution.cue_end],
        "content": [list(piece) for piece in attribution.content], "kind": attribution.source_kind,
        "named": attribution.source_named, "antecedent": attribution.antecedent_text,
        "antecedent_span": None if attribution.antecedent_start is None
        else [attribution.antecedent_start, attribution.antecedent_end],
        "origin": attribution.origin,
    }


def _editable_claim(session, claim_id, user, based_on, now) -> Claim:
    claim = None
    if valid_id(claim_id):
        claim = session.scalar(select(Claim).where(Claim.id == claim_id).with_for_update(of=Claim)
                               .execution_options(populate_existing=True))
    if claim is None:
        raise NotFound(f"No claim {claim_id}.")
    check_version("claim", claim.id, claim.version, based_on, "correction")
    if user.role == "analyst" and not (queue.lease_is_live(claim, now) and claim.leased_by_id == user.id):
        if queue.lease_is_live(claim, now):
            raise LeaseHeld(f"Claim {claim.id} is leased to someone else; only they may correct it now.")
        raise Conflict(f"Lease claim {claim.id} from the queue before you correct it.")
    return claim


def _attribution_of(claim: Claim, attribution_id: int) -> Attribution:
    for attribution in claim.attributions:
        if attribution.id == attribution_id:
            return attribution
    raise NotFound(f"Claim {claim.id} has no attribution {attribution_id}.")


def _apply(claim: Claim, attribution: Attribution, edit: AttributionEdit, user: User, now, *, new: bool) -> None:
    text = claim.document.text
    old_source = None if new or attribution.source_start is None else (attribution.source_start, attribution.source_end)
    source = old_source if edit.source is UNSET else edit.source
    cue = None if new else (attribution.cue_start, attribution.cue_end)
    cue = cue if edit.cue is UNSET else edit.cue
    content = () if new else tuple(tuple(piece) for piece in attribution.content)
    content = content if edit.content is UNSET else edit.content
    antecedent = None if edit.antecedent is UNSET else edit.antecedent
    check(Spans(source, cue, content, antecedent), len(text), (claim.start, claim.end),
          cue_changed="cue" in edit.given)
    kind, named = _reading(text, attribution, edit, source, antecedent, new)
    attribution.source_start, attribution.source_end = source if source else (None, None)
    attribution.source_text = text[source[0]:source[1]][:1000] if source else None
    attribution.source_kind, attribution.source_named = kind, named and source is not None
    if edit.antecedent is not UNSET or source != old_source:
        attribution.antecedent_text = text[antecedent[0]:antecedent[1]][:1000] if antecedent else None
        attribution.antecedent_start, attribution.antecedent_end = antecedent if antecedent else (None, None)
    if new or "cue" in edit.given:
        attribution.cue_start, attribution.cue_end = cue
        attribution.cue_text = text[cue[0]:cue[1]][:500]
        attribution.cue_lemma = " ".join(attribution.cue_text.lower().split())[:100]
    attribution.content = [list(piece) for piece in content]
    attribution.origin, attribution.changed_by_id, attribution.changed_at = "analyst", user.id, now
    attribution.rule, attribution.confidence = "analyst", 1.0  # an analyst's reading is certain
    rebuild.link_registry(Session.object_session(claim), attribution)


def _reading(text, attribution, edit, source, antecedent, new) -> tuple[str, bool]:
    """Kind and named: as the analyst says; else as before while the source stands; else as classified."""
    if new or "source" in edit.given or "antecedent" in edit.given:
        kind, named = rebuild.classified(text, source, antecedent)
    else:
        kind, named = attribution.source_kind, attribution.source_named
    if edit.kind is not UNSET:
        if edit.kind not in rebuild.SOURCE_KINDS:
            raise RuleViolation(f"Unknown kind {edit.kind!r}.",
                                {"kind": [f"Must be one of: {', '.join(rebuild.SOURCE_KINDS)}."]})
        kind = edit.kind
    if edit.named is not UNSET:
        if edit.named and source is None:
            raise RuleViolation("An implicit source cannot be named.", {"named": ["Give a source span first."]})
        named = bool(edit.named)
    return kind, named


def _record(session: Session, claim: Claim, user: User, now, action: str, before, attribution) -> None:
    expected = claim.version
    result = session.execute(
        update(Claim).where(Claim.id == claim.id, Claim.version == expected)
        .values(version=expected + 1, updated_at=now).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleVersion(f"Claim {claim.id} was changed by someone else a moment ago.")
    claim.version, claim.updated_at = expected + 1, now
    after = snapshot(attribution) if attribution is not None else None
    session.add(ClaimEvent(
        claim_id=claim.id, version=claim.version, actor_id=user.id, at=now, action=action,
        from_status=claim.status, to_status=claim.status,
        change={"attribution_id": (after or before)["id"], "before": before, "after": after},
    ))
    session.flush()
