"""Direct quotes across sentences and paragraphs, and transcript speaker labels.

A quotation that runs over several sentences is one attribution in PolNeAR: its content covers
every sentence of the quote, and the cue sits in one of them.  Quote regions are found once per
document; an attribution whose content edge falls inside a region grows to the whole region, and
a quote that opens the sentence right after an attributed quote continues it ("...," X said. "...").
"""
from __future__ import annotations

import bisect
import re

_QUOTE_MARK = re.compile(r"''|``|[\"“”]")
# the scan skips runs of 8+ punctuation characters, as the tokenizer does: separators, no quotes
# (the lookahead lets the engine skip words and spaces at once: every alternative opens with such a character)
_MARK_OR_RUN = re.compile(r"(?=[^\s\w])(?:[^\s\w]{8,}|''|``|[\"“”])")
_OPENERS = ("“", "``")
_LABEL = re.compile(r"[\"“]?([A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,3}):[ \t]+(?=[^\d\s$])")
_LIST_OF_NAMES = re.compile(r"(?:[A-Z][\w.'’-]* [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?, ){2}")
_NOT_SPEAKERS = frozenset(
    "note update updated editor correction photo photos watch related read video source sources warning "
    "breaking exclusive opinion analysis q a see also by from to subject date is in the of on at latest poll "
    "total name age city job pay pledged superdelegates delegates results live here this what why how "
    "email e-mail phone fax web website twitter contact so wow look bombshell just paid contributing".split()
)


