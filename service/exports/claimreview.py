"""schema.org ClaimReview (JSON-LD): one review per decided claim, for search engines and
fact-check aggregators. Claims still unreviewed are left out.

Ratings on a 1-5 scale (worst 1, best 5), named in ``alternateName``:

    confirmed     5  "Confirmed"     the analysts found the claim supported
    inconclusive  3  "Inconclusive"  the evidence does not settle it
    disputed      1  "Disputed"      the evidence contradicts it

``author`` is the desk (EXPORT_ORGANIZATION, EXPORT_ORGANIZATION_URL); ``url`` is
``PUBLIC_BASE_URL`` + ``claims/<id>`` when the desk publishes its reviews (Google requires it).
The output is one JSON-LD array, written a review at a time.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from service.exports.records import ClaimRecord, ExportSettings, utc_iso

RATINGS = {"confirmed": (5, "Confirmed"), "inconclusive": (3, "Inconclusive"), "disputed": (1, "Disputed")}
WORST, BEST = 1, 5
_KIND_TYPES = {"person": "Person", "organization": "Organization", "media": "Organization"}


def write(records: Iterable[ClaimRecord], settings: ExportSettings) -> Iterator[str]:
    yield "["
    separator = "\n"
    for record in records:
        if record.claim.status in RATINGS:
            yield separator + json.dumps(review(record, settings), ensure_ascii=False)
            separator = ",\n"
    yield "\n]\n"


def review(record: ClaimRecord, settings: ExportSettings) -> dict:
    claim = record.claim
    value, name = RATINGS[claim.status]
    author = {"@type": "Organization", "name": settings.organization}
    if settings.organization_url:
        author["url"] = settings.organization_url
    decided = _decision_time(record)
    result = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.statement or claim.text,
        "itemReviewed": _claim(record),
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": BEST,
                         "worstRating": WORST, "alternateName": name},
        "author": author,
        "datePublished": decided[:10] if decided else None,
    }
    if settings.public_base_url:
        result["url"] = f"{settings.public_base_url}claims/{claim.id}"
    note = record.last_event.note if record.last_event else None
    if note:
        result["reviewBody"] = note
    return {key: value for key, value in result.items() if value is not None}


def _claim(record: ClaimRecord) -> dict:
    document = record.document
    appearance = {"@type": "CreativeWork", "url": document.final_url or document.url}
    if document.title:
        appearance["headline"] = document.title
    if document.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": document.outlet}
    if document.published:
        appearance["datePublished"] = document.published.isoformat()
    item = {"@type": "Claim", "appearance": [{k: v for k, v in appearance.items() if v is not None}]}
    speaker = _speaker(record)
    if speaker:
        item["author"] = speaker
    if document.published:
        item["datePublished"] = document.published.isoformat()
    return item


def _speaker(record: ClaimRecord) -> dict | None:
    """Who made the claim: its first named source; for a claim no one is named for, the outlet."""
    for source in record.sources():
        if source["named"] and source["name"]:
            return {"@type": _KIND_TYPES.get(source["kind"], "Person"), "name": source["name"]}
    if record.document.outlet:
        return {"@type": "Organization", "name": record.document.outlet}
    return None


def _decision_time(record: ClaimRecord) -> str | None:
    for event in reversed(record.history):
        if event.to_status == record.claim.status:
            return utc_iso(event.at)
    return utc_iso(record.claim.updated_at)
