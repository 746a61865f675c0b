"""Document-level passes over the attributions of all sentences: signed quotes (bylines), nesting
across sentences (the outer attribution wins) and quotations that continue over the following
sentences of a paragraph ('"...," X said. "..."' is one attribution with two content spans).
"""
from __future__ import annotations

import bisect

from service.extraction.quotes import QuoteIndex, bylines, is_direct


class Raw:
    """An attribution in character offsets while the document is being assembled."""

    __slots__ = ("sentence", "source", "cue", "content", "rule", "lemma", "confidence")

    def __init__(self, sentence, source, cue, content, rule, lemma, confidence):
        self.sentence, self.source, self.cue, self.content = sentence, source, cue, content
        self.rule, self.lemma, self.confidence = rule, lemma, confidence


def byline_attributions(text, sentences, quotes, paragraphs) -> list[Raw]:
    starts = [span.start for span, _ in sentences]
    out = []
    for source, cue, content in bylines(text, quotes):
        sentence = max(bisect.bisect_right(starts, cue[0]) - 1, 0)
        out.append(Raw(sentence, source, cue, [content], "byline", "byline", 0.8))
    return out


def paragraph_extents(sentences) -> list[tuple[int, int]]:
    extents: dict[int, list[int]] = {}
    for span, paragraph in sentences:
        ext = extents.setdefault(paragraph, [span.start, span.end])
        ext[1] = span.end
    return [tuple(extents[p]) for p in sorted(extents)]


def drop_nested(raws: list[Raw]) -> list[Raw]:
    """An attribution from another sentence whose cue lies in this one's content is nested: outer wins."""
    spans = sorted((s, e, id(o), o.sentence) for o in raws for s, e in o.content)
    starts = [s for s, _, _, _ in spans]
    keep = []
    for raw in raws:
        i = bisect.bisect_right(starts, raw.cue[0]) - 1
        nested = False
        for s, e, owner, sentence in spans[max(0, i - 8):i + 1]:  # content spans rarely overlap more deeply
            if owner != id(raw) and sentence != raw.sentence and s <= raw.cue[0] < e and raw.rule != "speaker-label":
                nested = True
        if not nested:
            keep.append(raw)
    return keep


def continue_quotes(text, raws, sentences, quotes: QuoteIndex) -> None:
    """'"...," X said. "..."': a quote opening the next sentence continues the attributed quote."""
    attributed = {r.sentence for r in raws}
    for raw in raws:
        if raw.rule == "speaker-label" or not is_direct(text, raw.content, quotes):
            continue
        i = raw.sentence + 1
        while i < len(sentences) and i not in attributed and sentences[i][1] == sentences[raw.sentence][1]:
            span = sentences[i][0]
            if span.end <= raw.content[-1][1]:
                i += 1
                continue
            region = quotes.starting_at(span.start, text)
            if region is None:
                break
            raw.content = raw.content + [(region[0], region[1])]
            while i < len(sentences) and sentences[i][0].start < region[1]:
                i += 1