def quote_regions(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of every quotation; an unclosed quote continues into a paragraph that opens with one."""
    regions: list[tuple[int, int]] = []
    open_at = None
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        continuing = open_at is not None
        for m in _MARK_OR_RUN.finditer(text, p_start, p_end):
            mark = m.group()
            if len(mark) > 2:
                continue
            if continuing and m.start() == p_start:
                continuing = False
                continue  # the opening mark of a continued paragraph
            continuing = False
            if open_at is None:
                if mark != "”":
                    open_at = m.start()
            elif mark in _OPENERS:
                open_at = m.start()
            else:
                regions.append((open_at, m.end()))
                open_at = None
        if open_at is not None:
            nxt = paragraphs[p_index + 1][0] if p_index + 1 < len(paragraphs) else None
            if nxt is None or not _QUOTE_MARK.match(text, nxt) or text.startswith("”", nxt):
                regions.append((open_at, p_end))
                open_at = None
    return regions


class QuoteIndex:
    def __init__(self, regions: list[tuple[int, int]]):
        self.regions = regions
        self.starts = [s for s, _ in regions]

    def containing(self, pos: int) -> tuple[int, int] | None:
        """The region strictly around ``pos`` (not at its first character)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.regions[i][0] < pos < self.regions[i][1]:
            return self.regions[i]
        return None

    def starting_at(self, pos: int, text: str) -> tuple[int, int] | None:
        """The region that opens at ``pos`` or right after spaces from it."""
        while pos < len(text) and text[pos].isspace():
            pos += 1
        i = bisect.bisect_left(self.starts, pos)
        if i < len(self.regions) and self.regions[i][0] == pos:
            return self.regions[i]
        return None


def extend_to_quotes(spans: list[tuple[int, int]], quotes: QuoteIndex) -> list[tuple[int, int]]:
    """Grow content spans whose edges fall inside a quotation to the whole quotation."""
    out = []
    for s, e in spans:
        region = quotes.containing(s)
        if region is not None:
            s = region[0]
        region = quotes.containing(e - 1)
        if region is not None and region[1] > e:
            e = region[1]
        out.append((s, e))
    return _merge(out)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(spans)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def is_direct(text: str, spans: list[tuple[int, int]], quotes: QuoteIndex) -> bool:
    """Whether a content is (mostly) a quotation: it starts or ends with a quote mark."""
    if not spans:
        return False
    first, last = spans[0], spans[-1]
    head = text[first[0]:first[0] + 2]
    tail = text[max(last[1] - 3, 0):last[1]]
    return bool(_QUOTE_MARK.search(head) or _QUOTE_MARK.search(tail))


_BYLINE = re.compile(
    # (web text separates the dash and the name with no-break spaces as often as with spaces)
    r"([”\"])[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*([A-Z][\w.'’\-]*(?:[ \t\u00a0]+[A-Z][\w.'’\-]*){0,4})"
)


def bylines(text: str, quotes: QuoteIndex) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """'"..." ― Krystal Correa': (source, cue, content) for quotes signed after a dash."""
    out = []
    for m in _BYLINE.finditer(text):
        region = quotes.containing(m.start(1))
        if region is not None and region[1] == m.end(1):
            start = region[0]
        else:  # quote marks out of pair ("”Fear. …”"): the quotation is its line
            start = text.rfind("\n", 0, m.start(1)) + 1
            if m.start(1) - start < 3:
                continue
        out.append(((m.start(3), m.end(3)), (m.start(2), m.end(2)), (start, m.end(1))))
    return out


def speaker_label(text: str, start: int, end: int) -> tuple[tuple[int, int], int] | None:
    """"WALLACE: ..." / "Lynch: ..." at a paragraph start: (label span, colon offset)."""
    m = _LABEL.match(text, start, end)
    if m is None:
        return None
    label = m.group(1)
    words = label.split()
    if _LIST_OF_NAMES.match(text, m.end(), end):
        return None  # "Ohio: Ann Lee, Bo Park, ...": a roster, not a speaker's turn
    if any(w.lower().strip(".") in _NOT_SPEAKERS for w in words):
        return None
    if not label.isupper() and len(words) > 4:
        return None
    if (words[0].lower().endswith(("ing", "ed")) or words[0].lower() in INVERTED_OPENERS) and not label.isupper():
        return None  # "Contributing:", "Revealed:", "Continued Stone:": a verb, not a speaker's name
    if any(w in _TITLE_WORDS for w in words[1:]):
        return None  # "Big Win For Bernie:", "Stealth Over Health:": a headline, not a name
    return (m.start(1), m.end(1)), m.end(1)


# A headline (the document's first paragraph, one sentence) names who said what before a colon:
# "Clinton to Planned Parenthood: …", "CNN President On Trump: …", "EXCLUSIVE – Roger Stone: …", and
# evidence speaks there too ("Poll: …", "Report: …"); the addressee or topic after to/on/at is not the source
_HEADLINE = re.compile(
    r"(?:[A-Z]{3,}[ \t]+[–—-][ \t]+)?([A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3})"
    r"(?:[ \t]+(?:to|on|at|To|On|At)[ \t]+[^:\n]{1,60})?:[ \t]+(?=[^\d\s$])")
HEADLINE_EVIDENCE = frozenset("poll report newspaper survey study".split())


def headline_label(text: str, start: int, end: int) -> tuple[tuple[int, int], int] | None:
    """The source and colon of a headline's label, or None (a determiner or a heading word opens no source:
    "The Latest:", "Delegate Update:")."""
    m = _HEADLINE.match(text, start, end)
    if m is None:
        return None
    words = m.group(1).split()
    first = words[0].lower()
    if first in HEADLINE_EVIDENCE and len(words) == 1:
        return (m.start(1), m.end(1)), _colon(text, m)
    if first in _NOT_SPEAKERS or any(w.lower().strip(".") in _NOT_SPEAKERS for w in words) or m.group(1).isupper() \
            and len(words) > 1 or first.endswith(("ing", "ed")) or any(w in _TITLE_WORDS for w in words[1:]):
        return None  # "Revealed:", "Big Win For Okafor:", "FIX IS IN:": a headline's wording, not a name
    return (m.start(1), m.end(1)), _colon(text, m)


def _colon(text: str, m: re.Match) -> int:
    return text.rindex(":", m.start(), m.end())


# capitalised function words that stand in headlines, not in names
# "Said Ellis: “…”": a speech verb opening the label makes it an inverted frame, not a speaker's name
INVERTED_OPENERS = frozenset("said says asked added wrote told".split())
_TITLE_WORDS = frozenset("For Over To In At With On From About Against Is Are Was Will Can".split())
# first- and second-person words: a turn in a transcript speaks them, a section heading's text rarely does
_SPEAKING = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|we|We|we're|we’re|you|You|my|My|our|Our|me|us)\b|\?")


def speaker_labels(text: str, sentences, paragraphs) -> dict[int, tuple[tuple[int, int], int]]:
    """Speaker labels of a document by the index of the sentence that opens their paragraph.

    All-caps labels ("WALLACE:", "KEEPING SCORE:") are speakers' turns when the document is a
    transcript: one of them opens several paragraphs (transcripts come back to their speakers) or
    opens a paragraph that speaks in the first or second person or asks.  Otherwise they are
    section headings ("ENERGY: Prices rose ..."), not sources.  Mixed-case labels ("Lynch: ...") are decided by
    ``speaker_label`` alone."""
    found: dict[int, tuple[tuple[int, int], int]] = {}
    seen_paragraph = set()
    for i, (span, paragraph) in enumerate(sentences):
        if paragraph in seen_paragraph:
            continue
        seen_paragraph.add(paragraph)
        label = speaker_label(text, span.start, span.end)
        if label is None and i == 0 and paragraphs[paragraph][1] == span.end:
            label = headline_label(text, span.start, span.end)
        if label is not None:
            found[i] = label
    counts: dict[str, int] = {}
    for (ls, le), _ in found.values():
        counts[text[ls:le]] = counts.get(text[ls:le], 0) + 1
    def speaks(i: int, label) -> bool:
        (ls, le), colon = label
        name = text[ls:le]
        return counts[name] >= 2 or bool(_SPEAKING.search(text, colon, paragraphs[sentences[i][1]][1]))

    # one all-caps label that is clearly a turn makes the document a transcript: all its labels are turns
    transcript = any(text[ls:le].isupper() and speaks(i, ((ls, le), c)) for i, ((ls, le), c) in found.items())
    return {i: label for i, label in found.items()
            if transcript or not text[label[0][0]:label[0][1]].isupper() or len(text[label[0][0]:label[0][1]]) < 2}
