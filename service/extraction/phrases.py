"""Noun phrases around a cue, found without a parser: walk over tokens until a clause boundary.

Returned ranges are token indices (start inclusive, end exclusive) into one sentence's tokens.
"""
from __future__ import annotations

from service.extraction import lexicon
from service.extraction.adjuncts import fronted_time
from service.extraction.tokens import Token

MAX_NP = 12
# words that open an adjunct before the subject ("On Tuesday the minister said", "There Baradar warned")
SUBORDINATORS = frozenset("when while as if after before although though because since once".split())
ADJUNCT_WORDS = frozenset(
    "on in at during there then here now today yesterday however meanwhile last earlier later also "
    "instead still so thus indeed again since after before by".split()
)
DATE_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday week month "
    "year this last next morning afternoon evening night the".split()
)
DASHES = frozenset(["—", "–", "--", "―"])
INNER_PUNCT = frozenset(["(", ")", "-", "&", "'", "’", ".", "/"])


def _np_word(tok: Token) -> bool:
    if tok.kind == "w":
        return tok.low not in lexicon.CLAUSE_WORDS
    return tok.kind == "p" and tok.low in INNER_PUNCT


def _verb_like(toks: list[Token], i: int) -> bool:
    """A lowercase past-tense or cue verb ends a subject walked leftwards ("The talks included ...")."""
    tok = toks[i]
    if tok.is_capitalized or tok.kind != "w":
        return False
    if tok.low in FINITE_VERBS:
        return True
    cue = lexicon.lookup(tok.low)
    if cue is not None and cue.group != "noun":
        return True
    previous = toks[i - 1].low if i > 0 else ""
    if previous.endswith("ly") and i > 1 and toks[i - 2].low in lexicon.DETERMINERS | {"of"}:
        return False  # "an analysis of newly filed reports": an adverb and participle modify the noun
    return tok.low.endswith("ed") and previous not in lexicon.DETERMINERS


def left_np(toks: list[Token], last: int) -> int | None:
    """Start of the noun phrase ending at token ``last`` (the source before a cue)."""
    if toks[last].low in DASHES:  # "Three-in-five insiders — and two-thirds of Republicans — said"
        opening = last - 1
        while opening > 0 and toks[opening].low not in DASHES and last - opening < 2 * MAX_NP:
            opening -= 1
        if opening <= 0 or toks[opening].low not in DASHES or toks[opening - 1].kind != "w":
            return None
        return left_np(toks, opening - 1)
    if toks[last].low == ")":
        opening = last
        while opening > 0 and toks[opening].low != "(":
            opening -= 1
        if opening == 0 or toks[opening - 1].kind != "w" or last - opening > 6:
            return None
        start = left_np(toks, opening - 1)
        return start
    if toks[last].kind != "w" or toks[last].low in lexicon.CLAUSE_WORDS:
        return None
    if toks[last].low in lexicon.OBJECT_PRONOUNS and toks[last].low != "it" and not (
            last >= 2 and toks[last - 1].low in ("to", "with") and toks[last - 2].low in CLOSE_TO) \
            or _verb_like(toks, last):
        return None  # (but "people close to him say": the pronoun ends a postmodifier of the subject)
    j = last
    depth = 0
    while j - 1 >= 0 and last - (j - 1) < MAX_NP:
        tok = toks[j - 1]
        if tok.low == ")":
            depth += 1
        elif tok.low == "(":
            depth -= 1
        elif depth <= 0 and not _np_word(tok):
            break
        if depth <= 0 and tok.kind == "w" and _verb_like(toks, j - 1):
            break
        j -= 1
    j = _trim_adjuncts(toks, j, last)
    while j <= last and toks[j].kind != "w":
        j += 1
    if j > last or toks[j].low in LEADING_PREPOSITIONS and not _quantity(toks, j, last):
        return None  # "for more talks": a prepositional phrase, not a subject
    if toks[last].low in lexicon.PRONOUNS and j < last:
        return last
    if last - j >= 7 and not any(t.is_capitalized for t in toks[j:last + 1]):
        return None
    return j


