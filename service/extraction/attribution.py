"""Attribution patterns inside one sentence: find cues, then the source and content around them.

Patterns (the ``rule`` names):
  source-cue-content   Zarif said on September 8 that Iran was ready ...
  content-source-cue   "We were there," Figueroa told USA Today.   /   X, Iranian media revealed, Y.
  content-cue-source   ..., said Michael O'Hanlon, a senior fellow at Brookings.
  according-to         They had also been in Iran, according to reports.
  participle           ..., he said, adding that ...   (the source is repeated, as PolNeAR does)
  noun-cue             there were concerns that ...     (implicit source)
A later cue inside an earlier attribution's content is nested and dropped (outer wins) unless it
opens a clause of its own (", though she acknowledged ...").
"""
from __future__ import annotations

from service.extraction import lexicon
from service.extraction.attribution_base import (
    CLAUSE_OPENERS, CONTENT_FIRST, NOT_BEFORE_VERB, PARTICIPLE_LEMMAS, SUBORDINATE_CONTINUATION, Found,
    _clause_end_before, _content_after, _skip_modifiers_left,
)
from service.extraction.attribution_cues import (
    _adverb_or_participle, _cue_candidates, _noun_phrase_head, _possessive,
)
from service.extraction.attribution_np import appositive_start, left_np, right_np, subject_np
from service.extraction.attribution_patterns import (
    HEDGES, _according, _colon_quote, in_document, tail_frame, _implicit, _noun_cue, _noun_use, _participle, _short_name,
)
from service.extraction.tokens import Token

# a second verb joined by "and"/"but" takes the sentence's subject as source above this prior
COORDINATED_PRIOR = 0.3
# a relative pronoun right before a cue is its source ("the AP, which first reported") above this prior
WHO_PRIOR = 0.4
ENCOUNTER_LEMMAS = frozenset("speak talk respond reply address meet".split())
FRONTED_SUBORDINATORS = frozenset("though although while if when as because since after before despite unless".split())


# "NAME, <aside>, said ...": only strong speech verbs, and a name of at most this many words
OPENING_NAME_PRIOR = 0.6
OPENING_NAME_WORDS = 5
NAME_OPENER_STOP = FRONTED_SUBORDINATORS | lexicon.PRONOUNS.keys() | frozenset(
    "in on at then now still yet so but and or after before during by for with instead meanwhile however "
    "yes no well also indeed later earlier today yesterday last this that there here monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august september october "
    "november december".split())


# a strong cue whose source cannot be delimited still marks its content (source left implicit)
SOURCELESS_PRIOR = 0.6


def _sourceless(toks, start, end, lemma, prior) -> Found | None:
    if prior < SOURCELESS_PRIOR:
        return None
    k, colon = _content_after(toks, end, len(toks), lemma)
    stop = _first_comma(toks, k)  # "When asked if ..., Gale said": only its own clause
    if k >= stop or not any(t.kind == "w" for t in toks[k:stop]):
        return None
    return Found((start, end), None, [(k, stop)], "source-cue-content", lemma, prior * 0.5, colon)


def _first_comma(toks: list[Token], k: int) -> int:
    return next((j for j in range(k, len(toks)) if toks[j].low in (",", ";")), len(toks))


def find_in_sentence(toks: list[Token], quoted=None) -> list[Found]:
    """All attributions of one sentence's tokens, nested ones removed.  ``quoted(offset)`` tells
    whether a character lies inside a quotation: a cue there is part of someone's quoted words."""
    n = len(toks)
    found: list[Found] = []
    for start, end, lemma, prior, group, implicit in _cue_candidates(toks):
        if quoted is not None and quoted(toks[start].start):
            continue
        if lemma in HEDGES:
            continue
        if implicit >= lexicon.IMPLICIT_SHARE and _adverb_or_participle(toks[start].low):
            item = _implicit(toks, start, end, lemma, prior)
        else:
            item = _match(toks, start, end, lemma, prior, group, found)
        if item is not None:
            found.append(item)
    if not found:
        document = in_document(toks)
        if document is not None:
            found.append(document)
    if not found:
        colon = _colon_quote(toks)
        if colon is not None:
            found.append(colon)
    if not any(f.rule in CONTENT_FIRST for f in found):
        tail = tail_frame(toks)
        if tail is not None and not any(f.cue[0] >= tail.source[0] - 1 for f in found) and not (
            quoted is not None and quoted(toks[tail.cue[0]].start)
        ):
            found.append(tail)
    return _resolve_nesting(toks, found, n)


