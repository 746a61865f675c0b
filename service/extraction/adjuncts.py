"""Adjuncts that stand between a subject and its cue, or open the sentence, and are not the source:
degree words that make the cue word a noun or an adjective ("no doubt", "more measured"), adverbs
and time phrases between subject and verb ("Republicans have long argued", "Police had last month
charged", "who in the past has described", "has, however, revealed"), a fronted time phrase ("Hours later, Trump ..."), an
infinitive after the cue that is its complement, not an adjunct ("agreed to pay"), and a quotation
before the source that is what was said, whatever adjuncts trail the cue ('"...," she said as ...').

Public surface: ``degree_before``, ``subject_end``, ``fronted_time``, ``infinitive_after``, ``quote_first``,
``expletive``, ``past_recipient``.
"""
from __future__ import annotations

from service.extraction import lexicon
from service.extraction.clauses import content_after, skip_modifiers_left
from service.extraction.tokens import Token

# right before a cue word these make it a noun or an adjective: "no doubt", "more measured", "most telling"
DEGREE_WORDS = frozenset("no more most little less least very too so".split())
# adverbs that may stand between a subject and its verb, beside the lexicon's auxiliaries and -ly words
MID_ADVERBS = frozenset("long together alone jointly instead since ever yet".split())
TIME_NOUNS = frozenset(
    "week weeks month months year years day days night weekend hours past summer spring fall winter "
    "monday tuesday wednesday thursday friday saturday sunday".split())
TIME_OPENERS = frozenset("last this next past the recent few several in earlier".split())
FRONTED_TIME_WORDS = TIME_NOUNS | TIME_OPENERS | frozenset(
    "for a an two three four five six later ago earlier over hours minutes moments".split())


def degree_before(toks: list[Token], left: int) -> bool:
    """"will no doubt raise", "was more measured", "the most telling promise": the cue word is not a verb."""
    return left >= 0 and toks[left].low in DEGREE_WORDS


def subject_end(toks: list[Token], left: int) -> int:
    """The last token of the subject before a cue, past adverbs, quantifiers and short time phrases
    that stand between them ("have long", "have both", "had last month", "who last year", "a report
    Wednesday", ", on Sunday"); ``left`` when none stands there."""
    for _ in range(3):
        if left < 1:
            return left
        low = toks[left].low
        if low == "," and left >= 3 and toks[left - 1].low in PARENTHETICAL_ADVERBS and toks[left - 2].low == ",":
            left = skip_modifiers_left(toks, left - 2)  # "A poll of voters has, however, revealed that ..."
            continue
        if low in MID_ADVERBS or low in FLOATING_QUANTIFIERS and _subject_word(toks[left - 1]):
            left = skip_modifiers_left(toks, left)  # "Trump and Sanders have both argued", "They all agreed"
            continue
        weekday = low in WEEKDAYS
        if low in TIME_NOUNS and not toks[left].is_capitalized or weekday:
            j = left - 1
            while j >= 0 and left - j <= 3 and (toks[j].low in TIME_OPENERS or weekday and toks[j].low == "on"):
                j -= 1
            subject = skip_modifiers_left(toks, j + 1)
            # "a report released last year found": the time phrase belongs to a participle, not the verb
            if (j < left - 1 or weekday and _subject_word(toks[j])) and subject >= 0 and (
                    toks[subject].kind == "w" or toks[subject].low == ",") and not (
                    toks[subject].low.endswith(("ed", "en")) and subject == j):
                left = subject
                continue
        return left
    return left


