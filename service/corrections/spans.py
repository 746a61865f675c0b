"""The rules an attribution's spans must keep, whatever door the edit came through.

Offsets are ``[start, end)`` code-point indices into the document text (Python string indices),
the same as the extractor's. Each broken rule is reported under the field that breaks it.
"""
from __future__ import annotations

from dataclasses import dataclass

from service.errors import RuleViolation

Span = tuple[int, int]


@dataclass(frozen=True)
class Spans:
    source: Span | None
    cue: Span
    content: tuple[Span, ...]
    antecedent: Span | None = None


def check(spans: Spans, text_length: int, sentence: Span, *, cue_changed: bool = True) -> None:
    """Raise RuleViolation naming every field that breaks a rule: spans inside the document and
    not empty, the cue inside the claim's sentence, no overlap between source, cue and content."""
    errors: dict[str, list[str]] = {}

    def bad(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    named = [("source", spans.source), ("cue", spans.cue), ("antecedent", spans.antecedent)]
    named += [(f"content.{i}", span) for i, span in enumerate(spans.content)]
    for field, span in named:
        if span is None:
            continue
        start, end = span
        if end <= start:
            bad(field, "Must not be empty: end must be greater than start.")
        if start < 0 or end > text_length:
            bad(field, f"Must lie inside the document text (0 to {text_length}).")
    if not spans.content:
        bad("content", "An attribution needs at least one content span.")
    if cue_changed and not (sentence[0] <= spans.cue[0] and spans.cue[1] <= sentence[1]):
        bad("cue", f"Must lie inside the claim's sentence ({sentence[0]} to {sentence[1]}).")
    if not errors:
        _check_overlaps(spans, bad)
    if errors:
        raise RuleViolation("The attribution's spans break a rule; see 'errors'.", errors)


def _check_overlaps(spans: Spans, bad) -> None:
    roles = [("cue", spans.cue)] + ([("source", spans.source)] if spans.source else [])
    roles += [(f"content.{i}", span) for i, span in enumerate(spans.content)]
    for i, (field, (start, end)) in enumerate(roles):
        for other, (o_start, o_end) in roles[:i]:
            if start < o_end and o_start < end:
                bad(field, f"Overlaps the {other.split('.')[0]} span; a character has one role.")
