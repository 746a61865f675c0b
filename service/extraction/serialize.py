"""Extraction → JSON-ready dicts, in the prediction format of the evaluation (extra fields welcome)."""
from __future__ import annotations

from service.extraction.model import Attribution, Claim, Extraction, Span


def span_dict(span: Span | None) -> dict | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def attribution_dict(attribution: Attribution) -> dict:
    source = attribution.source
    return {
        "source": span_dict(source.span),
        "kind": source.kind,
        "named": source.named,
        "anonymous": source.anonymous,
        "antecedent": span_dict(source.antecedent),
        "cue": span_dict(attribution.cue),
        "cue_lemma": attribution.cue_lemma,
        "content": [span_dict(span) for span in attribution.content],
        "rule": attribution.rule,
        "confidence": round(attribution.confidence, 3),
    }


def claim_dict(claim: Claim) -> dict:
    return {
        "index": claim.index,
        "paragraph": claim.paragraph,
        "sentence": span_dict(claim.sentence),
        "statement": claim.statement,
        "attributions": [attribution_dict(a) for a in claim.attributions],
    }


def extraction_dict(extraction: Extraction, **extra) -> dict:
    """One document's prediction line: ``extra`` (id, published…) first, then text and claims."""
    return {**extra, "text": extraction.text, "claims": [claim_dict(c) for c in extraction.claims]}
