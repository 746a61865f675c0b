"""CSV: one row per claim, for an editor's spreadsheet.

UTF-8 with a byte-order mark (so spreadsheet programs do not guess another encoding), and every
cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) neutralised
with a leading apostrophe: an article's text or an analyst's note must never become a formula.
Sources and evidence links go in one cell each, joined by " | ".
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from service.exports import grading
from service.exports.records import ClaimRecord, ExportSettings, utc_iso

COLUMNS = [
    "document_id", "document_title", "document_outlet", "document_url", "document_published",
    "claim_id", "claim_index", "sentence", "statement",
    "source_names", "source_kinds", "source_named", "source_reliability",
    "status", "credibility", "rating", "reliability",
    "decided_by", "decided_at", "decision_note", "evidence",
]
JOIN = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value) -> str:
    """The cell as text, a formula-looking text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write(records: Iterable[ClaimRecord], settings: ExportSettings) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff" + _take(buffer)
    for record in records:
        writer.writerow([safe(value) for value in row(record)])
        yield _take(buffer)


def row(record: ClaimRecord) -> list:
    claim, document, event = record.claim, record.document, record.last_event
    sources = record.sources()
    graded = grading.grade(claim)
    return [
        document.id, document.title, document.outlet, document.final_url or document.url,
        document.published.isoformat() if document.published else None,
        claim.id, claim.index, claim.text, claim.statement,
        JOIN.join(s["name"] or "(implicit)" for s in sources), JOIN.join(s["kind"] for s in sources),
        JOIN.join("yes" if s["named"] else "no" for s in sources),
        JOIN.join(s["reliability"] or "" for s in sources) if any(s["reliability"] for s in sources) else None,
        claim.status, graded.credibility, graded.rating, graded.reliability,
        event.actor.name if event and event.actor else None,
        utc_iso(event.at) if event else None, event.note if event else None,
        JOIN.join(event.evidence) if event and event.evidence else None,
    ]


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
