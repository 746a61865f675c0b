"""Ingest by URL: fetch the page, read the article out of it, then store it as ``ingest`` does.

The slow part (fetch and extraction) needs no database, so callers do it before any write
transaction opens: a slow site never holds the SQLite writer lock. The steps are separate for that
reason: ``refuse_known`` (cheap, before fetching), ``read_page`` (no database), ``store_page``.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import ingest
from service.articles import Article, read_article
from service.errors import Duplicate, RuleViolation
from service.fetch import FetchPolicy, fetch
from service.models import Document, User

DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL = 2000  # the url columns' size


def url_key(url: str) -> str:
    """SHA-256 of the URL with what does not change the page left out: scheme and host case,
    a default port, the fragment; an empty path is ``/``."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    normal = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def refuse_known(session: Session, *urls: str) -> None:
    """Raise Duplicate (409) naming the document if any of ``urls`` was ingested (asked or landed on)."""
    keys = {url_key(url) for url in urls if url}
    existing = session.scalar(
        select(Document.id).where(or_(Document.url_key.in_(keys), Document.final_url_key.in_(keys)))
        .order_by(Document.id).limit(1)
    )
    if existing is not None:
        raise Duplicate(f"This URL was ingested already as document {existing}.", {"document_id": existing})


def read_page(url: str, policy: FetchPolicy) -> Article:
    """Fetch and extract: FetchRefused, FetchFailed or RuleViolation when there is no article."""
    return read_article(fetch(url, policy))


def store_page(session: Session, article: Article, *, user: User | None = None, model=None, extract=None,
               **given) -> Document:
    """Store the article (``given`` title, outlet or published override what the page said).
    Its claims are extracted first, before the session is used (``ingest.prepare``)."""
    if len(article.final_url) > MAX_URL:
        raise RuleViolation(f"The page's address after redirects is longer than {MAX_URL} characters.",
                            {"url": ["The final URL is too long to store."]})
    metadata = {
        "title": article.title, "outlet": article.outlet, "published": article.published,
        **{key: value for key, value in given.items() if value is not None},
    }
    prepared = ingest.prepare(article.text, url=article.url, model=model, extract=extract, **metadata)
    refuse_known(session, article.url, article.final_url)
    try:
        with session.begin_nested():
            document = ingest.store(session, prepared, user=user)
            document.author = article.author
            document.final_url = article.final_url
            document.fetched_at = article.fetched_at
            document.url_key = url_key(article.url)
            document.final_url_key = url_key(article.final_url)
            session.flush()
    except IntegrityError:
        refuse_known(session, article.url, article.final_url)  # a concurrent ingest of the same URL
        raise
    return document


def ingest_url(session: Session, url: str, policy: FetchPolicy, *, user: User | None = None, **given) -> Document:
    """All three steps, for callers whose session holds no write lock yet (the CLI, scripts)."""
    refuse_known(session, url)
    article = read_page(url, policy)
    return store_page(session, article, user=user, **given)
