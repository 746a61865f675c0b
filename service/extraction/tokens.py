"""A regex tokenizer with offsets: words (with inner apostrophes, hyphens and abbreviation dots),
quote marks and single punctuation characters.  One precompiled pattern, linear in the text."""
from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(
    r"(?P<q>''|``|[\"“”])"
    # the (?=[A-Z]) guard lets lowercase words skip the abbreviation alternatives in one test
    r"|(?P<w>(?=[A-Z])(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Capt|Maj|Adm|Pres|No)\.(?=\s))"
    r"|[\w$%]+(?:['’.\-][\w$%]+)*)"
    r"|(?P<p>--|[^\s\w])"
)
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