def _match(toks, start, end, lemma, prior, group, earlier) -> Found | None:
    n = len(toks)
    if group == "according":
        return _according(toks, start, end, prior)
    if group == "noun":
        return _noun_cue(toks, start, end, lemma, prior)
    left = _skip_modifiers_left(toks, start)
    before = toks[left] if left >= 0 else None
    if _noun_use(toks, start, end, left):
        return None
    if _noun_phrase_head(toks, start):
        return None
    if start == 1 and toks[0].low == "that" and end < n and toks[end].low == ",":
        return None  # "That said, ...": a discourse marker
    following = toks[end].low if end < n else ""
    if lemma in ENCOUNTER_LEMMAS and following in ("to", "with", "at", "in", "on", "before", "from", "after", "outside"):
        return None  # "Rubio spoke to reporters", "Bill Clinton spoke with voters": a meeting, no content
    if before is not None and before.low == "there":  # "there were concerns that ...": implicit source
        k, colon = _content_after(toks, end, n, lemma)
        return Found((start, end), None, [(k, n)], "noun-cue", lemma, prior, colon) if k < n else None
    if start == 0 and toks[0].low == "asked" and n > 2:
        stop = next((j for j in range(1, n) if toks[j].low == ","), n)
        return Found((0, 1), None, [(1, stop)], "asked", lemma, prior * 0.7) if stop > 1 else None
    if start > 0 and (toks[start - 1].low in NOT_BEFORE_VERB or _possessive(toks[start - 1])):
        return None  # "these talks", "for talks", "a say": a noun, not the verb
    if before is not None and before.low == "," and left >= 1 and end < n and (
        toks[end].low in (",", ":") or toks[end].kind == "q" or toks[left - 1].low == ")"
    ):
        name = left_np(toks, left - 1)
        if name is not None and (toks[name].is_capitalized or toks[name].low in lexicon.DETERMINERS):
            k, colon = _content_after(toks, end, n, lemma)
            if k < n:  # "Gov. John Kasich (R-OH), said, “I’m getting ready ...”"
                return Found((start, end), (name, left), [(k, n)], "source-cue-content", lemma, prior, colon)
    if before is not None and (before.low in (",", "—", "–", "--") or before.kind == "q") and toks[start].low.endswith("ing"):
        return _participle(toks, start, end, lemma, prior, earlier)  # '..., referring to ...'
    if before is not None and before.low in (",", "”", "''", '"') or (before is not None and before.kind == "q"):
        appos = appositive_start(toks, left)
        if appos is not None:
            k, colon = _content_after(toks, end, n, lemma)
            if k < n:
                return Found((start, end), (appos, left), [(k, n)], "source-cue-content", lemma, prior, colon)
        src = right_np(toks, end)
        if src is not None and (src[1] >= n or toks[src[1]].kind == "p" or toks[src[1]].low in ("when", "as", "who")) \
                and _short_name(toks, src):
            content_end = _clause_end_before(toks, left + 1, 0)
            content = [(0, content_end)] if content_end > 0 else []
            if content:
                return Found((start, end), src, content, "content-cue-source", lemma, prior)
        if lemma in PARTICIPLE_LEMMAS and toks[start].low.endswith("ing"):
            return _participle(toks, start, end, lemma, prior, earlier)
        return _opening_name(toks, start, end, left, lemma, prior)
    if before is not None and before.low in ("and", "but", "then"):
        k, colon = _content_after(toks, end, n, lemma)
        main = next((e for e in earlier if e.rule == "source-cue-content"), earlier[0]) if earlier else None
        source = main.source if main else subject_np(toks) if prior >= COORDINATED_PRIOR else None
        relative = main is None and source is not None and any(
            t.low in ("which", "who", "that") for t in toks[source[1]:left]
        )  # "Pakistan, which once backed X and has preferred Y": the verbs belong to the relative clause
        if k < n and source is not None and source[1] <= left and not relative:
            return Found((start, end), source, [(k, n)], "coordinated", lemma, prior, colon,
                         {"clause": left})
        return None
    if before is None or before.kind != "w" and before.low not in (")", "—", "–", "--"):
        return None
    if before.low in ("who", "which") and prior >= WHO_PRIOR:
        k, colon = _content_after(toks, end, n, lemma)
        if k < n:
            return Found((start, end), (left, left + 1), [(k, n)], "source-cue-content", lemma, prior * 0.8, colon)
        return None
    src_start = left_np(toks, left)
    if src_start is None:
        return _sourceless(toks, start, end, lemma, prior)
    src = (src_start, left + 1)
    prev = src_start - 1
    after = end
    rest_words = sum(1 for t in toks[after:] if t.kind == "w")
    # "Though it is difficult ..., experts say it ...": the comma only closes a fronted clause
    fronted = toks[0].low in FRONTED_SUBORDINATORS and not any(t.low == "," for t in toks[:max(prev, 0)]) and not (
        after < n and toks[after].low == ","  # "When she got inside, she said, there were no ballots": a parenthetical
    )
    if prev >= 2 and toks[prev].low == "as" and toks[prev - 1].low == "," and rest_words <= 4:
        # "..., as Clinton supporters point out.": the main clause is the content
        return Found((start, end), src, [(0, prev - 1)], "content-source-cue", lemma, prior)
    if prev >= 0 and (toks[prev].low == "," or toks[prev].kind == "q") and src_start > 1 and not fronted:
        content = [(0, _clause_end_before(toks, src_start, 0))]
        if after < n and toks[after].low == "," and rest_words > 0:
            following = toks[after + 1].low if after + 1 < n else ""
            if following not in SUBORDINATE_CONTINUATION and not following.endswith("ing"):
                content.append((after + 1, n))
            return Found((start, end), src, content, "content-source-cue", lemma, prior)
        if rest_words <= 6 and not any(t.low == "that" for t in toks[after:]):
            return Found((start, end), src, content, "content-source-cue", lemma, prior)
    if after < n and toks[after].low == "," and not any(
        t.kind == "q" or t.low == "that" for t in toks[after + 1:after + 9]
    ):
        return None  # "the Sunday morning shows, Carson said": a noun before a comma, not a cue
    k, colon = _content_after(toks, end, n, lemma)
    # "After Tanden informed Soros that ..., Tanden wrote that ...": a fronted clause ends at its comma
    stop = _first_comma(toks, k) if src_start == 1 and toks[0].low in FRONTED_SUBORDINATORS else n
    if k >= stop or not any(t.kind == "w" for t in toks[k:stop]):
        if src_start == 0 and rest_words == 0 and prior >= 0.5:
            # "Mr. Manafort asked." alone: what was asked is the sentence before (a quote ending in ?”)
            return Found((start, end), src, [], "previous-sentence", lemma, prior * 0.8, extra={"previous": True})
        return None
    return Found((start, end), src, [(k, stop)], "source-cue-content", lemma, prior, colon)


