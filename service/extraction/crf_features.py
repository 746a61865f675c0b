"""What the learned attribution tagger sees: tokens, paragraph sequences and per-token features.

A paragraph is one sequence. Each token gets its word shape, affixes, the cue lexicon's bucket for
it (package data: how often each word stands in a cue, mined word statistics, no weights), the
features of its neighbours, its distance to the nearest likely cue word, and whether it stands
inside a quotation. Training (``training.py``) and tagging (``learned.py``) both read them here,
so a model always sees the features it was trained on.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from service.extraction.model import Span

HERE = Path(__file__).parent
LEXICON_PATH = HERE / "attribution-crf.cues.json"

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|\S")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_UPPER, _LOWER, _DIGITS = re.compile(r"[A-Z]+"), re.compile(r"[a-z]+"), re.compile(r"\d+")  # for _shape
QUOTES = {"“": 1, "”": -1, '"': 0}  # 0: a straight quote toggles
OPENERS = frozenset(("that", "“", '"', ":", ",", "to", "if", "whether"))  # may begin a content after a cue

_lexicon: dict[str, str] | None = None  # word → "hi" / "mid" / "lo" share of its uses inside cues


def load_lexicon(path: Path = LEXICON_PATH) -> dict[str, str]:
    global _lexicon
    if _lexicon is None:
        _lexicon = json.loads(path.read_text(encoding="utf-8"))
    return _lexicon


def set_lexicon(lexicon: dict[str, str]) -> None:
    """Training installs the lexicon it has just mined; features read it through the cache below."""
    global _lexicon
    _lexicon = lexicon
    _word_features.cache_clear()


def _shape(word: str) -> str:
    shape = _DIGITS.sub("9", _LOWER.sub("x", _UPPER.sub("X", word)))
    return shape[:4]


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, tuple[str, ...], dict[int, tuple[str, ...]]]:
    """A word type's lowercase form, own features and the ones it lends to neighbours at ±1, ±2.

    Few features per token on purpose: tagging time grows with their number."""
    lower = word.lower()
    cue = load_lexicon().get(lower)
    own = ("w=" + lower, "s3=" + lower[-3:], "sh=" + _shape(word)) + (("cue=" + cue,) if cue else ())
    lent = {off: (f"w{off:+d}={lower}",) for off in (-2, 2)}
    for off in (-1, 1):
        lent[off] = (f"w{off:+d}={lower}",) + ((f"cue{off:+d}={cue}",) if cue else ())
    return lower, own, lent


def tokenize(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


def sequences(text: str, sentences: list[Span]) -> list[list[int]]:
    """Sentence indices grouped by paragraph (a blank line between two sentences ends one)."""
    groups: list[list[int]] = []
    for i, sentence in enumerate(sentences):
        if groups and not PARAGRAPH_BREAK.search(text, sentences[i - 1].end, sentence.start):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def sequence_tokens(text: str, sentences: list[Span], group: list[int]):
    """(start, end, sentence index) of each token of a paragraph."""
    return [(s, e, i) for i in group for s, e in tokenize(text, sentences[i].start, sentences[i].end)]


def _bucket(distance: int) -> str:
    return "1" if distance == 1 else "2-4" if distance <= 4 else "5+"


def _cue_distances(static, tokens) -> tuple[list[str], list[str]]:
    """Per token, how far back and how far ahead the nearest likely cue word of its sentence is:
    the CRF sees only neighbours, and "said on Monday that …" puts the cue out of their reach."""
    n = len(tokens)
    left, right = [""] * n, [""] * n
    last = None
    for t in range(n):
        if t and tokens[t - 1][2] != tokens[t][2]:
            last = None
        if last is not None:
            left[t] = _bucket(t - last)
        if "cue=hi" in static[t][1]:
            last = t
    last = None
    for t in range(n - 1, -1, -1):
        if t < n - 1 and tokens[t + 1][2] != tokens[t][2]:
            last = None
        if last is not None:
            right[t] = _bucket(last - t)
        if "cue=hi" in static[t][1]:
            last = t
    return left, right


def features(text: str, tokens: list[tuple[int, int, int]]) -> list[list[str]]:
    static = [_word_features(text[s:e]) for s, e, _ in tokens]
    n = len(tokens)
    left, right = _cue_distances(static, tokens)
    in_quote = False
    out = []
    sent_start = 0
    for t in range(n):
        if t == 0 or tokens[t - 1][2] != tokens[t][2]:
            sent_start = t
        lower, own, _ = static[t]
        feats = list(own)
        for off in (-2, -1, 1, 2):
            j = t + off
            feats.extend(static[j][2][off] if 0 <= j < n else ("edge%+d" % off,))
        if left[t]:
            feats.append("cl=" + left[t])
            if lower in OPENERS:
                feats.append("open=" + lower + left[t])
        if right[t]:
            feats.append("cr=" + right[t])
        if t - sent_start < 2:
            feats.append("pos=%d" % (t - sent_start))
        if t and (len(own) > 3 or len(static[t - 1][1]) > 3):  # word pairs only around lexicon words
            feats.append("bg=" + static[t - 1][0] + "|" + lower)
        if lower in QUOTES:
            direction = QUOTES[lower] or (-1 if in_quote else 1)
            feats.append("qopen" if direction > 0 else "qclose")
            in_quote = direction > 0
        elif in_quote:
            feats.append("inq")
        out.append(feats)
    return out
