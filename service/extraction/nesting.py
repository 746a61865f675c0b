"""Nesting inside one sentence: when one attribution's cue lies in another's content, which stays.

PolNeAR annotates the outer attribution only, so an inner cue is dropped, unless it opens a clause
of its own (", though she acknowledged ...", "; ...", participles, relative who/which) or is the
main verb after a fronted phrase ("In a statement issued ..., Carson said ..."): then both stay
and the outer content stops where the inner clause begins.
"""
from __future__ import annotations

from service.extraction.clauses import CLAUSE_OPENERS, CONTENT_FIRST, Found, clause_end_before
from service.extraction.tokens import Token


def _inside(i: int, ranges) -> bool:
    return any(s <= i < e for s, e in ranges)


def resolve_nesting(toks: list[Token], found: list[Found], n: int) -> list[Found]:
    """Drop attributions whose cue lies in another's content (the outer one wins); an inner one that
    opens a clause of its own beside a content-after outer stays, and the outer's content stops there.
    Decided on the contents as found, then applied, so the order of cues does not matter."""
    keep, cuts = [], []
    sources = [o.source for o in found if o.source is not None]
    # a participle inside another attribution's source describes that source ("a super PAC supporting Clinton")
    # so does any cue inside the source of a likelier one ("Gov. X, a Republican who has refused to endorse
    # Y, said ..."): a token has one role, and the source is the likelier cue's
    found = [item for item in found if not any(s <= item.cue[0] < e and (s, e) != item.source for s, e in sources)
             or not toks[item.cue[0]].low.endswith("ing") and not any(
                 o.source is not None and o.source[0] <= item.cue[0] < o.source[1] and o.prior > item.prior
                 and any(t.low in SOURCE_CLAUSE for t in toks[o.source[0]:item.cue[0]]) for o in found)]
    for item in found:
        outer = [o for o in found if o is not item and _inside(item.cue[0], o.content)
                 and (not _inside(o.cue[0], item.content) or _rank(o) >= _rank(item))]
        if not outer:
            keep.append(item)
        elif _likelier_inner(toks, item, outer):
            keep.append(item)
            cuts.extend((o, _clause_start(item)) for o in outer)
        elif _sibling_after_participle(toks, item, outer):
            keep.append(item)
            cuts.extend((o, item.cue[0] - 1) for o in outer)
        elif (_opens_clause(toks, item) or _main_after_fronted(toks, item, outer)
              or _adverbial_clause(toks, item, outer)) and not any(o.rule in CONTENT_FIRST for o in outer):
            keep.append(item)
            cuts.extend((o, _clause_start(item)) for o in outer)
    for o, clause in cuts:
        o.content = [(s, min(e, clause_end_before(toks, clause, s))) for s, e in o.content]
        o.content = [(s, e) for s, e in o.content if e > s]
    return [k for k in keep if k.content or k.extra.get("previous") or k.extra.get("next")]


def _likelier_inner(toks: list[Token], item: Found, outer: list[Found]) -> bool:
    """"Senate Democrats blocked a bill, while Cruz argued ...": a clearly likelier verb frame inside a
    weak one's object is an attribution of its own (on train two in three are), unless it sits in
    a "that" clause, which the outer verb reports."""
    if item.rule != "source-cue-content" or item.source is None or item.source[0] < 1:
        return False
    if toks[item.source[0] - 1].low in NOT_CLAUSE_START or toks[item.cue[0]].low.endswith("ing"):
        return False  # ("a series of tweets saying …", "the Commission on Presidential Debates announced")
    return all(o.rule == "source-cue-content" and (o.prior < LIKELY <= item.prior or o.prior < SURE <= item.prior)
               and o.content[0][0] != item.source[0] for o in outer)  # (not the reported clause itself)


# prior bands of that comparison: a weak outer verb below LIKELY under a likely inner one, or a
# middling one below SURE under a sure one
LIKELY, SURE = 0.5, 0.8
NOT_CLAUSE_START = frozenset("that of on in at for from by with to about".split())


