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
    # "10,000" and "$1,250" are one word: a comma between digit groups is no clause boundary
    r"|\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?(?![\w])"
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


# the same pattern behind the spaces before each token: findall then yields plain tuples in C, and
# the offsets follow from the lengths (every character is a space or part of a token)
# A word opening in lowercase is tried first (group "l"): the other alternatives cannot match there
# (quote marks, capitalised abbreviations, digits and "$" open differently), so it is the same
# token, found without first failing them; most tokens of news prose are such words.
_SPACED = re.compile(r"(\s*)(?:(?P<l>[a-z][\w$%]*(?:['’.\-][\w$%]+)*)|" + _TOKEN.pattern + ")")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[Token] = []
    append = out.append
    new = tuple.__new__  # Token(...) through tuple.__new__ skips the NamedTuple keyword handling
    pos = start
    for space, lower, q, w, p in _SPACED.findall(text, start, end):
        a = pos + len(space)
        w = lower or w
        if w:  # most tokens are words: one test, and the kind is known without a second branch
            pos = a + len(w)
            low = w.lower()
            append(new(Token, (a, pos, w, low.replace("’", "'") if "’" in low else low, "w")))
        elif q:  # quote marks have no case and no apostrophe: their low is the mark itself
            pos = a + len(q)
            append(new(Token, (a, pos, q, q, "q")))
        else:
            pos = a + len(p)
            low = p.lower()
            append(new(Token, (a, pos, p, low.replace("’", "'") if "’" in low else low, "p")))
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
    if end - start <= 16 * size:  # short enough to list at once (at most 4,096 characters)
        toks = tokenize(text, start, end)
        while len(toks) > size:
            cut = _cut(toks, size)
            yield toks[:cut]
            toks = toks[cut:]
        yield toks
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
