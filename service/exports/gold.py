"""The gold export: reviewed documents as the evaluation's gold annotations, one JSON object a line.

Format (docs/extraction.md): ``{"id", "text", "sentences": [[s, e], …], "attributions": [{"source":
[[s, e]] or [], "cue": [[s, e]], "content": [[s, e], …], "optional": false, "kind", "named",
"origin"}]}`` plus the document's title, url, outlet and published date. Offsets are ``[start,
end)`` code-point indices into ``text``. Each attribution appears once, on the claim whose sentence
holds its cue (a quote running over several sentences is stored on each of them).

Documents are read in batches, so an export of any size holds one batch in memory.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import IO

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from service.documents import reviewed_condition
from service.models import Claim, Document

BATCH = 50


def documents_query(documents_query_or_filter=None) -> Select:
    """A query of Documents: given as one, or built from a filter mapping ({"reviewed": True,
    "ids": [...]}); None means every reviewed document."""
    if isinstance(documents_query_or_filter, Select):
        return documents_query_or_filter
    wanted = dict(documents_query_or_filter or {"reviewed": True})
    query = select(Document)
    if wanted.get("reviewed") is not None:
        query = query.where(reviewed_condition(bool(wanted["reviewed"])))
    if wanted.get("ids") is not None:
        query = query.where(Document.id.in_(list(wanted["ids"])))
    return query


def gold_records(session: Session, documents_query_or_filter=None) -> Iterator[dict]:
    """One gold record per document, in id order, read ``BATCH`` documents at a time by keyset
    (no server-side cursor, so nothing stays open between batches of a streamed response)."""
    query = documents_query(documents_query_or_filter)
    last = 0
    while True:
        batch = session.scalars(
            query.where(Document.id > last).order_by(Document.id).limit(BATCH)
            .options(selectinload(Document.claims).selectinload(Claim.attributions))
        ).all()
        if not batch:
            return
        for document in batch:
            yield gold_record(document)
        last = batch[-1].id  # the session's identity map is weak: a batch goes once it is written


def gold_record(document: Document) -> dict:
    attributions, seen = [], set()
    for claim in document.claims:
        for row in claim.attributions:
            if not claim.start <= row.cue_start < claim.end:
                continue  # a copy of a quote's attribution from the sentence that holds its cue
            source = [] if row.source_start is None else [[row.source_start, row.source_end]]
            item = {"source": source, "cue": [[row.cue_start, row.cue_end]],
                    "content": [list(piece) for piece in row.content], "optional": False,
                    "kind": row.source_kind, "named": bool(row.source_named), "origin": row.origin or "extracted"}
            key = json.dumps([item["source"], item["cue"], item["content"]])
            if key not in seen:
                seen.add(key)
                attributions.append(item)
    return {
        "id": str(document.id), "title": document.title, "url": document.url, "outlet": document.outlet,
        "published": document.published.isoformat() if document.published else None,
        "text": document.text,
        "sentences": [[claim.start, claim.end] for claim in document.claims],
        "attributions": attributions,
    }


def gold_lines(session: Session, documents_query_or_filter=None) -> Iterator[str]:
    for record in gold_records(session, documents_query_or_filter):
        yield json.dumps(record, ensure_ascii=False) + "\n"


def write_gold(session: Session, out: IO[str], documents_query_or_filter: Select | Mapping | None = None) -> int:
    """Write the documents (default: every reviewed one) to ``out`` as gold JSONL; return how many."""
    count = 0
    for line in gold_lines(session, documents_query_or_filter):
        out.write(line)
        count += 1
    return count