# what opens a clause inside a source ("X, who has refused ...", "the U.N., which ...")
SOURCE_CLAUSE = frozenset([",", "who", "which", "that"])


def _sibling_after_participle(toks: list[Token], item: Found, outer: list[Found]) -> bool:
    """"Mr. Ward, citing ..., said ...": the verb after the participle's closing comma is the main
    verb of the same source, not part of what the participle cites."""
    c = item.cue[0]
    after_comma = c >= 1 and toks[c - 1].low == "," or c >= 2 and toks[c - 1].kind == "q" and toks[c - 2].low == ","
    return after_comma and item.source is not None and all(
        o.rule == "participle" and o.source == item.source for o in outer)


def _main_after_fronted(toks: list[Token], item: Found, outer: list[Found]) -> bool:
    """"In a statement issued ..., Carson said ...": a likelier cue whose source opens the clause after
    a comma is the main verb; the weaker cues before that comma sit in a fronted phrase."""
    if item.rule != "source-cue-content" or item.source is None or item.source[0] < 2:
        return False
    s = item.source[0]
    fronted = toks[0].low in FRONTED_PREPOSITIONS  # "In a statement announcing the pick, the union called …"
    return toks[s - 1].low == "," and all(o.cue[0] < s and (o.prior < item.prior or fronted) for o in outer)


# a sentence opening with one of these opens with an adverbial phrase: its comma ends it
FRONTED_PREPOSITIONS = frozenset("in at on during after before with amid following for from under".split())


def _rank(item: Found) -> float:
    """Which of two attributions holding each other's cue is the outer one: the likelier cue, with
    a lead for content-first patterns ('X called for Y, sources said') and none for implicit ones."""
    lead = 0.25 if item.rule in CONTENT_FIRST else -0.25 if item.rule == "implicit" else 0.0
    return item.prior + lead


def _clause_start(item: Found) -> int:
    if "clause" in item.extra:
        return item.extra["clause"]
    return min(item.cue[0], item.source[0] if item.source and item.source[0] >= 0 else item.cue[0])


def _opens_clause(toks: list[Token], item: Found) -> bool:
    """A second attribution of its own: its clause starts after ", but" / ";" / ", adding"."""
    if item.rule in ("participle", "coordinated", "relative"):
        return True
    if item.source is not None and toks[item.source[0]].low in ("who", "which"):
        return True
    s = _clause_start(item)
    if item.source is None or item.rule not in ("source-cue-content",):
        return False
    j = s - 1
    if j >= 0 and toks[j].low == ";":
        return True
    if j >= 2 and toks[j - 1].kind == "q" and toks[j - 2].low in (",", ";"):
        j -= 1  # '…confirm it,” but he said …': the closing quote sits between the comma and "but"
        return toks[j + 1].low in CLAUSE_OPENERS
    return j >= 1 and toks[j].low in CLAUSE_OPENERS and toks[j - 1].low in (",", ";")


# subordinators that open an adverbial clause of the outer verb, with or without a comma before them
ADVERBIAL_SUBORDINATORS = frozenset("because while whereas although though".split())


def _adverbial_clause(toks: list[Token], item: Found, outer: list[Found]) -> bool:
    """"X is backing Clinton because he worries ...", "... while Sanders suggests ...": a cue whose source
    opens an adverbial clause right after a subordinator is an attribution of its own, when the
    outer content is the object of its verb (no "that", colon or quotation opens it): what the
    outer cue reports does not run on into the reason or circumstance."""
    if item.rule != "source-cue-content" or item.source is None or item.source[0] < 1:
        return False
    if toks[item.source[0] - 1].low not in ADVERBIAL_SUBORDINATORS:
        return False
    return all(o.content and toks[o.content[0][0]].low != "that" and toks[o.content[0][0]].kind != "q"
               and not o.cue_colon for o in outer)
