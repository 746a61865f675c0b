"""Ingest: article text in, a stored Document with its Claims, Attributions and Sources out.

Registry links are made by one call, ``sources.link_document``, before the claims are inserted.

One savepoint around the whole ingest: a failure anywhere leaves nothing behind, even when the
caller goes on to commit other work. The caller commits (views, CLI); this module only flushes.
"""
from __future__ import annotations

import hashlib
import unicodedata
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import corroboration, extraction, learning, sources
from service.errors import Duplicate, RuleViolation
from service.models import Attribution, Claim, Document, User

# Claim.sourcing: the queue reviews weakly sourced claims first.
UNNAMED_SOURCE, ATTRIBUTED, UNATTRIBUTED = 0, 1, 2


def normalise_text(text: str) -> str:
    """The one form an article is stored and hashed in, whatever the door (API, CLI, first start):
    Unicode NFC (a composed é and e + combining accent are the same article) without edge white
    space (two trailing spaces do not make a new article)."""
    return unicodedata.normalize("NFC", text).strip()


def content_hash(text: str) -> str:
    """SHA-256 of the text; callers pass it through ``normalise_text`` first."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ingest_text(
    session: Session,
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: date | str | None = None,
    user: User | None = None,
    model: learning.InstanceModel | None = None,
) -> Document:
    """Extract claims from ``text`` and store them; raise Duplicate if the same text is stored.

    ``model``: the instance's trained model, whose finds are added to the rules' (recorded in
    ``Document.extractor``)."""
    if not isinstance(text, str) or not text.strip():
        raise RuleViolation("An article needs some text.", {"text": ["Must not be empty."]})
    _require_storable("text", text)
    text = normalise_text(text)
    digest = content_hash(text)
    _refuse_duplicate(session, digest)
    result = extraction.extract(text, model=model.path if model is not None else None)
    try:
        with session.begin_nested():
            document = Document(
                title=_clean("title", title), url=_clean("url", url), outlet=_clean("outlet", outlet),
                published=_as_date(published), text=text, content_hash=digest,
                ingested_by_id=user.id if user is not None else None, extractor=learning.extractor_name(model),
            )
            session.add(document)
            session.flush()
            claims = [_claim_row(document, found) for found in result.claims]
            sources.link_document(session, document, [a for claim in claims for a in claim.attributions])
            session.add_all(claims)
            session.flush()
            corroboration.match_document(session, document)
    except IntegrityError:
        # Lost a race with a concurrent ingest of the same text (the unique content_hash).
        _refuse_duplicate(session, digest)
        raise
    return document


def _refuse_duplicate(session: Session, digest: str) -> None:
    existing = session.scalar(select(Document.id).where(Document.content_hash == digest))
    if existing is not None:
        raise Duplicate(
            f"This text was ingested already as document {existing}.",
            {"document_id": existing},
        )


def _claim_row(document: Document, found: extraction.Claim) -> Claim:
    claim = Claim(
        document_id=document.id, index=found.index, paragraph=found.paragraph,
        start=found.sentence.start, end=found.sentence.end, text=found.sentence.text,
        statement=found.statement, sourcing=sourcing_of(found),
        status="unreviewed", version=1,
    )
    claim.attributions = [_attribution_row(a) for a in found.attributions]
    return claim


def sourcing_of(found: extraction.Claim) -> int:
    if not found.attributions:
        return UNATTRIBUTED
    if any(a.source.span is None or not a.source.named for a in found.attributions):
        return UNNAMED_SOURCE
    return ATTRIBUTED


def _attribution_row(found: extraction.Attribution) -> Attribution:
    source, span = found.source, found.source.span
    return Attribution(
        source_start=span.start if span else None,
        source_end=span.end if span else None,
        # The text columns cache what the offsets say; keep them within their column sizes.
        source_text=span.text[:1000] if span else None,
        source_kind=source.kind,
        source_named=bool(source.named and span is not None),
        antecedent_text=source.antecedent.text[:1000] if source.antecedent else None,
        antecedent_start=source.antecedent.start if source.antecedent else None,
        antecedent_end=source.antecedent.end if source.antecedent else None,
        cue_start=found.cue.start, cue_end=found.cue.end, cue_text=found.cue.text[:500],
        cue_lemma=found.cue_lemma[:100],
        content=[[s.start, s.end] for s in found.content],
        rule=found.rule[:100], confidence=float(found.confidence),
    )


_MAX_LENGTH = {"title": 500, "url": 2000, "outlet": 200}  # the columns' sizes


def _clean(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > _MAX_LENGTH[name]:
        raise RuleViolation(
            f"Bad {name}.", {name: [f"Must be a string of at most {_MAX_LENGTH[name]} characters."]}
        )
    _require_storable(name, value)
    return value.strip() or None


def _require_storable(name: str, value: str) -> None:
    """No NUL (PostgreSQL refuses it) and no lone surrogate (not encodable as UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RuleViolation(f"Bad {name}.", {name: ["Must be valid Unicode."]}) from None
    if "\x00" in value:
        raise RuleViolation(f"Bad {name}.", {name: ["Must not contain NUL characters."]})


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        raise RuleViolation(
            f"Not a date: {value!r}.", {"published": ["Use YYYY-MM-DD."]}
        ) from None
