"""Ingest: article text in, a stored Document with its Claims, Attributions and Sources out.

Two halves: ``prepare`` checks and extracts (pure, slow, no database), ``store`` writes (fast,
batched). One savepoint around the whole store: a failure anywhere leaves nothing behind, even when
the caller goes on to commit other work. The caller commits (views, CLI); this module only flushes.

Storing, per article: the document; its attributions are linked to the source registry by one call,
``sources.link_document``, before anything of them is inserted; then the claims and attributions go
in with one batched INSERT each (``service.bulk``, Core, no ORM objects); last
``corroboration.match_document`` matches the new claims against the stored ones.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import bulk, corroboration, extraction, learning, sources
from service.errors import Duplicate, RuleViolation
from service.models import Attribution, Claim, Document, User, utcnow

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
    extractor: str = "rules"  # what Document.extractor records (learning.extractor_name)


def prepare(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: date | str | None = None,
    model: learning.InstanceModel | None = None,
    extracted: extraction.Extraction | None = None,
    extract=None,
) -> Article:
    """Check an article and extract its claims: the slow, pure half of ingest, run before any
    transaction opens, so no other request's write ever waits on an extraction.

    ``model``: the instance's trained model, whose finds are added to the rules'. ``extracted``:
    an extraction of ``text`` made earlier (bulk loads that store one text many times);
    ``extract``: the function that extracts (default ``extraction.extract``; the API passes
    ``service.offload``'s, which sends long texts to a worker process)."""
    if not isinstance(text, str) or not text.strip():
        raise RuleViolation("An article needs some text.", {"text": ["Must not be empty."]})
    _require_storable("text", text)
    text = normalise_text(text)
    meta = {"title": _clean("title", title), "url": _clean("url", url), "outlet": _clean("outlet", outlet),
            "published": _as_date(published)}
    if extracted is None:
        extract = extract or extraction.extract
        extracted = extract(text) if model is None else extract(text, model=model.path)
    return Article(text=text, digest=content_hash(text), extraction=extracted,
                   extractor=learning.extractor_name(model), **meta)


def store(session: Session, article: Article, *, user: User | None = None) -> Document:
    """Store a prepared article with its claims, attributions and sources; raise Duplicate if
    the same text is stored."""
    return store_many(session, [article], user=user)[0]


def store_many(session: Session, articles: list[Article], *, user: User | None = None) -> list[Document]:
    """Store prepared articles, all or none: per article one batched INSERT for its claims and one
    for its attributions. Duplicate if one of them is stored already (or given twice)."""
    digests = [article.digest for article in articles]
    _refuse_duplicates(session, digests)
    if len(set(digests)) < len(digests):
        raise Duplicate("The same text was given twice.", {"text": ["Given twice."]})
    try:
        with session.begin_nested():
            stored = [
                Document(title=a.title, url=a.url, outlet=a.outlet, published=a.published, text=a.text,
                         content_hash=a.digest, ingested_by_id=user.id if user is not None else None,
                         extractor=a.extractor)
                for a in articles
            ]
            session.add_all(stored)
            session.flush()
            for document, article in zip(stored, articles):
                _insert_claims(session, document, article.extraction.claims)
                corroboration.match_document(session, document)
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
    model: learning.InstanceModel | None = None,
    extract=None,
) -> Document:
    """Extract claims from ``text`` and store them; raise Duplicate if the same text is stored.

    ``model``: the instance's trained model, whose finds are added to the rules' (recorded in
    ``Document.extractor``). Extraction runs before the session is used; a caller that holds a
    write transaction open (SQLite's lock) should end it first (see service.api.documents)."""
    article = prepare(text, title=title, url=url, outlet=outlet, published=published, model=model,
                      extract=extract)
    return store(session, article, user=user)


def _refuse_duplicates(session: Session, digests: list[str]) -> None:
    existing = session.scalar(select(Document.id).where(Document.content_hash.in_(digests)).limit(1))
    if existing is not None:
        raise Duplicate(
            f"This text was ingested already as document {existing}.",
            {"document_id": existing},
        )


_ATTRIBUTION_COLUMNS = [column.key for column in Attribution.__table__.columns if column.key != "id"]


def _insert_claims(session: Session, document: Document, found_claims) -> None:
    if not found_claims:
        return
    now = utcnow()
    rows = [
        {"document_id": document.id, "index": found.index, "paragraph": found.paragraph,
         "start": found.sentence.start, "end": found.sentence.end, "text": found.sentence.text,
         "statement": found.statement, "sourcing": sourcing_of(found), "status": "unreviewed",
         "credibility": 6, "version": 1, "created_at": now, "updated_at": now}
        for found in found_claims
    ]
    # The registry links first, on unsaved attributions (sources.link_document sets source_id).
    linked = [(found.index, _attribution(a)) for found in found_claims for a in found.attributions]
    sources.link_document(session, document, [attribution for _index, attribution in linked])
    # One statement for all rows (service.bulk), then the ids read back through the unique
    # (document_id, index): cheaper than an INSERT … RETURNING with thousands of placeholders.
    bulk.insert_rows(session, Claim.__table__, rows)
    ids = dict(session.execute(select(Claim.index, Claim.id).where(Claim.document_id == document.id)).all())
    attributions = []
    for index, attribution in linked:
        attribution.claim_id = ids[index]
        attributions.append({key: getattr(attribution, key) for key in _ATTRIBUTION_COLUMNS})
    if attributions:
        bulk.insert_rows(session, Attribution.__table__, attributions)


def sourcing_of(found: extraction.Claim) -> int:
    if not found.attributions:
        return UNATTRIBUTED
    if any(a.source.span is None or not a.source.named for a in found.attributions):
        return UNNAMED_SOURCE
    return ATTRIBUTED


def _attribution(found: extraction.Attribution) -> Attribution:
    """An unsaved attribution (never added to the session: its row is inserted in bulk)."""
    source, span = found.source, found.source.span
    return Attribution(
        source_id=None,
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
        origin="extracted", changed_by_id=None, changed_at=None,
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
