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

from dataclasses import dataclass, field

from service.extraction import lexicon
from service.extraction.attribution_np import appositive_start, left_np, right_np, subject_np
from service.extraction.tokens import Token

PARTICIPLE_LEMMAS = frozenset("say add note cite call argue tell refer ask explain suggest claim warn describe".split())
# subordinators that let a second attribution stand beside the first in one sentence
CLAUSE_OPENERS = frozenset("but though although while whereas and yet however".split())
# verbs whose addressee may stand between them and "that" ("told Mullah Baradar that ...")
OBJECT_THEN_THAT = frozenset("tell warn remind assure inform convince promise persuade notify advise ask email write".split())
ADJUNCT_BEFORE_THAT = frozenset(
    "on in at during last this earlier later on monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december week month year "
    "a an the statement interview press conference news release tweet tweets twitter post facebook email "
    "letter speech radio television tv briefing recently repeatedly again also previously publicly "
    "privately morning afternoon evening night reporters".split()
)
NOT_BEFORE_VERB = frozenset("a an the these those this his her their its our my your for of in on at with about to from by".split())
SUBORDINATE_CONTINUATION = frozenset("although though but which while because as whereas who when if since".split())
# patterns whose content precedes the cue: when two cues hold each other in their content
# ('X called for Y, sources said'), the one with content first is the outer attribution
CONTENT_FIRST = frozenset(["content-source-cue", "content-cue-source", "according-to"])
PATTERN_WEIGHT = {
    "source-cue-content": 1.0, "content-source-cue": 1.0, "content-cue-source": 1.0, "according-to": 1.0,
    "participle": 0.85, "noun-cue": 0.6, "coordinated": 0.85, "asked": 0.9, "implicit": 0.8, "colon-quote": 1.0,
}


