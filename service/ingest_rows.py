"""What an extracted article becomes in the database, worked out before any transaction opens.

:func:`draft` turns an extraction into plain objects (``SimpleNamespace``), one per claim and
one per attribution, each holding its row's columns. Ingest inserts them with one statement per
table and writes their new ids into them, so nothing is read back after the inserts.

Alongside the rows, the CPU work that needs no database: each claim's matching words and LSH band
keys (:mod:`service.similarity`), the outlet a relayed claim cites, and the registry's link plan
(:mod:`service.source_mentions`). Done here, none of it holds SQLite's write lock.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from service import extraction, similarity
from service.models import utcnow
from service.origins import cited_name, matching_text
from service.source_mentions import LinkPlan, plan_links

# Claim.sourcing: the queue reviews weakly sourced claims first.
UNNAMED_SOURCE, ATTRIBUTED, UNATTRIBUTED = 0, 1, 2

CLAIM_COLUMNS = ("document_id", "index", "paragraph", "start", "end", "text", "statement", "sourcing",
                 "status", "credibility", "version", "created_at", "updated_at")
ATTRIBUTION_COLUMNS = ("claim_id", "source_id", "source_start", "source_end", "source_text", "source_kind",
                       "source_named", "antecedent_text", "antecedent_start", "antecedent_end", "cue_start",
                       "cue_end", "cue_text", "cue_lemma", "content", "rule", "confidence", "origin",
                       "changed_by_id", "changed_at")


@dataclass(frozen=True)
class Draft:
    """An article's claims (each with its ``attributions``) as rows to insert, and what matching
    and the registry need of them."""

    claims: list[SimpleNamespace]
    words: list[list[str]]  # per claim: the statement's matching words
    keys: list[list[int]]  # per claim: its LSH band keys
    relayed: list[str | None]  # per claim: the outlet a relayed report cites ("…, citing Tasnim")
    links: LinkPlan  # of ``attributions``, in their order

    @property
    def attributions(self) -> list[SimpleNamespace]:
        return [attribution for claim in self.claims for attribution in claim.attributions]


def draft(text: str, found_claims: list[extraction.Claim]) -> Draft:
    now = utcnow()
    claims = [
        SimpleNamespace(
            id=None, document_id=None, index=found.index, paragraph=found.paragraph,
            start=found.sentence.start, end=found.sentence.end, text=found.sentence.text,
            statement=found.statement, sourcing=sourcing_of(found), status="unreviewed", credibility=6,
            version=1, created_at=now, updated_at=now,
            attributions=[_attribution(a) for a in found.attributions],
        )
        for found in found_claims
    ]
    words = [similarity.words(matching_text(claim.text, claim.statement)) for claim in claims]
    return Draft(claims, words, similarity.band_keys(words), [cited_name(claim.text) for claim in claims],
                 plan_links(text, [a for claim in claims for a in claim.attributions]))


def extract_and_draft(text: str, **options) -> tuple[extraction.Extraction, Draft]:
    """Extract ``text`` (``options``: extraction.extract's) and draft its rows: the CPU half of
    ingest, in one function so that a long text can do both in a worker process."""
    found = extraction.extract(text, **options)
    return found, draft(text, found.claims)


def claim_rows(claims: list[SimpleNamespace]) -> list[dict]:
    return [{column: getattr(claim, column) for column in CLAIM_COLUMNS} for claim in claims]


def attribution_rows(attributions: list[SimpleNamespace]) -> list[dict]:
    return [{column: getattr(attribution, column) for column in ATTRIBUTION_COLUMNS} for attribution in attributions]


def sourcing_of(found: extraction.Claim) -> int:
    if not found.attributions:
        return UNATTRIBUTED
    if any(a.source.span is None or not a.source.named for a in found.attributions):
        return UNNAMED_SOURCE
    return ATTRIBUTED


def _attribution(found: extraction.Attribution) -> SimpleNamespace:
    source, span = found.source, found.source.span
    content = [[s.start, s.end] for s in found.content]
    return SimpleNamespace(
        id=None, claim_id=None, source_id=None, source=None,
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
        cue_lemma=found.cue_lemma[:100], content=content,
        rule=found.rule[:100], confidence=float(found.confidence),
        origin="extracted", changed_by_id=None, changed_at=None,
    )
