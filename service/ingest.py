"""Ingest: article text in, a stored Document with its Claims, Attributions and Sources out.

Two halves: ``prepare`` checks and extracts (pure, slow, no database), ``store`` writes (fast,
batched). One savepoint around the whole store: a failure anywhere leaves nothing behind, even when the
caller goes on to commit other work. The caller commits (views, CLI); this module only flushes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import bulk, extraction, sources
from service.errors import Duplicate, RuleViolation
from service.models import Attribution, Claim, Document, User, utcnow

# Claim.sourcing: the queue reviews weakly sourced claims first.
UNNAMED_SOURCE, ATTRIBUTED, UNATTRIBUTED = 0, 1, 2


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """An article checked and extracted, ready to store: made without touching the database."""
    text: str
    digest: str
    extraction: extraction.Extraction
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None


def prepare(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: date | str | None = None,
    extracted: extraction.Extraction | None = None,
    extract=None,
) -> Article:
    """Check an article and extract its claims: the slow, pure half of ingest, run before any
    transaction opens, so no other request's write ever waits on an extraction. ``extracted``:
    an extraction of ``text`` made earlier (bulk loads that store one text many times);
    ``extract``: the function that extracts (default ``extraction.extract``; the API passes
    ``service.offload``'s, which sends long texts to a worker process)."""
    if not isinstance(text, str) or not text.strip():
        raise RuleViolation("An article needs some text.", {"text": ["Must not be empty."]})
    _require_storable("text", text)
    meta = {"title": _clean("title", title), "url": _clean("url", url), "outlet": _clean("outlet", outlet),
            "published": _as_date(published)}
    if extracted is None:
        extracted = (extract or extraction.extract)(text)
    found = extracted
    return Article(text=text, digest=content_hash(text), extraction=found, **meta)


def store(session: Session, article: Article, *, user: User | None = None) -> Document:
    """Store a prepared article with its claims, attributions and sources; raise Duplicate if
    the same text is stored."""
    return store_many(session, [article], user=user)[0]


def store_many(session: Session, articles: list[Article], *, user: User | None = None) -> list[Document]:
    """Store prepared articles, all or none: one batched INSERT each for their documents, claims
    and attributions, however many articles. Duplicate if one of them is stored already (or
    given twice)."""
    digests = [article.digest for article in articles]
    _refuse_duplicates(session, digests)
    if len(set(digests)) < len(digests):
        raise Duplicate("The same text was given twice.", {"text": ["Given twice."]})
    try:
        with session.begin_nested():
            stored = [
                Document(title=a.title, url=a.url, outlet=a.outlet, published=a.published, text=a.text,
                         content_hash=a.digest, ingested_by_id=user.id if user is not None else None)
                for a in articles
            ]
            session.add_all(stored)
            session.flush()
            registry = sources.resolve(session, (name for a in articles for name in _named_sources(a.extraction)))
            session.flush()
            _insert_claims(session, registry, [(d.id, a.extraction.claims) for d, a in zip(stored, articles)])
    except IntegrityError:
        # Lost a race with a concurrent ingest of the same text (the unique content_hash).
        _refuse_duplicates(session, digests)
        raise
    return stored


def ingest_text(
    session: Session,
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: date | str | None = None,
    user: User | None = None,
    extract=None,
) -> Document:
    """Extract claims from ``text`` and store them; raise Duplicate if the same text is stored.

    Extraction runs before the session is used; a caller that holds a write transaction open
    (SQLite's lock) should end it first (see service.api.documents)."""
    article = prepare(text, title=title, url=url, outlet=outlet, published=published, extract=extract)
    return store(session, article, user=user)


def _refuse_duplicates(session: Session, digests: list[str]) -> None:
    existing = session.scalar(select(Document.id).where(Document.content_hash.in_(digests)).limit(1))
    if existing is not None:
        raise Duplicate(
            f"This text was ingested already as document {existing}.",
            {"document_id": existing},
        )


def _named_sources(result: extraction.Extraction):
    for claim in result.claims:
        for attribution in claim.attributions:
            source = attribution.source
            if source.span is not None and source.named:
                yield source.span.text, source.kind


def _insert_claims(session: Session, registry: dict, documents: list[tuple[int, tuple]]) -> None:
    now = utcnow()
    found_claims = [(document_id, found) for document_id, claims in documents for found in claims]
    if not found_claims:
        return
    rows = [
        {"document_id": document_id, "index": found.index, "paragraph": found.paragraph,
         "start": found.sentence.start, "end": found.sentence.end, "text": found.sentence.text,
         "statement": found.statement, "sourcing": sourcing_of(found), "status": "unreviewed",
         "version": 1, "created_at": now, "updated_at": now}
        for document_id, found in found_claims
    ]
    # One statement for all rows (service.bulk), then the ids read back through the unique
    # (document_id, index): cheaper than an INSERT … RETURNING with thousands of placeholders.
    bulk.insert_rows(session, Claim.__table__, rows)
    ids = dict(((d, i), claim_id) for claim_id, d, i in session.execute(
        select(Claim.id, Claim.document_id, Claim.index)
        .where(Claim.document_id.in_({document_id for document_id, _claims in documents}))
    ))
    attributions = [
        _attribution_row(registry, ids[(document_id, found.index)], attribution)
        for document_id, found in found_claims for attribution in found.attributions
    ]
    if attributions:
        bulk.insert_rows(session, Attribution.__table__, attributions)


def sourcing_of(found: extraction.Claim) -> int:
    if not found.attributions:
        return UNATTRIBUTED
    if any(a.source.span is None or not a.source.named for a in found.attributions):
        return UNNAMED_SOURCE
    return ATTRIBUTED


def _attribution_row(registry: dict, claim_id: int, found: extraction.Attribution) -> dict:
    source, span = found.source, found.source.span
    registered = None
    if span is not None and source.named:
        registered = registry.get((sources.normalise_key(span.text), source.kind))
    return {
        "claim_id": claim_id,
        "source_id": registered.id if registered is not None else None,
        "source_start": span.start if span else None,
        "source_end": span.end if span else None,
        # The text columns cache what the offsets say; keep them within their column sizes.
        "source_text": span.text[:1000] if span else None,
        "source_kind": source.kind,
        "source_named": bool(source.named and span is not None),
        "antecedent_text": source.antecedent.text[:1000] if source.antecedent else None,
        "cue_start": found.cue.start, "cue_end": found.cue.end, "cue_text": found.cue.text[:500],
        "cue_lemma": found.cue_lemma[:100],
        "content": [[s.start, s.end] for s in found.content],
        "rule": found.rule[:100], "confidence": float(found.confidence),
    }


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
