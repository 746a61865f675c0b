"""Batch ingest: many articles, given as texts or URLs; a failed one never stops the others.

URLs are fetched and read by a bounded pool of threads (the slow part, no database); each article
is stored and committed by the calling thread as soon as its page is in, so no write waits on a
site. Fetch failures that may pass (a timeout, a refused connection, 429/5xx) are retried with
exponential back-off. Every item ends as one ``Outcome``: ingested, duplicate or failed (why).
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from sqlalchemy.orm import Session

from service import ingest, url_ingest
from service.errors import DomainError, Duplicate, FetchFailed
from service.fetch import FetchPolicy

INGESTED, DUPLICATE, FAILED = "ingested", "duplicate", "failed"


@dataclass(frozen=True)
class Item:
    label: str  # what the user gave: the URL, or FILE / FILE:LINE
    url: str | None = None
    record: dict | None = None  # {"text", "title"?, ...} for articles given as text


@dataclass(frozen=True)
class Outcome:
    item: Item
    status: str
    document_id: int | None = None
    claims: int = 0
    reason: str | None = None


@dataclass(frozen=True)
class Retry:
    attempts: int = 3  # retries after the first try
    backoff: float = 1.0  # seconds before the first retry, doubled each time (with jitter)


def run(session: Session, items: Iterable[Item], policy: FetchPolicy, *, jobs: int = 4,
        retry: Retry = Retry(), report: Callable[[Outcome], None] = lambda outcome: None,
        model=None) -> list[Outcome]:
    """Ingest every item; commit each article on its own; call ``report`` as each one ends.
    The outcomes come back in the items' order. ``model``: the instance's trained model, if any."""
    items = list(items)
    position = {id(item): n for n, item in enumerate(items)}
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        report(outcome)

    urls, seen = [], set()
    for item in items:
        if item.record is not None:
            done(_store(session, item, lambda: ingest.ingest_text(session, **item.record, model=model)))
            continue
        key = url_ingest.url_key(item.url)
        if key in seen:
            done(Outcome(item, DUPLICATE, reason="listed twice"))
            continue
        seen.add(key)
        try:
            url_ingest.refuse_known(session, item.url)
        except Duplicate as duplicate:
            done(Outcome(item, DUPLICATE, duplicate.errors.get("document_id")))
            continue
        finally:
            session.rollback()  # end the read: no transaction stays open while pages are fetched
        urls.append(item)
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="fetch") as pool:
        pending = {pool.submit(_read, item.url, policy, retry): item for item in urls}
        for future in as_completed(pending):
            item = pending.pop(future)
            try:
                article = future.result()
            except DomainError as error:
                done(Outcome(item, FAILED, reason=error.message))
                continue
            except Exception as error:  # a bug or an odd page must not stop the batch
                done(Outcome(item, FAILED, reason=f"unexpected error: {error}"))
                continue
            done(_store(session, item, lambda: url_ingest.store_page(session, article, model=model)))
    return sorted(outcomes, key=lambda outcome: position[id(outcome.item)])


def _read(url: str, policy: FetchPolicy, retry: Retry):
    for attempt in range(retry.attempts + 1):
        try:
            return url_ingest.read_page(url, policy)
        except FetchFailed as error:
            if not error.retryable or attempt == retry.attempts:
                raise
            time.sleep(retry.backoff * 2**attempt * random.uniform(0.5, 1.0))


def _store(session: Session, item: Item, store) -> Outcome:
    try:
        document = store()
        session.commit()
    except Duplicate as duplicate:
        session.rollback()
        return Outcome(item, DUPLICATE, duplicate.errors.get("document_id"))
    except DomainError as error:
        session.rollback()
        return Outcome(item, FAILED, reason=error.message)
    except Exception as error:  # e.g. the database refused a row: this item fails, the batch goes on
        session.rollback()
        return Outcome(item, FAILED, reason=f"could not be stored: {type(error).__name__}")
    return Outcome(item, INGESTED, document.id, len(document.claims))
