"""MISP: one event whose attributes are the claims, each tagged on the admiralty scale
(``admiralty-scale:source-reliability="b"``, ``admiralty-scale:information-credibility="2"``),
for an intelligence platform. Ungraded claims carry the scale's "cannot be judged" values (F, 6).

Attribute UUIDs derive from the claim id, so importing a later export updates the same attributes.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from collections.abc import Iterable, Iterator

from service.exports import grading
from service.exports.records import ClaimRecord, ExportSettings

NAMESPACE = uuid.UUID("6f1f6f3e-0d2b-5c55-9a51-3c1a1d2f0c13")  # claimdesk's, for uuid5 ids


def tags(record: ClaimRecord) -> list[dict]:
    graded = grading.grade(record.claim)
    reliability = (graded.reliability or grading.UNKNOWN_RELIABILITY).lower()
    credibility = graded.credibility or grading.UNKNOWN_CREDIBILITY
    return [
        {"name": f'admiralty-scale:source-reliability="{reliability}"'},
        {"name": f'admiralty-scale:information-credibility="{credibility}"'},
    ]


def write(records: Iterable[ClaimRecord], settings: ExportSettings) -> Iterator[str]:
    stamp = str(int(settings.generated_at.timestamp()))
    event = {
        "uuid": str(uuid.uuid5(NAMESPACE, f"export:{settings.organization}:{settings.generated_at.isoformat()}")),
        "info": f"{settings.organization}: claims and their sources", "date": settings.generated_at.date().isoformat(),
        "timestamp": stamp, "threat_level_id": "4", "analysis": "1", "distribution": "0", "published": False,
        "Orgc": {"name": settings.organization},
    }
    head = json.dumps({"Event": event}, ensure_ascii=False)
    yield head[:-2] + ', "Attribute": ['  # the event's object stays open for the attributes
    separator = "\n"
    for record in records:
        yield separator + json.dumps(attribute(record), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}}\n"


def attribute(record: ClaimRecord) -> dict:
    claim, document = record.claim, record.document
    named = [s["name"] for s in record.sources() if s["name"]]
    where = document.final_url or document.url or f"document {document.id}"
    comment = f"claim {claim.id}, {claim.status}; source: {', '.join(named) or 'none named'}; in {where}"
    return {
        "uuid": str(uuid.uuid5(NAMESPACE, f"claim:{claim.id}")),
        "type": "text", "category": "External analysis", "to_ids": False, "distribution": "5",
        "value": claim.text, "comment": comment[:1000], "timestamp": _epoch(claim.updated_at),
        "Tag": tags(record),
    }


def _epoch(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite gives naive datetimes; they are UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return str(int(moment.timestamp()))