def _trim_adjuncts(toks: list[Token], j: int, last: int) -> int:
    """Drop a leading adjunct ("On September 22", "There") from a walked-over phrase."""
    for k in range(last - 1, j - 1, -1):
        if toks[k].low in ADJUNCT_WORDS and (k == j or toks[k].low not in ("by",)) \
                and not (toks[k].text.isupper() and len(toks[k].text) > 2):  # ("USA TODAY" is a name)
            if k > j and (_noun_before(toks, k) and (toks[k].low in NP_PREPOSITIONS or _time_after(toks, k, last))
                          or _ratio(toks, k, last)):
                # "a senior official at the interior ministry", "professor Kent Moore at the University";
                # "Obama on Tuesday": kept whole here, source_bounds drops the time
                continue
            j = k + 1
            break
    in_date = False
    while j < last and (toks[j].low in DATE_WORDS and toks[j].low != "the" or toks[j].low.isdigit() and in_date):
        in_date = True  # "September 22 the Taliban team": a number only after a date word
        j += 1
    return j


# prepositions that may sit inside a subject noun phrase after its head ("official at the ministry")
NP_PREPOSITIONS = frozenset("at in".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten half a third quarter".split())


def _quantity(toks: list[Token], j: int, last: int) -> bool:
    """"About four in 10 voters", "over half of Republicans": an approximate quantity, not a preposition."""
    return toks[j].low in ("about", "over", "under") and j < last and (
        toks[j + 1].low in NUMBER_WORDS or toks[j + 1].low[:1].isdigit())


def _ratio(toks: list[Token], k: int, last: int) -> bool:
    """"4 in 10", "six in ten": a number on each side of "in" is a quantity, not a place."""
    return toks[k].low == "in" and k < last and all(t.low.isdigit() or t.low in NUMBER_WORDS for t in toks[k - 1:k + 2:2])


def _noun_before(toks: list[Token], k: int) -> bool:
    tok = toks[k - 1]
    return tok.kind == "w" and tok.low not in ADJUNCT_WORDS and tok.low not in DATE_WORDS and not tok.low.isdigit() \
        and tok.low not in lexicon.DETERMINERS


def _time_after(toks: list[Token], k: int, last: int) -> bool:
    return all(t.low in DATE_WORDS or t.low.isdigit() for t in toks[k + 1:last + 1])


TIME_HEADS = frozenset("on in at during last this earlier late early".split())
DISCOURSE_ADVERBS = frozenset(
    "however meanwhile though too also instead moreover therefore nonetheless nevertheless though "
    "furthermore likewise similarly too".split())


def source_bounds(toks: list[Token], src: tuple[int, int]) -> tuple[int, int]:
    """A source without its trailing time adjunct or discourse adverb: "Obama on Tuesday" ->
    "Obama", "Obama last week" -> "Obama", "Critics, however" -> "Critics"."""
    start, end = src
    if end - start >= 3 and toks[end - 1].low in DISCOURSE_ADVERBS and toks[end - 2].low == ",":
        end -= 2
    for k in range(start + 1, end):
        if toks[k].low in TIME_HEADS and all(t.low in DATE_WORDS or t.low.isdigit() for t in toks[k + 1:end]) \
                and toks[k - 1].kind == "w" and toks[k - 1].low not in DATE_WORDS and not _ratio(toks, k, end - 1):
            return start, k
    return start, end


def right_np(toks: list[Token], first: int, allow_lower: bool = False,
             appositive: bool = True) -> tuple[int, int] | None:
    """The noun phrase starting at ``first`` (the source after an inverted cue or "according to"),
    with an appositive after a comma ("Michael O'Hanlon, a senior fellow at Brookings")."""
    n = len(toks)
    if first >= n or toks[first].kind != "w":
        return None
    head = toks[first]
    if not (allow_lower or head.is_capitalized or head.low in lexicon.DETERMINERS or head.low in lexicon.PRONOUNS
            or head.low[:1].isdigit() or _title_before_name(toks, first)):
        return None
    j = first
    while j < n and j - first < MAX_NP and (_np_word(toks[j]) and (toks[j].low != "." or _initial_dot(toks, j))
                                            or toks[j].low == "of"):
        j += 1
    if toks[first].low in lexicon.PRONOUNS:
        j = first + 1
    j = _cut_at_predicate(toks, first, j)
    if appositive and j + 1 < n and toks[j].low == ",":
        k = j + 1
        while k < n and k - first < 2 * MAX_NP and toks[k].low not in (",", ";", ":", ".") and (
            toks[k].low not in lexicon.CLAUSE_WORDS
        ):
            k += 1
        if k >= n or toks[k].low in (".", ","):
            j = k  # "said Len Burman, head of the Tax Policy Center."
    return (first, j) if j > first else None


CLOSE_TO = frozenset("close closest familiar loyal near".split())
LEADING_PREPOSITIONS = frozenset(
    "for of to with from about into over against under among amid via including despite without".split())
FINITE_VERBS = frozenset("is was are were has have had will would can could does did may might must".split())
PAST_VERBS = frozenset("went said told took made came got gave kept began".split())
PREPOSITIONS = frozenset("of for at on in from with to and".split())


# role words that stand lowercase before a name ("said spokesman Josh Schwerin", "pollster Dan Reyes")
TITLES = frozenset(
    "spokesman spokeswoman spokesperson aide adviser advisor official envoy senator secretary minister director "
    "chief professor lawyer attorney analyst expert economist pollster strategist president chairman chairwoman "
    "candidate nominee leader author host commissioner ambassador governor mayor congressman congresswoman "
    "representative sen rep gov manager executive founder lawmaker consultant researcher historian".split())


def _title_before_name(toks: list[Token], first: int) -> bool:
    """"spokesman Josh Schwerin", "former Ohio Gov. Ann Ruiz", "election lawyer Tim Ko": up to four
    lowercase modifiers or role words, then a name (never a preposition, clause word or adverb:
    "said on Tuesday", "said earlier Mr. Ko")."""
    for k in range(first, min(first + TITLE_WORDS + 1, len(toks))):
        tok = toks[k]
        if tok.kind != "w":
            return False
        if tok.is_capitalized:
            return k > first
        if tok.low in TITLES or tok.low == "of" and k > first:
            continue
        if tok.low in NOT_TITLE or tok.low.endswith("ly") or tok.low[:1].isdigit():
            return False
    return False


TITLE_WORDS = 4
NOT_TITLE = PREPOSITIONS | LEADING_PREPOSITIONS | FINITE_VERBS | lexicon.CLAUSE_WORDS | lexicon.DETERMINERS \
    | frozenset(lexicon.PRONOUNS) | lexicon.OBJECT_PRONOUNS | frozenset("not also then there here".split())


def _initial_dot(toks: list[Token], j: int) -> bool:
    """The period of a middle initial ("George W. Bush"): one capital letter before, a name after."""
    return 0 < j < len(toks) - 1 and len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper() \
        and toks[j + 1].is_capitalized and toks[j].start == toks[j - 1].end


def _cut_at_predicate(toks: list[Token], first: int, end: int) -> int:
    """Stop a rightward noun phrase where a clause seems to begin ("USA TODAY it is clear")."""
    for k in range(first + 1, end):
        tok = toks[k]
        if tok.kind != "w" or tok.is_capitalized or tok.low in PREPOSITIONS or tok.low in lexicon.DETERMINERS:
            continue
        if tok.low in lexicon.PRONOUNS or tok.low in FINITE_VERBS or _verb_like(toks, k):
            return k
    return end


def subject_np(toks: list[Token]) -> tuple[int, int] | None:
    """The sentence's first noun phrase, skipping a leading adjunct before a comma."""
    i = fronted_time(toks)  # "Hours later, Trump returned ..."
    if not i and toks and toks[0].low in ADJUNCT_WORDS | SUBORDINATORS:
        i = 1  # "There they met ...", "Then he went ..."
        if toks[0].low in SUBORDINATORS or toks[0].low in ("in", "on", "at", "during", "by") or (
            len(toks) > 1 and toks[1].low == ","
        ):
            for k in range(min(len(toks), 8)):
                if toks[k].low == ",":
                    i = k + 1
                    break
    j, lowers = i, 0
    while j < len(toks) and toks[j].kind == "w" and j - i < 8:
        tok = toks[j]
        if tok.low in lexicon.CLAUSE_WORDS:
            break
        if tok.low in lexicon.PRONOUNS and j == i:
            return (j, j + 1)
        if tok.low in FINITE_VERBS or tok.low in PAST_VERBS:
            break  # "Lindqvist went on to ...": the verb ends the subject
        if not tok.is_capitalized and tok.low not in lexicon.DETERMINERS:
            if tok.low.endswith("ed") or lexicon.lookup(tok.low) or lowers >= 2:
                break
            if j == i or toks[j - 1].low not in lexicon.DETERMINERS and not toks[j - 1].is_capitalized and lowers == 0:
                break
            lowers += 1
        if tok.low in lexicon.PRONOUNS and j == i:
            return (j, j + 1)
        j += 1
    return (i, j) if j > i else None


def right_nps(toks: list[Token], start: int) -> tuple[int, int] | None:
    """``right_np``, past one coordinated noun phrase: "..., said Doyle and others, ..." """
    src = right_np(toks, start)
    if src is not None and src[1] + 1 < len(toks) and toks[src[1]].low == "and":
        more = right_np(toks, src[1] + 1, allow_lower=True)
        if more is not None:
            return src[0], more[1]
    return src
