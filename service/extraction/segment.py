"""Sentence splitting for news copy: one regex scan over the text, a local decision per candidate.

Every line break ends a paragraph (PolNeAR and wire copy put one paragraph per line), so a line is
never shared by two paragraphs and a headline without a final period is a sentence of its own.
Inside a line, each run of terminators (``.``, ``?``, ``!``, ``…``, ``。``) plus the quotes and
brackets closing after it is a *candidate*; the words just before and after it decide whether a
sentence ends there.  The work per candidate is bounded (a 40-character look-back, one anchored
match forward), so the whole split is linear in the length of the text.
"""
from __future__ import annotations

import re

from service.extraction.model import Span

# Abbreviations, lowercased, without their final period. Titles and words that stand before a name
# never end a sentence; "number" ones never before a digit ("No. 5", "Sept. 11"); "suffix" ones
# ("Inc.", "Jr.", "Calif.", and dotted acronyms like "U.S.", "a.m.") end one when a common sentence
# opener follows ("… in the U.S. The …") and not before other capitalised words ("U.S. Senate").
PREFIXES = frozenset(
    "mr mrs ms mssrs messrs mmes dr drs prof gov govs sen sens rep reps lt col gen gens sgt capt cmdr"
    " adm maj brig cpl pvt pfc lieut cmdt supt insp det atty hon rev fr msgr pres amb st mt ft"
    " cong asst ald spc cpt ens vs v e.g i.e a.k.a cf viz ca approx"
    .split()
)
NUMBER_PREFIXES = frozenset(
    "no nos art arts sec secs vol vols p pp fig figs ch chap para pt rm apt ste ext op ed eds"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
    .split()
)
SUFFIXES = frozenset(
    "inc corp co cos ltd llc plc bros jr sr esq etc al dept depts govt univ assn intl natl ave blvd rd"
    " hwy sq"
    " ala ariz ark calif colo conn del fla ga ind kan kans ky la md mass mich minn mo mont"
    " neb nev okla ore pa penn tenn tex va vt wash wis wisc wyo"
    .split()
)
SENTENCE_STARTERS = frozenset(
    "The A An This That These Those There Their They Them He She It Its His Her Hers We Our Us I You"
    " Your My Me In On At As For From By With Without Within To Of Into After Before During Since"
    " Until Under Over While When Where Whether Why What Which Who How If But And Or Nor So Yet Still"
    " Then Now Meanwhile However Although Though Even Also Instead Indeed Thus Yes No Not Some Many"
    " Most More Much Few Several All Both Each Every Any Another Other One Two Three Four Five Six"
    " Last Next First Earlier Later Today Tomorrow Yesterday Despite Because Here Such Let Please"
    .split()
)
_DOTTED_ACRONYM = re.compile(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}")

# The characters str.splitlines() breaks on: each one ends the paragraph it stands in.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CLOSERS = "\"'”’»)\\]}」』）】›"
_OPENERS = "\"'“‘«([{「『（【‹"
_CJK_STOPS = "。！？｡"

_TERMINATORS = ".!?…‼⁇⁈⁉"
_EVENT = re.compile(
    # the lookahead names every character an event can start with: the regex engine then skips
    # ahead to the next such character instead of trying the three alternatives at every position
    rf"(?=[{_LINE_BREAKS}{_CJK_STOPS}{_TERMINATORS}])"
    rf"(?:(?P<brk>[{_LINE_BREAKS}])"
    rf"|(?P<cjk>[{_CJK_STOPS}]+)[{_CLOSERS}]*"
    # ". . ." counts as one run; so do "?!" and "…."
    rf"|(?P<term>\.(?:[ \u00a0]\.){{2,}}|[{_TERMINATORS}]+)[{_CLOSERS}]*)"
)
# After a candidate: horizontal space (a line break would end the sentence anyway), openers, a word.
_NEXT = re.compile(rf"(?P<space>[^\S{_LINE_BREAKS}]*)(?P<open>[{_OPENERS}]*)(?P<word>\w*)")
_LOOKBACK = 40
_NO_BOUNDARY_BEFORE = set("-–—,;:%")


def split_sentences(text: str) -> list[tuple[Span, int]]:
    """Return (sentence span, paragraph index) pairs in reading order.

    Sentences carry no leading or trailing whitespace and together cover every non-space
    character of ``text`` exactly once; ``text[span.start:span.end] == span.text``.
    """
    out: list[tuple[Span, int]] = []
    paragraph = 0
    line_used = False  # whether the current line has produced a sentence yet
    start = 0
    for event in _EVENT.finditer(text):
        kind = event.lastgroup  # each alternative holds exactly one named group: brk, cjk or term
        if kind == "brk":
            if _append(out, text, start, event.start(), paragraph):
                line_used = True
            if line_used:
                paragraph += 1
                line_used = False
            start = event.end()
        elif kind == "cjk" or _ends_sentence(text, start, event):
            if _append(out, text, start, event.end(), paragraph):
                line_used = True
            start = event.end()
    _append(out, text, start, len(text), paragraph)
    return out


