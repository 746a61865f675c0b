"""A regex tokenizer with offsets: words (with inner apostrophes, hyphens and abbreviation dots),
quote marks and single punctuation characters.  One precompiled pattern, linear in the text.

Public surface: ``Token``, ``tokenize`` and ``windows`` (a sentence's tokens in bounded windows).
"""
from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(
    # a run of RUN or more punctuation characters ("========", "((((((((") is one token, never a
    # quote: separators and garbage then cost one token, not one per character
    r"(?P<q>(?![^\s\w]{8})(?:''|``|[\"“”]))"
    # the (?=[A-Z]) guard lets lowercase words skip the abbreviation alternatives in one test
    r"|(?P<w>(?=[A-Z])(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Capt|Maj|Adm|Pres|No)\.(?=\s))"
    r"|[\w$%]+(?:['’.\-][\w$%]+)*)"
    r"|(?P<p>[^\s\w]{8,}|--|[^\s\w])"
)
RUN = 8  # keep in step with the {8} above and quotes.py scan
OPENING_QUOTES = frozenset(["“", "``"])
CLOSING_QUOTES = frozenset(["”"])


class Token(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    kind: str  # "w" word, "q" quote mark, "p" other punctuation

    @property
    def is_capitalized(self) -> bool:
        return self.kind == "w" and self.text[:1].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    out = []
    new = tuple.__new__  # Token(...) through tuple.__new__ skips the NamedTuple keyword handling
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        low = word.lower()
        if "’" in low:
            low = low.replace("’", "'")
        a, b = m.span()
        out.append(new(Token, (a, b, word, low, m.lastgroup)))
    return out


# A sentence longer than this many tokens is worked in windows of at most this size: the patterns
# look around each cue within its sentence, so a bounded window keeps the work per token bounded
# however long a "sentence" without punctuation runs.  PolNeAR's longest sentence (train and dev,
# 34k sentences) has 220 tokens, so news is never cut.
WINDOW = 256
# a window is cut at the last clause mark in its second half, else at its end
_CUT_MARKS = frozenset([";", ":", ",", "—", "–", "--", '"', "“", "”", "''", "``"])


def windows(text: str, start: int, end: int, size: int = WINDOW):
    """The tokens of ``text[start:end]`` as one list when at most ``size`` long, else as consecutive
    windows of at most ``size`` tokens, produced as the scan goes (a megabyte-long "sentence" never
    becomes one megabyte-long list)."""
    if end - start <= size:  # fewer characters than the limit: fewer tokens too
        yield tokenize(text, start, end)
        return
    buffer: list[Token] = []
    new = tuple.__new__
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        low = word.lower()
        if "’" in low:
            low = low.replace("’", "'")
        a, b = m.span()
        buffer.append(new(Token, (a, b, word, low, m.lastgroup)))
        if len(buffer) >= 2 * size:
            while len(buffer) > size:
                cut = _cut(buffer, size)
                yield buffer[:cut]
                buffer = buffer[cut:]
    while len(buffer) > size:
        cut = _cut(buffer, size)
        yield buffer[:cut]
        buffer = buffer[cut:]
    if buffer:
        yield buffer


def _cut(toks: list[Token], size: int) -> int:
    for j in range(size - 1, size // 2, -1):
        if toks[j].low in _CUT_MARKS:
            return j + 1
    return size
