"""JSON Lines: everything about each claim, one object a line, for a data desk.

The claim as the API shows it (sentence, statement, attributions with their spans and cues), its
document's metadata, its sources as the registry knows them, its grading and its whole history.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from schemas.claims import ClaimEventSchema, ClaimSchema
from service.exports import grading
from service.exports.records import ClaimRecord, ExportSettings, utc_iso

_claim = ClaimSchema()
_events = ClaimEventSchema(many=True)


def write(records: Iterable[ClaimRecord], settings: ExportSettings) -> Iterator[str]:
    for record in records:
        yield json.dumps(item(record), ensure_ascii=False) + "\n"


def item(record: ClaimRecord) -> dict:
    document, graded = record.document, grading.grade(record.claim)
    return {
        **_claim.dump(record.claim),
        "document": {
            "id": document.id, "title": document.title, "url": document.url,
            "final_url": document.final_url, "outlet": document.outlet, "author": document.author,
            "published": document.published.isoformat() if document.published else None,
            "fetched_at": utc_iso(document.fetched_at), "ingested_at": utc_iso(document.ingested_at),
        },
        "sources": record.sources(),
        "grading": {"reliability": graded.reliability, "credibility": graded.credibility, "rating": graded.rating},
        "history": _events.dump(record.history),
    }
