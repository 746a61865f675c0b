"""Noun cues: a noun that reports what someone said or thinks, and where its source and content lie.

Two frames decide it:
  "the idea that …", "Trump's claim that …"        a noun before "that" above NOUN_CUE_PRIOR: the
                                                   clause is the content, a possessive name the source
  "his criticism of …", "questions about …"        a form whose mined prior before that preposition
                                                   (lexicon context "after:of", ...) reaches the
                                                   context threshold: the preposition's phrase is the
                                                   content, an owner before the noun the source

Public surface: ``noun_cue``, ``noun_pp_frame``, ``preposition_prior``.
"""
from __future__ import annotations

from service.extraction import lexicon
from service.extraction.clauses import FINITE_VERBS, Found, skip_modifiers_left
from service.extraction.cues import possessive
from service.extraction.phrases import left_np
from service.extraction.tokens import Token

NOUN_CUE_PRIOR = 0.5  # "the idea that", "the fact that": most nouns before "that" are no cue
OWNERS = frozenset("his her their its our my your".split())
# verbs that put a noun cue into words: their subject is its source ("raised questions about")
VOICING_VERBS = frozenset("raise voice express pose air repeat renew reiterate share".split())
# what ends the phrase after the preposition: the clause goes on past it
PHRASE_END = frozenset([",", ";", ":", ".", "—", "–", "--", ")", "?", "!"])


def noun_cue(toks, start, end, lemma, prior) -> Found | None:
    if end >= len(toks) - 1 or toks[end].low != "that" or prior < NOUN_CUE_PRIOR:
        return None
    source = None
    if start > 0 and toks[start - 1].low.endswith(("'s", "’s")) and toks[start - 1].is_capitalized:
        source = (start - 1, start)
    return Found((start, end), source, [(end, len(toks))], "noun-cue", lemma, prior)


def preposition_prior(toks: list[Token], start: int, end: int) -> float:
    """The mined prior of the cue form right before its preposition ("criticism" before "of")."""
    if end >= len(toks) - 1 or toks[end].low not in lexicon.NOUN_PREPOSITIONS or end - start != 1:
        return 0.0
    cue = lexicon.all_forms().get(toks[start].low)
    return cue.context_prior("after:" + toks[end].low) if cue is not None else 0.0


def noun_pp_frame(toks: list[Token], start: int, end: int, lemma: str) -> Found | None:
    """"Warren's criticism of the bank", "raised questions about how it would work": when the
    form's prior before its preposition reaches the context threshold, the phrase the preposition
    opens (to the next clause mark) is the content; an owner right before the noun (his, Warren's)
    is the source, otherwise the source is left implicit."""
    prior = preposition_prior(toks, start, end)
    if prior < lexicon.CONTEXT_THRESHOLD:
        return None
    n = len(toks)
    stop, clause = n, False
    for j in range(end + 1, n):
        low = toks[j].low
        clause = clause or low in lexicon.CLAUSE_WORDS  # "about how the fund was run": its own verb
        if low in PHRASE_END or toks[j].kind == "q" or low in FINITE_VERBS and not clause:
            stop = j  # ("… of their choice will make it hard": the sentence's main verb ends the phrase)
            break
    if not any(t.kind == "w" for t in toks[end + 1:stop]):
        return None
    source = None
    if start > 0 and toks[start - 1].low in OWNERS:
        source = (start - 1, start)
    elif start > 0 and possessive(toks[start - 1]):
        first = left_np(toks, start - 1) if toks[start - 1].is_capitalized else None
        source = (start - 1 if first is None else first, start)
    elif start > 1 and (lexicon.lemma(toks[start - 1].low) in VOICING_VERBS or toks[start - 1].low[:-1] in VOICING_VERBS):
        # "Okafor is raising questions about", "critics voiced concerns over": the verb's subject asks
        # (a person only: "The audit has raised questions about": who asks is left implicit)
        left = skip_modifiers_left(toks, start - 1)
        first = left_np(toks, left) if left >= 0 and toks[left].kind == "w" and person_like(toks[left]) else None
        source = (first, left + 1) if first is not None else None
    else:
        left = skip_modifiers_left(toks, start)
        if left >= 0 and (left < start - 1 or toks[start].low.endswith(("ed", "ing"))):
            # a verb after all ("did not immediately respond to", "has pledged to"): its subject speaks
            first = left_np(toks, left) if toks[left].kind == "w" else None
            source = (first, left + 1) if first is not None else None
    return Found((start, end), source, [(end, stop)], "noun-cue", lemma, prior)


def person_like(tok: Token) -> bool:
    """A name, a personal pronoun or a plural people noun: a subject that can voice a question."""
    return tok.is_capitalized or tok.low in lexicon.SUBJECT_PRONOUNS or tok.low in lexicon.PEOPLE_NOUNS
