"""Sentence splitting for news copy (placeholder: a naive splitter, to be replaced)."""
from __future__ import annotations

import re

from service.extraction.model import Span

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)]*(?=\s|$)")


def split_sentences(text: str) -> list[tuple[Span, int]]:
    """Return (sentence span, paragraph index) pairs covering every non-space character once."""
    out: list[tuple[Span, int]] = []
    paragraph = 0
    for para_match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start = para_match.start()
        chunk_end = para_match.end()
        pos = start
        for m in _BOUNDARY.finditer(text, start, chunk_end):
            _append(out, text, pos, m.end(), paragraph)
            pos = m.end()
        _append(out, text, pos, chunk_end, paragraph)
        paragraph += 1
    return out


def _append(out, text, start, end, paragraph):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((Span.of(text, start, end), paragraph))