def _opening_name(toks, start, end, left, lemma, prior) -> Found | None:
    """"Tester, himself up for reelection, said he ...": a strong speech verb after a comma whose
    sentence opens with a short proper name and its comma takes that name as source."""
    n = len(toks)
    if prior < OPENING_NAME_PRIOR or end >= n or toks[end].kind != "w" or toks[end].low in lexicon.CLAUSE_WORDS - {"that"}:
        return None
    k, colon = _content_after(toks, end, n, lemma)
    if k >= n:
        return None
    name = _appositive_name(toks, left)
    if name is not None:  # "Another delegate on the slate, Jim Poolman, said he ...": the name itself
        return Found((start, end), name, [(k, n)], "source-cue-content", lemma, prior * 0.8, colon)
    comma = next((j for j in range(min(n, OPENING_NAME_WORDS + 1)) if toks[j].low == ","), None)
    if not comma or comma >= left or not toks[0].is_capitalized or toks[0].low in NAME_OPENER_STOP:
        return None
    if not all(t.is_capitalized or t.low in ("of", "'s", "’s") for t in toks[:comma]):
        return None
    return Found((start, end), (0, comma), [(k, n)], "source-cue-content", lemma, prior * 0.8, colon)


def _appositive_name(toks, comma) -> tuple[int, int] | None:
    """A two-to-four-word proper name set off by commas right before the cue."""
    j = comma - 1
    while j >= 0 and toks[j].kind == "w" and toks[j].is_capitalized and comma - j <= 5:
        j -= 1
    words = comma - 1 - j
    if 2 <= words <= 4 and j >= 1 and toks[j].low == "," and toks[j + 1].low not in NAME_OPENER_STOP:
        return (j + 1, comma)
    return None


def _inside(i: int, ranges) -> bool:
    return any(s <= i < e for s, e in ranges)


def _resolve_nesting(toks: list[Token], found: list[Found], n: int) -> list[Found]:
    """Drop attributions whose cue lies in another's content (the outer one wins); an inner one that
    opens a clause of its own beside a content-after outer stays, and the outer's content stops there.
    Decided on the contents as found, then applied, so the order of cues does not matter."""
    keep, cuts = [], []
    for item in found:
        outer = [o for o in found if o is not item and _inside(item.cue[0], o.content)
                 and (not _inside(o.cue[0], item.content) or _rank(o) >= _rank(item))]
        if not outer:
            keep.append(item)
        elif (_opens_clause(toks, item) or _main_after_fronted(toks, item, outer)) and not any(
            o.rule in CONTENT_FIRST for o in outer
        ):
            keep.append(item)
            cuts.extend((o, _clause_start(item)) for o in outer)
    for o, clause in cuts:
        o.content = [(s, min(e, _clause_end_before(toks, clause, s))) for s, e in o.content]
        o.content = [(s, e) for s, e in o.content if e > s]
    return [k for k in keep if k.content or k.extra.get("previous")]


def _main_after_fronted(toks: list[Token], item: Found, outer: list[Found]) -> bool:
    """"In a statement issued ..., Carson said ...": a likelier cue whose source opens the clause after
    a comma is the main verb; the weaker cues before that comma sit in a fronted phrase."""
    if item.rule != "source-cue-content" or item.source is None or item.source[0] < 2:
        return False
    s = item.source[0]
    return toks[s - 1].low == "," and all(o.cue[0] < s and o.prior < item.prior for o in outer)


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
    if item.rule in ("participle", "coordinated"):
        return True
    if item.source is not None and toks[item.source[0]].low in ("who", "which"):
        return True
    s = _clause_start(item)
    if item.source is None or item.rule not in ("source-cue-content",):
        return False
    j = s - 1
    if j >= 0 and toks[j].low == ";":
        return True
    return j >= 1 and toks[j].low in CLAUSE_OPENERS and toks[j - 1].low in (",", ";")
