"""After an edit: the claim's statement and sourcing from its corrected attributions, and each
attribution's registry link.

The one place corrections use the extractor (``service.extraction``'s public surface) and the
source registry (``service.sources``): swap either here.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from service import extraction, ingest, sources
from service.models import Attribution, Claim

SOURCE_KINDS = extraction.SOURCE_KINDS


def classified(text: str, span: tuple[int, int] | None, antecedent: tuple[int, int] | None) -> tuple[str, bool]:
    """The extractor's kind and named flag for a source span (defaults when the analyst gives none)."""
    if span is None:
        return "other", False
    found = extraction.classify_source(text, _span(text, span), _span(text, antecedent) if antecedent else None)
    return found.kind, bool(found.named)


def rebuild_claim(claim: Claim, text: str) -> None:
    """Statement and sourcing as ingest would make them from these attributions."""
    sentence = extraction.Span(claim.start, claim.end, text[claim.start:claim.end])
    found = [_as_extracted(a, text) for a in claim.attributions]
    own = [a for a in found if claim.start <= a.cue.start < claim.end]  # quotes shared from elsewhere cut nothing
    claim.statement = extraction.statement_of(text, sentence, own) if own else sentence.text
    claim.sourcing = ingest.sourcing_of(
        extraction.Claim(index=claim.index, sentence=sentence, paragraph=claim.paragraph,
                         statement=claim.statement, attributions=tuple(found)))


def link_registry(session: Session, attribution: Attribution) -> None:
    """A named or collective source links to its registry entry; an anonymous or implicit one to
    none. An entry that nobody cites any more is pruned, so no dangling link is left."""
    session.flush()  # a new attribution needs its claim id before the registry can scope it
    sources.link_attribution(session, attribution)


def unlink_registry(session: Session, attribution: Attribution) -> None:
    """Before an attribution is deleted: drop its link, pruning an entry left uncited."""
    sources.unlink_attribution(session, attribution)


def _span(text: str, span: tuple[int, int]) -> extraction.Span:
    return extraction.Span.of(text, span[0], span[1])


def _as_extracted(row: Attribution, text: str) -> extraction.Attribution:
    source_span = None if row.source_start is None else _span(text, (row.source_start, row.source_end))
    return extraction.Attribution(
        source=extraction.Source(source_span, row.source_kind, bool(row.source_named), None),
        cue=_span(text, (row.cue_start, row.cue_end)),
        content=tuple(_span(text, (s, e)) for s, e in row.content),
        rule=row.rule, cue_lemma=row.cue_lemma, confidence=row.confidence,
    )
