"""Cue candidates in a sentence: lexicon forms and phrases, and the tests that tell a cue from a
noun or an attributive use of the same word."""
from __future__ import annotations

from itertools import compress

from service.extraction import lexicon
from service.extraction.tokens import Token


def cue_candidates(toks: list[Token]) -> list[tuple[int, int, str, float, str]]:
    """(start, end, lemma, prior, group, implicit share) for every cue in the sentence."""
    out, taken = [], set()
    lows = [t[3] for t in toks]  # Token.low by index: the named accessor costs a descriptor call
    n = len(lows)
    if "according" in lows:  # one C-level scan spares most sentences the Python loop
        for i in range(n - 1):
            if lows[i] == "according" and lows[i + 1] == "to":
                out.append((i, i + 2, "according to", 0.93, "according", 0.0))
                taken.update((i, i + 1))
    heads = lexicon.phrase_heads()
    if not heads.isdisjoint(lows):
        _phrase_candidates(toks, lows, heads, out, taken)
    forms = lexicon.all_forms()
    context_forms = lexicon.context_forms()
    # most words are no cue form at all: the indexes of those that are, found in C (compress over map)
    for i in compress(range(n), map(forms.__contains__, lows)):
        tok = toks[i]
        if i in taken or tok.kind != "w":
            continue
        cue = forms[tok.low]
        if i and tok.is_capitalized and toks[i - 1].is_capitalized and not _title_case(toks):
            continue  # "a Rasmussen Reports poll": a capitalised cue word after a name is part of the name
        if (tok.low.endswith("ly") or tok.low in lexicon.CUE_MODIFIERS) and cue.implicit < lexicon.IMPLICIT_SHARE:
            continue  # "forcefully condemned", "often say": the adverb goes with the verb, it is not the cue
        if _accepted(cue, lows[i + 1] if i + 1 < n else "", toks[i - 1] if i else None) \
                or cue.group != "noun" and parenthetical(toks, i):
            out.append((i, i + 1, cue.lemma, cue.prior, cue.group, cue.implicit))
        elif tok.low in context_forms and not tok.is_capitalized:
            # the long tail: a form rare as a cue overall may be reliable in one context ("rivals see"),
            # or before one preposition ("criticism of", "questions about": noun_frames)
            prior = max(cue.context_prior("prev:" + lexicon.previous_class(toks, i)),
                        cue.context_prior("next:" + lexicon.next_class(toks, i))) if cue.group != "noun" else 0.0
            group = cue.group
            if i + 1 < n and lows[i + 1] in lexicon.NOUN_PREPOSITIONS:
                before_preposition = cue.context_prior("after:" + lows[i + 1])
                if before_preposition > prior and lexicon.previous_class(toks, i) not in SUBJECT_CLASSES:
                    prior, group = before_preposition, "noun"  # a noun here ("face questions about"): noun_frames
            if prior >= lexicon.CONTEXT_THRESHOLD:
                out.append((i, i + 1, cue.lemma, prior, group, cue.implicit))
    if len(out) > MAX_CUES:  # "said said said ...": keep the likeliest, so the work per window stays bounded
        out = sorted(out, key=lambda c: (-c[3], c[0]))[:MAX_CUES]
    out.sort()
    return out


# the word before a verb form that is its subject ("Obama spoke of", "they railed against")
SUBJECT_CLASSES = frozenset(["pron", "name", "plural"])
# more cue candidates than this in one sentence (window) is no news prose: PolNeAR's most has 7
MAX_CUES = 12


def _title_case(toks: list[Token]) -> bool:
    """A headline in title case capitalises its verbs ("Trump Says He Will Win"); prose does not."""
    words = [t for t in toks if t.kind == "w"]
    return sum(1 for t in words if t.text[:1].isupper()) * 4 > 3 * len(words)


def _phrase_candidates(toks, lows, heads, out, taken) -> None:
    """Multi-word cues from the lexicon's phrases ("made clear", "went on to say"), longest first."""
    phrases = lexicon.phrases()
    for i in [i for i in compress(range(len(lows)), map(heads.__contains__, lows))
              if lows[i] not in lexicon.CUE_MODIFIERS]:
        if i in taken or toks[i].kind != "w":
            continue
        for n in (3, 2):
            phrase = " ".join(lows[i:i + n])
            if len(lows[i:i + n]) == n and phrases.get(phrase, 0) >= lexicon.PHRASE_THRESHOLD:
                cue = lexicon.all_forms().get(lows[i])
                prior = max(phrases[phrase], cue.prior if cue else 0.0)
                out.append((i, i + n, cue.lemma if cue else lows[i], prior, cue.group if cue else "speech", 0.0))
                taken.update(range(i, i + n))
                break