@dataclass
class Found:
    """One attribution in token indices of the sentence (ranges are inclusive-exclusive)."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    rule: str
    lemma: str
    prior: float
    cue_colon: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        return max(0.0, min(1.0, self.prior * PATTERN_WEIGHT.get(self.rule, 0.8)))


def _cue_candidates(toks: list[Token]) -> list[tuple[int, int, str, float, str]]:
    """(start, end, lemma, prior, group, implicit share) for every cue in the sentence."""
    out, taken = [], set()
    phrases = lexicon.phrases()
    lows = [t.low for t in toks]
    for i in range(len(toks)):
        if lows[i] == "according" and i + 1 < len(toks) and lows[i + 1] == "to":
            out.append((i, i + 2, "according to", 0.93, "according", 0.0))
            taken.update((i, i + 1))
    heads = lexicon.phrase_heads()
    for i in range(len(toks)):
        if i in taken or toks[i].kind != "w" or lows[i] not in heads:
            continue
        for n in (3, 2):
            phrase = " ".join(lows[i:i + n])
            if len(lows[i:i + n]) == n and phrases.get(phrase, 0) >= lexicon.PHRASE_THRESHOLD and lows[i] not in lexicon.CUE_MODIFIERS:
                cue = lexicon.all_forms().get(lows[i])
                prior = max(phrases[phrase], cue.prior if cue else 0.0)
                out.append((i, i + n, cue.lemma if cue else lows[i], prior, cue.group if cue else "speech", 0.0))
                taken.update(range(i, i + n))
                break
    forms = lexicon.all_forms()
    for i, tok in enumerate(toks):
        if i in taken or tok.kind != "w":
            continue
        cue = forms.get(tok.low)
        if cue is not None and _accepted(cue, lows[i + 1] if i + 1 < len(lows) else ""):
            out.append((i, i + 1, cue.lemma, cue.prior, cue.group, cue.implicit))
    out.sort()
    return out


def _accepted(cue: lexicon.Cue, following: str) -> bool:
    """A form is a cue above its group's threshold, or with less prior when the next word
    makes the frame unmistakable: a complement clause ("believes that"), a colon, or for
    beliefs and intentions an infinitive ("plans to")."""
    if cue.prior >= lexicon.THRESHOLD[cue.group]:
        return True
    if following in ("that", ":"):
        return cue.prior >= lexicon.FRAME_THRESHOLD
    return following == "to" and cue.group == "belief" and cue.prior >= lexicon.FRAME_THRESHOLD


def _skip_modifiers_left(toks: list[Token], i: int) -> int:
    """Index of the first token left of ``i`` that is not an auxiliary or adverb."""
    j = i - 1
    while j >= 0 and toks[j].low in lexicon.CUE_MODIFIERS:
        j -= 1
    return j


def _content_after(toks: list[Token], k: int, end: int, lemma: str = "") -> tuple[int, bool]:
    """Where the content after a cue starts: at a nearby complementizer "that" (past a date or an
    addressee: "said on September 8 that", "told Mullah Baradar that"), after a colon, else right away."""
    colon = False
    addressee = lemma in OBJECT_THEN_THAT
    for j in range(k, min(end, k + 9)):
        low = toks[j].low
        if low == "that":
            return j, colon
        if low == ":":
            return j + 1, True
        if toks[j].kind in "pq" and low not in ("(", ")", "-", "'", ","):
            break
        if not (addressee or low in ADJUNCT_BEFORE_THAT or low.isdigit() or low == ","):
            break
    if k < end and toks[k].low == ",":
        k += 1
    return k, colon


def _clause_end_before(toks: list[Token], i: int, lo: int) -> int:
    """End (exclusive) of the content that precedes a cue clause starting at ``i``: before its comma."""
    j = i
    while j > lo and (toks[j - 1].kind in "pq" or toks[j - 1].low in CLAUSE_OPENERS):
        if toks[j - 1].kind == "q" and toks[j - 1].low not in ("”", "''", '"'):
            break
        if toks[j - 1].kind == "q":
            return j
        j -= 1
    return j


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
        if implicit >= lexicon.IMPLICIT_SHARE:
            item = _implicit(toks, start, end, lemma, prior)
        else:
            item = _match(toks, start, end, lemma, prior, group, found)
        if item is not None:
            found.append(item)
    if not found:
        colon = _colon_quote(toks)
        if colon is not None:
            found.append(colon)
    return _resolve_nesting(toks, found, n)


ROLE_SUFFIXES = ("er", "or", "ist", "man", "woman", "ian", "ent", "ant")


def _colon_quote(toks: list[Token]) -> Found | None:
    """"... doesn't surprise pollster Daron Shaw: “Historically, ...”": the colon is the cue."""
    for i in range(1, len(toks) - 2):
        if toks[i].low == ":" and toks[i + 1].kind == "q" and toks[i - 1].is_capitalized:
            start = i - 1  # the name before the colon, with a role word before it ("pollster Dan Reyes")
            while start > 0 and (toks[start - 1].is_capitalized or toks[start - 1].low in (".", "-")):
                start -= 1
            if start > 0 and toks[start - 1].low.endswith(ROLE_SUFFIXES):
                start -= 1
            if toks[start].kind == "w":
                return Found((i, i + 1), (start, i), [(i + 1, len(toks))], "colon-quote", ":", 0.6)
    return None


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
    if before is not None and before.low == "there":  # "there were concerns that ...": implicit source
        k, colon = _content_after(toks, end, n, lemma)
        return Found((start, end), None, [(k, n)], "noun-cue", lemma, prior, colon) if k < n else None
    if start == 0 and toks[0].low == "asked" and n > 2:
        stop = next((j for j in range(1, n) if toks[j].low == ","), n)
        return Found((0, 1), None, [(1, stop)], "asked", lemma, prior * 0.7) if stop > 1 else None
    if start > 0 and toks[start - 1].low in NOT_BEFORE_VERB:
        return None  # "these talks", "for talks", "a say": a noun, not the verb
    if before is not None and before.low == "," and left >= 1 and end < n and (
        toks[end].low in (",", ":") or toks[end].kind == "q"
    ):
        name = left_np(toks, left - 1)
        if name is not None and (toks[name].is_capitalized or toks[name].low in lexicon.DETERMINERS):
            k, colon = _content_after(toks, end, n, lemma)
            if k < n:  # "Gov. John Kasich (R-OH), said, “I’m getting ready ...”"
                return Found((start, end), (name, left), [(k, n)], "source-cue-content", lemma, prior, colon)
    if before is not None and before.low in (",", "”", "''", '"') or (before is not None and before.kind == "q"):
        appos = appositive_start(toks, left)
        if appos is not None:
            k, colon = _content_after(toks, end, n, lemma)
            if k < n:
                return Found((start, end), (appos, left), [(k, n)], "source-cue-content", lemma, prior, colon)
        src = right_np(toks, end)
        if src is not None and (src[1] >= n or toks[src[1]].kind == "p") and _short_name(toks, src):
            content_end = _clause_end_before(toks, left + 1, 0)
            content = [(0, content_end)] if content_end > 0 else []
            if content:
                return Found((start, end), src, content, "content-cue-source", lemma, prior)
        if lemma in PARTICIPLE_LEMMAS and toks[start].low.endswith("ing"):
            return _participle(toks, start, end, lemma, prior, earlier)
        return None
    if before is not None and before.low in ("and", "but"):
        k, colon = _content_after(toks, end, n, lemma)
        main = next((e for e in earlier if e.rule == "source-cue-content"), earlier[0]) if earlier else None
        source = main.source if main else subject_np(toks) if prior >= 0.5 else None
        if k < n and source is not None and source[1] <= left:
            return Found((start, end), source, [(k, n)], "coordinated", lemma, prior, colon,
                         {"clause": left})
        return None
    if before is None or before.kind != "w" and before.low != ")":
        return None
    if before.low in ("who", "which") and prior >= 0.5:
        k, colon = _content_after(toks, end, n, lemma)
        if k < n:
            return Found((start, end), (left, left + 1), [(k, n)], "source-cue-content", lemma, prior * 0.8, colon)
        return None
    src_start = left_np(toks, left)
    if src_start is None:
        return None
    src = (src_start, left + 1)
    prev = src_start - 1
    after = end
    rest_words = sum(1 for t in toks[after:] if t.kind == "w")
    if prev >= 0 and (toks[prev].low == "," or toks[prev].kind == "q") and src_start > 1:
        content = [(0, _clause_end_before(toks, src_start, 0))]
        if after < n and toks[after].low == "," and rest_words > 0:
            if after + 1 < n and toks[after + 1].low not in SUBORDINATE_CONTINUATION:
                content.append((after + 1, n))
            return Found((start, end), src, content, "content-source-cue", lemma, prior)
        if rest_words <= 6 and not any(t.low == "that" for t in toks[after:]):
            return Found((start, end), src, content, "content-source-cue", lemma, prior)
    if after < n and toks[after].low == "," and not (after + 1 < n and toks[after + 1].kind == "q"):
        return None  # "the Sunday morning shows, Carson said": a noun before a comma, not a cue
    k, colon = _content_after(toks, end, n, lemma)
    if k >= n or not any(t.kind == "w" for t in toks[k:]):
        return None
    return Found((start, end), src, [(k, n)], "source-cue-content", lemma, prior, colon)


# the writer's own hedges ("the talks seemed to be going well"): PolNeAR marks them, but they name
# no source an analyst could check, so the product leaves them out
HEDGES = frozenset("seem appear look sound".split())
PASSIVE_AUX = frozenset("be been being is was were are".split())


def _noun_use(toks: list[Token], start: int, end: int, left: int) -> bool:
    """"talks seemed", "concerns the US might be seen": the cue word is a noun here, or a passive
    participle ("might be seen to") whose subject is not its source."""
    following = toks[end].low if end < len(toks) else ""
    if following in FINITE_AFTER_NOUN or (following.endswith("ed") and toks[start].low.endswith("s")):
        return True
    skipped = {t.low for t in toks[left + 1:start]}
    participle = toks[start].low.endswith(("ed", "en", "wn")) or toks[start].low in ("seen", "told", "said", "thought")
    return bool(skipped & PASSIVE_AUX) and participle and following != "by"


FINITE_AFTER_NOUN = frozenset("is was are were has have had will would seemed seems appear appeared".split())


def _implicit(toks, start, end, lemma, prior) -> Found | None:
    """"The FBI is reportedly making ...", "he seemed to ...": no source; the content is the
    subject and the rest of the clause around the cue."""
    left = _skip_modifiers_left(toks, start)
    content = []
    if left >= 0 and toks[left].kind == "w" and toks[left].low not in ("there", "it"):
        subject = left_np(toks, left)
        if subject is not None:
            content.append((subject, left + 1))
    k, _ = _content_after(toks, end, len(toks), lemma)
    if k < len(toks) and any(t.kind == "w" for t in toks[k:]):
        content.append((k, len(toks)))
    if not content:
        return None
    return Found((start, end), None, content, "implicit", lemma, prior)


def _short_name(toks: list[Token], src: tuple[int, int]) -> bool:
    """An inverted source is a name or a short description, up to its appositive comma."""
    head = 0
    for tok in toks[src[0]:src[1]]:
        if tok.low == ",":
            break
        head += tok.kind == "w"
    return head <= 7


def _according(toks, start, end, prior) -> Found | None:
    n = len(toks)
    sentence_initial = start == 0 or (start == 1 and toks[0].kind == "p")
    src = right_np(toks, end, allow_lower=True, appositive=not sentence_initial)
    if src is None:
        return None
    if sentence_initial:
        k = src[1] + 1 if src[1] < n and toks[src[1]].low == "," else src[1]
        return Found((start, end), src, [(k, n)], "according-to", "according to", prior) if k < n else None
    content_end = _clause_end_before(toks, start, 0)
    content = [(0, content_end)] if content_end > 0 else []
    if src[1] < n - 1 and toks[src[1]].low == "," and toks[src[1] + 1].low not in SUBORDINATE_CONTINUATION:
        content.append((src[1] + 1, n))
    return Found((start, end), src, content, "according-to", "according to", prior) if content else None


def _noun_cue(toks, start, end, lemma, prior) -> Found | None:
    if end >= len(toks) - 1 or toks[end].low != "that":
        return None
    source = None
    if start > 0 and toks[start - 1].low.endswith(("'s", "’s")) and toks[start - 1].is_capitalized:
        source = (start - 1, start)
    return Found((start, end), source, [(end, len(toks))], "noun-cue", lemma, prior)


def _participle(toks, start, end, lemma, prior, earlier) -> Found | None:
    k, colon = _content_after(toks, end, len(toks), lemma)
    if k >= len(toks):
        return None
    source = earlier[-1].source if earlier else subject_np(toks)
    if source is None:
        return None
    return Found((start, end), source, [(k, len(toks))], "participle", lemma, prior, colon, {"clause": start})


def _inside(i: int, ranges) -> bool:
    return any(s <= i < e for s, e in ranges)


def _resolve_nesting(toks: list[Token], found: list[Found], n: int) -> list[Found]:
    """Drop attributions whose cue lies in another's content (the outer one wins); split siblings."""
    keep = []
    for item in found:
        outer = [o for o in found if o is not item and _inside(item.cue[0], o.content)
                 and (not _inside(o.cue[0], item.content) or item.rule not in CONTENT_FIRST)]
        if not outer:
            keep.append(item)
            continue
        if _opens_clause(toks, item):
            for o in outer:
                o.content = [(s, min(e, _clause_end_before(toks, _clause_start(item), s))) for s, e in o.content]
                o.content = [(s, e) for s, e in o.content if e > s]
            keep.append(item)
    return [k for k in keep if k.content]


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