def _append(out: list, text: str, start: int, end: int, paragraph: int) -> bool:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return False
    begin = start + len(chunk) - len(chunk.lstrip())
    out.append((Span(begin, begin + len(stripped), stripped), paragraph))
    return True


def _ends_sentence(text: str, sentence_start: int, event: re.Match) -> bool:
    """Decide whether the terminator run matched by ``event`` closes a sentence."""
    term = event.group("term")
    closed = event.end() > event.end("term")  # a quote or bracket closes after the terminator
    nxt = _NEXT.match(text, event.end())
    after = nxt.end("open")
    if after >= len(text) or text[after] in _LINE_BREAKS:
        return True
    glued = not nxt.group("space")
    word = nxt.group("word")
    first = text[after]
    if any(mark in term for mark in "?!‼⁇⁈⁉"):
        return first.isupper() if glued else _starts_sentence_loosely(first)
    if term != ".":  # an ellipsis: "… and then" continues, "… The" starts afresh
        return bool(word) and word[0].isupper()
    if not word:  # a period before a symbol: "$", "(", "—", another "."
        return not glued and first not in _NO_BOUNDARY_BEFORE and first not in ".…"
    before = _previous_token(text, sentence_start, event.start())
    if glued and not closed:
        return _glued_boundary(before, word) and not _in_address(text, nxt.end())
    if word[0].islower() or _is_list_number(text, sentence_start, event.start(), before):
        return False
    return _boundary_before_capital_or_digit(before, word, closed)


def _starts_sentence_loosely(first: str) -> bool:
    # after ? and !: anything but a lowercase word or a continuing mark starts a new sentence
    return not first.islower() and first not in _NO_BOUNDARY_BEFORE


def _previous_token(text: str, sentence_start: int, dot: int) -> str:
    """The token just before the period, without its opening quotes or brackets."""
    window = text[max(sentence_start, dot - _LOOKBACK):dot]
    if not window or window[-1].isspace():
        return ""
    return window.split()[-1].lstrip(_OPENERS)


def _is_list_number(text: str, sentence_start: int, dot: int, before: str) -> bool:
    """"1. FIREWORKS FLY …": a one- or two-digit number opening a sentence numbers a list item."""
    opening = dot - len(before)
    if not (before.isdigit() and len(before) <= 2) or opening - sentence_start > _LOOKBACK:
        return False
    return not text[sentence_start:opening].strip()


def _glued_boundary(before: str, word: str) -> bool:
    """``allies.Tasnim``, ``US.On``, ``May 31.Iran``: a word and a capitalised word with no space."""
    if len(word) < 2 or not word[0].isupper() or not word[1].islower():
        return False  # "3.5", "U.S.", "cnn.com", ".NET"
    before = before.rstrip(_CLOSERS)  # 'the “peace process”.Then'
    if len(before) < 2 or "." in before or not before[-1].isalnum():
        return False
    return _abbreviation_class(before) is None


def _in_address(text: str, after_word: int) -> bool:
    """``jane.Doe@example.com``, ``Site.Name.org``: the glued word goes on as an address."""
    follow = text[after_word:after_word + 2]
    return follow[:1] == "@" or (follow[:1] in "._/" and follow[1:2].isalnum())


def _boundary_before_capital_or_digit(before: str, word: str, closed: bool) -> bool:
    if not before:
        return True
    kind = _abbreviation_class(before)
    if kind is None:
        if len(before) == 1 and before.isupper():  # an initial: "J. K. Rowling", "George W. Bush"
            return len(word) > 1 and word in SENTENCE_STARTERS
        return True
    if kind == "prefix":
        return False
    if word[0].isdigit():
        return False  # "No. 5", "Sept. 11", "Inc. 500"
    return closed or word in SENTENCE_STARTERS


def _abbreviation_class(token: str) -> str | None:
    """'prefix' (Mr., Gov.), 'number' (No., Sept.), 'suffix' (Inc., U.S., a.m.) or None."""
    key = token.lower()
    if key not in PREFIXES and key not in NUMBER_PREFIXES and key not in SUFFIXES and "-" in key:
        key = key.rsplit("-", 1)[1]  # "(R-Fla." → "fla"
    if key in PREFIXES:
        return "prefix"
    if key in NUMBER_PREFIXES:
        return "number"
    if key in SUFFIXES or _DOTTED_ACRONYM.fullmatch(key):
        return "suffix"
    return None
