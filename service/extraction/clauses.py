"""Shared pieces of the attribution patterns: the Found record, word classes, clause helpers."""
from __future__ import annotations

from dataclasses import dataclass, field

from service.extraction import lexicon
from service.extraction.tokens import Token

PARTICIPLE_LEMMAS = frozenset("say add note cite call argue tell refer ask explain suggest claim warn describe".split())
# subordinators that let a second attribution stand beside the first in one sentence
CLAUSE_OPENERS = frozenset(
    "but though although while whereas and yet however because since so after when before as until if".split()
)
# verbs whose addressee may stand between them and "that" ("told Mullah Baradar that ...")
OBJECT_THEN_THAT = frozenset("tell warn remind assure inform convince promise persuade notify advise ask email write".split())
ADJUNCT_BEFORE_THAT = frozenset(
    "on in at during last this earlier later on monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december week month year "
    "a an the statement interview press conference news release tweet tweets twitter post facebook email "
    "letter speech radio television tv briefing recently repeatedly again also previously publicly "
    "privately morning afternoon evening night reporters".split()
)
NOT_BEFORE_VERB = frozenset(
    "a an the these those this his her their its our my your for of in on at with about to from by without worth".split()
)
SUBORDINATE_CONTINUATION = frozenset("although though but which while because as whereas who when if since".split())
# patterns whose content precedes the cue: when two cues hold each other in their content
# ('X called for Y, sources said'), the one with content first is the outer attribution
CONTENT_FIRST = frozenset(["content-source-cue", "content-cue-source", "according-to"])
PATTERN_WEIGHT = {
    "source-cue-content": 1.0, "content-source-cue": 1.0, "content-cue-source": 1.0, "according-to": 1.0,
    "participle": 0.85, "noun-cue": 0.6, "in-document": 1.0, "coordinated": 0.85, "asked": 0.9, "implicit": 0.8, "colon-quote": 1.0, "previous-sentence": 1.0,
    "next-sentence": 1.0, "passive-by": 0.9,
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


def skip_modifiers_left(toks: list[Token], i: int) -> int:
    """Index of the first token left of ``i`` that is not an auxiliary or adverb."""
    j = i - 1
    while j >= 0 and (toks[j].low in lexicon.CUE_MODIFIERS or toks[j].kind == "w" and toks[j].low.endswith("ly")
                      and not toks[j].is_capitalized):
        j -= 1
    return j


def content_after(toks: list[Token], k: int, end: int, lemma: str = "") -> tuple[int, bool]:
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
        if low == "," and j > k and j + 1 < end and toks[j + 1].kind == "q":
            return j + 1, colon  # "said last week in Tel Aviv, “Israel is ...”": the quotation after the adjuncts
        if toks[j].kind in "pq" and low not in ("(", ")", "-", "'", ","):
            break
        if not (addressee or low in ADJUNCT_BEFORE_THAT or low.isdigit() or low == "," or toks[j].is_capitalized):
            break
    if k < end and toks[k].low == ",":
        k += 1
    if addressee and k < end:
        k = _past_addressee(toks, k, end)
    return k, colon


ADDRESSEES = frozenset("him her them us me reporters journalists supporters lawmakers voters".split())
CLAUSE_SUBJECTS = frozenset("he she they it we i you the a an this that these those his her their".split())


def _past_addressee(toks: list[Token], k: int, end: int) -> int:
    """"told NBC the deal was dead", "told reporters he would": the addressee (an object pronoun,
    a people noun or a short capitalised name) is not part of what was told."""
    j = k
    if toks[j].low in ADDRESSEES:
        j += 1
    else:
        while j < end and j - k < 3 and toks[j].is_capitalized and toks[j].low not in CLAUSE_SUBJECTS:
            j += 1
    if j == k or j >= end:
        return k
    nxt = toks[j]
    if nxt.low in CLAUSE_SUBJECTS - {"her", "his", "their"} or (nxt.is_capitalized and j + 1 < end
                                                             and not toks[j + 1].is_capitalized):
        return j
    return k


def first_comma(toks: list[Token], k: int) -> int:
    """The first comma or semicolon at or after ``k`` (the end of a clause), else the sentence's end."""
    return next((j for j in range(k, len(toks)) if toks[j].low in (",", ";")), len(toks))


def clause_end_before(toks: list[Token], i: int, lo: int) -> int:
    """End (exclusive) of the content that precedes a cue clause starting at ``i``: before its comma."""
    j = i
    while j > lo and (toks[j - 1].kind in "pq" or toks[j - 1].low in CLAUSE_OPENERS):
        if toks[j - 1].kind == "q" and toks[j - 1].low not in ("”", "''", '"'):
            break
        if toks[j - 1].kind == "q":
            return j
        j -= 1
    return j


# words that open a trailing adjunct of a speech verb ("said in a statement", "told reporters on
# Monday", "said by phone", "wrote last week")
ADJUNCT_OPENERS = frozenset(
    "in on at to during via through from after before while with by last this earlier later late early "
    "yesterday today tonight monday tuesday wednesday thursday friday saturday sunday of about for outside "
    "near upon over into".split())
# a subordinate clause after the adjuncts still belongs to the frame ('..." he told X on Thursday when asked ...')
FRAME_CLAUSES = frozenset("when while because although though if whereas".split())
# after a quotation the frame may run longer ('...," the mayor told the councillors in the chamber and ...')
MAX_ADJUNCT_AFTER_QUOTE = 40
ADJUNCT_STOPS = frozenset([",", ";", ":", ".", "!", "?", "that", "—", "–", "--", "("])
# an adjunct longer than this many tokens is more likely a clause of its own
MAX_ADJUNCT = 16


def adjunct_end(toks: list[Token], k: int, n: int, lemma: str = "", after_quote: bool = False) -> int:
    """Where the cue's trailing adjuncts (and, for tell-verbs, the addressee) end, starting at
    ``k``: '"...," the spokesman said in an email to The Associated Press.' -> the final period.
    ``k`` itself when no adjunct starts there; the adjunct never holds a finite verb or a quote."""
    j = k
    if lemma in OBJECT_THEN_THAT:  # "told reporters", "told The Associated Press"
        while j < n and j - k < 5 and toks[j].kind == "w" and toks[j].low not in ADJUNCT_OPENERS \
                and toks[j].low not in FINITE_VERBS and toks[j].low not in ADJUNCT_STOPS:
            j += 1
    if j < n and toks[j].low not in ADJUNCT_OPENERS and j == k:
        return k
    limit = MAX_ADJUNCT_AFTER_QUOTE if after_quote else MAX_ADJUNCT
    while j < n and j - k < limit:
        tok = toks[j]
        if tok.low == "," and j + 1 < n and toks[j - 1].is_capitalized and toks[j + 1].is_capitalized \
                and toks[j + 1].low not in CLAUSE_SUBJECTS:
            j += 1  # "said at a Buffalo, New York town hall": a place and its state
            continue
        if tok.kind == "q" or tok.low in ADJUNCT_STOPS or tok.low in FRAME_CLAUSES \
                or tok.low in FINITE_VERBS and toks[j - 1].low != "to" or tok.low in SUBJECT_CONTRACTIONS:
            break  # ("says tonight he's a step closer": a subject and its verb open a clause, no adjunct)
        j += 1
    if j - k >= limit:
        return k
    return j


FINITE_VERBS = frozenset("is was are were has have had will would can could does did may might must should".split())
SUBJECT_CONTRACTIONS = frozenset(
    "he's she's it's they're we're i'm he'll she'll they'll we'll i'll he'd she'd they'd we'd i'd".split())


# words before a likely verb that make it no main verb of the sentence ("to say", "and said")
NOT_MAIN_BEFORE = frozenset("to and or but who which that what when if as".split())


def main_verb_after(toks: list[Token], k: int, n: int) -> int:
    """The first likely cue (prior >= 0.5) from ``k`` on that follows a word of the clause before
    it, i.e. the main verb after a bare relative clause; ``n`` when there is none."""
    for j in range(k, min(n, k + 12)):
        if toks[j].kind != "w" or toks[j - 1].kind != "w" or toks[j - 1].low in NOT_MAIN_BEFORE:
            continue
        cue = lexicon.lookup(toks[j].low)
        if cue is not None and cue.prior >= 0.5 and cue.group != "noun" and not toks[j].low.endswith("ing"):
            while j - 1 > k and toks[j - 1].low in lexicon.CONTEXT_AUX:
                j -= 1  # "... the design have warned": the auxiliary is the main clause's
            return j
    return n


def relative_head(toks: list[Token], src_start: int) -> int | None:
    """The last word of the subject before a bare relative clause that ends right before
    ``src_start``: for "Officials who praised the plan warned", "the plan" belongs to the clause and
    the subject is "Officials who praised the plan"; None when no such clause precedes."""
    for w in range(src_start - 1, max(src_start - 10, 0), -1):
        if toks[w].kind != "w":
            return None
        if toks[w].low == "who":
            return w - 1 if toks[w - 1].kind == "w" and toks[w - 1].low not in lexicon.CLAUSE_WORDS else None
    return None


def words_before(toks: list[Token], i: int) -> int:
    """How many words precede ``toks[i]``: "But, as she noted, ..." has one, so the content follows."""
    return sum(t.kind == "w" for t in toks[:i])
