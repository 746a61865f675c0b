"""Exports: the claims a filter selects, written in the formats analysts share, as a stream.

Each format is a module with ``write(records, settings) -> Iterator[str]``; the registry below
names them. ``stream`` reads the claims in batches (``records.claim_records``) and yields text as it
is written, so memory stays flat whatever the number of claims; the API and the CLI both use it.

A format that needs more than claims (the gold annotations of the corrections issue) registers a
``Format`` whose ``produce(session, where, settings)`` makes its own query instead.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from service.documents import ClaimFilter
from service.errors import NotFound
from service.exports import claimreview, csvfile, gold, jsonl, misp
from service.exports.records import ExportSettings, claim_records

Produce = Callable[[Session, ClaimFilter, ExportSettings], Iterator[str]]


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    produce: Produce
    description: str


def gold_documents(session: Session, where: ClaimFilter, _settings: ExportSettings) -> Iterator[str]:
    """Gold is per document, not per claim: every reviewed document (or the one ``document_id``
    names, if reviewed); the claim filters that pick claims within documents do not apply."""
    ids = [where.document_id] if where.document_id is not None else None
    return gold.gold_lines(session, {"reviewed": True, "ids": ids})


def per_claim(write) -> Produce:
    """A format written from the claim records alone."""
    return lambda session, where, settings: write(claim_records(session, where), settings)


FORMATS: dict[str, Format] = {
    format.name: format for format in (
        Format("csv", "text/csv; charset=utf-8", "csv", per_claim(csvfile.write),
               "one row per claim, for spreadsheets"),
        Format("jsonl", "application/x-ndjson; charset=utf-8", "jsonl", per_claim(jsonl.write),
               "everything about each claim, one JSON object a line"),
        Format("claimreview", "application/ld+json; charset=utf-8", "jsonld", per_claim(claimreview.write),
               "schema.org ClaimReview JSON-LD, one review per decided claim"),
        Format("misp", "application/json; charset=utf-8", "json", per_claim(misp.write),
               "a MISP event, each claim an attribute with admiralty-scale tags"),
        Format("gold", "application/x-ndjson; charset=utf-8", "jsonl", gold_documents,
               "the reviewed documents as gold annotations (docs/extraction.md), for evaluate and train"),
    )
}


def get_format(name: str) -> Format:
    if name not in FORMATS:
        raise NotFound(f"No export format {name!r}; there are: {', '.join(FORMATS)}.",
                       {"format": [f"Must be one of: {', '.join(FORMATS)}."]})
    return FORMATS[name]


def stream(session: Session, name: str, where: ClaimFilter, settings: ExportSettings) -> Iterator[str]:
    """The export's text, piece by piece."""
    return get_format(name).produce(session, where, settings)