FLOATING_QUANTIFIERS = frozenset("both all each".split())
# discourse adverbs set off by commas between a subject (or its auxiliary) and the verb
PARENTHETICAL_ADVERBS = frozenset(
    "however meanwhile though moreover therefore nonetheless nevertheless furthermore likewise instead".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _subject_word(tok: Token) -> bool:
    """A word that can end a subject: not a determiner, a preposition or a clause word."""
    return tok.kind == "w" and tok.low not in lexicon.DETERMINERS and tok.low not in lexicon.CLAUSE_WORDS \
        and tok.low not in ("of", "for", "to", "in", "on", "at", "by", "with", "from") and not tok.low.endswith("ed")


def fronted_time(toks: list[Token]) -> int:
    """Index after the comma of a fronted phrase that is not the subject, else 0: a time phrase
    ("Hours later,", "For months,"), an adverb ("Essentially,"), a dateline ("WASHINGTON —"), or a
    phrase opened by a preposition or a participle without a finite verb ("In an interview with
    the Journal,", "Walking to the car,")."""
    if len(toks) > 2 and toks[0].kind == "w" and toks[0].text.isupper() and len(toks[0].text) > 2 \
            and toks[1].low in ("—", "–", "--", "-"):
        return 2  # a dateline
    for k in range(1, min(len(toks), 14)):
        if toks[k].low == ",":
            words = [t.low for t in toks[:k]]
            if all(w in FRONTED_TIME_WORDS or w.isdigit() for w in words) and any(
                    w in TIME_NOUNS or w in ("later", "ago", "earlier") for w in words):
                return k + 1
            first = words[0]
            if (first in FRONTED_PREPOSITIONS or first.endswith(("ly", "ing")) or first in ("absent", "amid")) \
                    and not any(w in FINITE_WORDS for w in words) and not any(t.kind == "q" for t in toks[:k]):
                return k + 1
            return 0
    return 0


FRONTED_PREPOSITIONS = frozenset("in on at during after before since for with without from by despite like".split())
FINITE_WORDS = frozenset("is was are were has have had will would can could does did said says told".split())


def infinitive_after(toks: list[Token], end: int) -> bool:
    """"agreed to pick up the bill": "to" and a bare verb after the cue are its complement, not an
    adjunct like "said to reporters"."""
    return end + 1 < len(toks) and toks[end].low == "to" and toks[end + 1].kind == "w" \
        and not toks[end + 1].is_capitalized and toks[end + 1].low not in NOT_VERBS \
        and not toks[end + 1].low.endswith(("s", "ing", "ed"))


# words after "to" that open a noun phrase, not an infinitive
NOT_VERBS = frozenset("the a an his her their its this that these those my our your him them me us it "
                      "reporters journalists supporters voters".split())


def quote_first(toks: list[Token], src_start: int, end: int, lemma: str) -> bool:
    """'"...," she said several months later, and ...' / '"...," Merkel told reporters after the meeting
    that was held ...': a quotation that opens the sentence (or closes one opened before it) and ends
    with its own comma or mark right before the source is what was said, unless the cue is followed
    at once by its own "that", colon or quotation."""
    q = src_start - 1 if src_start >= 1 and toks[src_start - 1].kind == "q" else src_start - 2
    if q < 1 or toks[q].kind != "q" or toks[q].low == "“" or toks[q - 1].low not in (",", "?", "!", "—", "--"):
        return False
    if [i for i in range(q + 1) if toks[i].kind == "q"] not in ([0, q], [q]):
        return False  # a title in quotation marks inside a phrase, not a quotation that opens the sentence
    k, colon = content_after(toks, end, len(toks), lemma)
    return not colon and (k >= len(toks) or toks[k].kind != "q" and not (toks[k].low == "that" and k - end <= 2))


BE_FORMS = frozenset("is was be been being are were 's".split())


def expletive(toks: list[Token], src_start: int, cue: int) -> bool:
    """"It's clear that ...", "it should be obvious that ...": an expletive "it" before a form of "be"
    and the cue names no source ("it said that ..." does: no "be" stands between)."""
    low = toks[src_start].low
    if low == "it's":
        return True
    return low == "it" and any(t.low in BE_FORMS for t in toks[src_start + 1:cue])


def past_recipient(toks: list[Token], k: int) -> int:
    """"said to Okafor that ...", "wrote to the board that ...": the content starts at "that" after a
    short "to" phrase naming whom the words were addressed to; ``k`` otherwise."""
    if k + 1 >= len(toks) or toks[k].low != "to" or not (toks[k + 1].is_capitalized or toks[k + 1].low in NOT_VERBS):
        return k  # "sought to end the stalemate that ...": an infinitive, no recipient
    for j in range(k + 1, min(len(toks), k + 6)):
        if toks[j].low == "that":
            return j if j > k + 1 else k
        if toks[j].kind != "w" or toks[j].low in FINITE_WORDS or toks[j].low in lexicon.CLAUSE_WORDS:
            return k
    return k
