"""Ingest: article text in, a stored Document with its Claims, Attributions and Sources out.

Two halves: ``prepare`` checks and extracts (pure, slow, no database), ``store`` writes (fast,
batched). One savepoint around the whole store: a failure anywhere leaves nothing behind, even when
the caller goes on to commit other work. The caller commits (views, CLI); this module only flushes.

Storing, per article (service.ingest_rows worked out its rows, words, band keys and registry plan
in ``prepare``): the document; ``sources.link_document`` links its attributions to the source
registry; the claims and the attributions go in with one INSERT … RETURNING each
(``service.bulk``, Core, no ORM objects); ``corroboration.match_claims`` matches the new claims
against the stored ones. The stored rows stay on the document (``new_claims``): the response
counts them.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import bulk, corroboration, extraction, ingest_rows, learning, sources
from service import source_names as names
from service.errors import Duplicate, RuleViolation
from service.ingest_rows import ATTRIBUTED, UNATTRIBUTED, UNNAMED_SOURCE, sourcing_of  # noqa: F401 (the API of ingest)
from service.models import Attribution, Claim, Document, User
from service.origins import origin_with


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
    draft: ingest_rows.Draft | None = None  # the rows to store (made by ``prepare``)


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
    ``extract``: the function that extracts and drafts the rows, text → (extraction, draft)
    (default ``ingest_rows.extract_and_draft``; the API passes ``service.offload``'s, which sends
    long texts to a worker process)."""
    if not isinstance(text, str) or not text.strip():
        raise RuleViolation("An article needs some text.", {"text": ["Must not be empty."]})
    _require_storable("text", text)
    text = normalise_text(text)
    meta = {"title": _clean("title", title), "url": _clean("url", url), "outlet": _clean("outlet", outlet),
            "published": _as_date(published)}
    if extracted is None:
        extract = extract or ingest_rows.extract_and_draft
        extracted, draft = extract(text) if model is None else extract(text, model=model.path)
    else:
        draft = ingest_rows.draft(text, extracted.claims)
    return Article(text=text, digest=content_hash(text), extraction=extracted,
                   extractor=learning.extractor_name(model), draft=draft, **meta)


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
                draft = article.draft
                if draft is None:
                    draft = ingest_rows.draft(article.text, article.extraction.claims)
                document.new_claims = _store_claims(session, document, draft)
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


def as_created(document: Document) -> Document:
    """The document as POST /api/documents answers it (schemas.documents.DocumentCreatedSchema),
    its claim count from the claims ``store`` has just inserted: nothing is read back."""
    document.claim_count = len(document.new_claims)
    return document


def _store_claims(session: Session, document: Document, draft: ingest_rows.Draft) -> list:
    if not draft.claims:
        return []
    # The registry first: the attributions go in with their links. Relayed reports' cited outlets
    # are looked up in the same query (their origin is the registry's name for them).
    relayed = {name: names.key(name, "media") for name in draft.relayed if name}
    entries = sources.link_document(session, document, draft.attributions, draft.links,
                                    lookups={key for key in relayed.values() if key})
    for claim in draft.claims:
        claim.document_id = document.id
    ids = bulk.insert_returning_ids(session, Claim.__table__, ingest_rows.claim_rows(draft.claims))
    for claim, claim_id in zip(draft.claims, ids):
        claim.id = claim_id
        for attribution in claim.attributions:
            attribution.claim_id = claim_id
    attributions = draft.attributions
    for attribution, attribution_id in zip(attributions, bulk.insert_returning_ids(
            session, Attribution.__table__, ingest_rows.attribution_rows(attributions))):
        attribution.id = attribution_id
    origins = [origin_with(claim.text, claim.attributions, document,
                           lambda name: entries.get(relayed.get(name, "")), lambda attribution: attribution.source)
               for claim in draft.claims]
    corroboration.match_claims(session, document.id, ids, draft.words, draft.keys, origins)
    return draft.claims


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