def _accepted(cue: lexicon.Cue, following: str, previous: Token | None = None) -> bool:
    """A form is a cue above its group's threshold, or with less prior when the next word
    makes the frame unmistakable: a complement clause ("believes that"), a colon, or for
    beliefs and intentions an infinitive ("plans to")."""
    if cue.prior >= lexicon.THRESHOLD[cue.group]:
        return True
    if following in ("that", ":"):
        return cue.prior >= lexicon.FRAME_THRESHOLD
    if previous is not None and cue.group != "noun" and cue.prior >= lexicon.NAMED_SUBJECT_THRESHOLD \
            and not following[:1].isdigit() and following[:1] != "$" and (
        previous.low in ("he", "she", "they") or previous.low in lexicon.PEOPLE_NOUNS | lexicon.EVIDENCE_NOUNS
        or previous.is_capitalized and previous.low not in lexicon.DETERMINERS
    ):
        return True  # "Trump pledged ...", "she worries ...": a person right before the verb
    return following == "to" and cue.group == "belief" and cue.prior >= lexicon.FRAME_THRESHOLD


# who holds a view set off as an aside: "..., they believe, ...", "..., many Democrats think, ..."
ASIDE_SUBJECTS = frozenset("he she they we i many some most others few".split())
ASIDE_MARKS = frozenset([",", "—", "--", "–"])


def parenthetical(toks: list[Token], i: int) -> bool:
    """A verb with a pronoun or plural subject set off by commas or dashes is an aside about the
    clause around it ("The deal, they believe, will hold"): a cue whatever its prior."""
    n = len(toks)
    if i < 2 or i + 1 >= n or not (toks[i + 1].low in ASIDE_MARKS or toks[i + 1].low == "." and i + 2 == n):
        return False
    subject = toks[i - 1]
    if subject.kind != "w" or not (subject.low in ASIDE_SUBJECTS or subject.low in lexicon.PEOPLE_NOUNS):
        if not (subject.kind == "w" and subject.low.endswith("s") and toks[i - 2].low in ASIDE_SUBJECTS):
            return False
        return i >= 3 and toks[i - 3].low in ASIDE_MARKS  # "..., many Democrats believe, ..."
    return toks[i - 2].low in ASIDE_MARKS


def adverb_or_participle(word: str) -> bool:
    """Implicit-source cues are adverbs and participles ("reportedly", "expected"), never nouns."""
    return word.endswith(("ly", "ed", "en", "wn"))


# forms found after a determiner at least this often are nouns after "the new", "an hourlong"
NOMINAL_SHARE = 0.08


def noun_phrase_head(toks: list[Token], start: int) -> bool:
    """"an hourlong show", "her latest claims": a noun-like form after determiner + modifier."""
    cue = lexicon.all_forms().get(toks[start].low)
    if cue is None or cue.nominal < NOMINAL_SHARE or start < 1:
        return False
    if start + 1 < len(toks) and toks[start + 1].low in OPENING_QUOTES:
        return False  # "the ad claims “…”": a quotation right after it makes the form a verb
    if start < 2:
        return toks[0].is_capitalized and toks[0].low.endswith(("an", "ic"))
    modifier, determiner = toks[start - 1], toks[start - 2]
    if modifier.low in lexicon.PEOPLE_NOUNS or modifier.low in lexicon.EVIDENCE_NOUNS:
        return False  # "the reports show", "the experts say": a plural subject and its verb
    if modifier.is_capitalized and modifier.low.endswith(("an", "ic")) and modifier.low not in lexicon.PRONOUNS \
            and not modifier.text.isupper():
        return True  # "Republican claims", "Democratic claims" (an acronym, "NGP VAN show", is a name)
    if modifier.kind == "w" and possessive(determiner):
        return True  # "Blitzer's CNN show", "Trump's latest claims": a possessive opens a noun phrase
    return modifier.kind == "w" and not modifier.is_capitalized and determiner.low in lexicon.DETERMINERS


OPENING_QUOTES = frozenset(["“", "``"])
CONTRACTIONS = frozenset("he she it that there what who where here".split())


def possessive(tok: Token) -> bool:
    """"North Korea's claims", "the president's claims": a possessive makes the next word a noun
    ("he's said" is a contraction and does not)."""
    return tok.low.endswith("'s") and tok.low[:-2] not in CONTRACTIONS
