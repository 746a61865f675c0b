"""The statement of a claim: its sentence with the attribution phrase (source and cue) taken out.

"Zarif said on September 8 that Iran was ready to work with Taliban."  ->  "Iran was ready to work with Taliban."
"The Taliban took a trip to Iran this month, Iranian media revealed, for the second time ..."
    ->  "The Taliban took a trip to Iran this month, for the second time ..."
"""
from __future__ import annotations

import re

from service.extraction.model import Attribution, Span

_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_DOUBLE_COMMA = re.compile(r",\s*(?=[,.;:!?])")
_LEADING_LINK = re.compile(r"^(?:that\b|[,;:\s])+")  # compiled once: statement_of runs per claim


def statement_of(text: str, sentence: Span, attributions: list[Attribution]) -> str:
    """Remove, for each attribution whose cue is in the sentence, the source-and-cue phrase."""
    cuts = []
    for att in attributions:
        lo, hi = att.cue.start, att.cue.end
        if att.source.span is not None and sentence.start <= att.source.span.start < sentence.end:
            lo, hi = min(lo, att.source.span.start), max(hi, att.source.span.end)
        after = [c.start for c in att.content if hi <= c.start < sentence.end]
        if after and not text[hi:min(after)].strip(" ,:").count(" ") > 6:
            hi = min(after)  # "said on September 8 that" goes with the cue
        cuts.append((max(lo, sentence.start), min(hi, sentence.end)))
    if not cuts:
        return sentence.text
    parts, pos = [], sentence.start
    for lo, hi in sorted(cuts):
        if lo > pos:
            parts.append(text[pos:lo])
        pos = max(pos, hi)
    parts.append(text[pos:sentence.end])
    out = _SPACES.sub(" ", " ".join(parts)).strip()
    out = _DOUBLE_COMMA.sub("", _SPACE_BEFORE_PUNCT.sub(r"\1", out))
    out = _LEADING_LINK.sub("", out).strip()
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    return out or sentence.text
