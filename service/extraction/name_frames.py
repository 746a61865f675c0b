"""Frames decided by how the sentence opens or by names set off by commas, rather than by the
words right around the cue:

* a name set off by commas ("NAME, <aside>, said ...", "Another delegate ..., Jim Poolman, said"),
  a sentence-opening noun phrase through its asides, appositives before and after a cue;
* sentence openings: short fronted adjuncts ("On Monday, ...") that are not content, a fronted
  "Asked ...," clause, a fronted speech participle ("Citing ..., X ..."), an inverted opening
  ("Said Ellis: ...");
* a participle tail ("Lee said, looking out ...") that leaves the quotation before as content;
* speech inside a relative clause ("applicants, which he said were split").

Public surface: ``opening_name``, ``more_appositives``, ``fronted_adjunct``, ``clause_before``,
``relative_frame``, ``appositive_start``, ``asked_then_quote``, ``participle_tail``,
``fronted_participle``, ``inverted_opening``, ``FRONTED_SUBORDINATORS``.
"""
from __future__ import annotations

from service.extraction import lexicon
from service.extraction.clauses import ADJUNCT_OPENERS, FINITE_VERBS, Found, content_after, first_comma
from service.extraction.phrases import MAX_NP, TITLES, left_np, right_np
from service.extraction.tokens import Token

FRONTED_SUBORDINATORS = frozenset("though although while if when as because since after before despite unless".split())

# "NAME, <aside>, said ...": only strong speech verbs, and a name of at most this many words
OPENING_NAME_PRIOR = 0.6
OPENING_NAME_WORDS = 5
NAME_OPENER_STOP = FRONTED_SUBORDINATORS | lexicon.PRONOUNS.keys() | frozenset(
    "in on at then now still yet so but and or after before during by for with instead meanwhile however "
    "yes no well also indeed later earlier today yesterday last this that there here monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august september october "
    "november december".split())


FRONTED_ADJUNCT_OPENERS = ADJUNCT_OPENERS | frozenset(
    "earlier later then meanwhile separately still also now recently previously instead speaking".split())


def fronted_adjunct(toks: list[Token], comma: int) -> bool:
    """"On Monday, Trump said ...", "Earlier this week, the campaign said ...": the words before the
    comma are a short adjunct, not the content of a content-first frame."""
    words = [t for t in toks[:comma] if t.kind == "w"]
    return bool(words) and len(words) <= 6 and toks[0].kind == "w" and toks[0].low in FRONTED_ADJUNCT_OPENERS \
        and not any(t.kind == "q" or t.low in FINITE_VERBS for t in toks[:comma])


# prepositions that open a fronted phrase ("At a dinner in Leeds, ..."): like a subordinate clause,
# the main clause, if any, follows their comma
PHRASE_OPENERS = frozenset("when in on at during for with without from by like unlike despite amid".split())
IRREGULAR_FINITE = frozenset("said told took gave made came went got saw knew thought found left won lost".split())


def clause_before(toks: list[Token], comma: int) -> bool:
    """Whether the words before ``comma`` can be the whole content of a content-first frame ("X
    took a trip to Iran, media revealed"): a quotation, or a main clause with a finite verb; not a
    fronted phrase ("At a fundraiser in New York, Clinton called ...", "Campaigning in Ohio, he
    ...") nor a lone subordinate clause ("When the test was confirmed, she did not want ...")."""
    if any(t.kind == "q" for t in toks[:comma]):
        return True
    i = 0
    while i < comma and toks[i].low in ("and", "but", "so", "yet"):
        i += 1
    if i < comma and toks[i].low in FRONTED_SUBORDINATORS | PHRASE_OPENERS:
        # the main clause, if any, follows the subordinate clause's comma
        i = next((j + 1 for j in range(i, comma) if toks[j].low == ","), comma)
    words = [t for t in toks[i:comma] if t.kind == "w"]
    return any(w.low in FINITE_VERBS or w.low in IRREGULAR_FINITE or w.low.endswith("n't")
               or w.low.endswith("ed") and not (j and words[j - 1].low in lexicon.DETERMINERS)
               or j and w.low.endswith("s") and not w.low.endswith("ss") and not w.is_capitalized
               and words[j - 1].low not in lexicon.DETERMINERS for j, w in enumerate(words))


def more_appositives(toks: list[Token], src: tuple[int, int]) -> tuple[int, int]:
    """"said Lena Park, a strategist working for Forward Ohio, a super PAC supporting
    ...": further appositives opening with a/an/the after the inverted source belong to it."""
    start, end = src
    n = len(toks)
    while end + 1 < n and toks[end].low == "," and toks[end + 1].low in ("a", "an", "the") and end - start < 40:
        nxt = next((j for j in range(end + 1, min(n, end + 24)) if toks[j].low in (",", ";", ".", ":")
                    or toks[j].kind == "q"), None)
        if nxt is None or toks[nxt].low not in (",", "."):
            break
        end = nxt
    return start, end


def opening_name(toks, start, end, left, lemma, prior) -> Found | None:
    """"Okafor, herself up for a new term, said she ...": a strong speech verb after a comma whose
    sentence opens with a short proper name and its comma takes that name as source."""
    n = len(toks)
    if prior < OPENING_NAME_PRIOR or end >= n or toks[end].kind != "w" or toks[end].low in lexicon.CLAUSE_WORDS - {"that"}:
        return None
    k, colon = content_after(toks, end, n, lemma)
    if k >= n:
        return None
    name = _appositive_name(toks, left)
    if name is not None:  # "Another delegate on the slate, Jim Poolman, said he ...": the name itself
        return Found((start, end), name, [(k, n)], "source-cue-content", lemma, prior * 0.8, colon)
    comma = next((j for j in range(min(n, OPENING_NAME_WORDS + 1)) if toks[j].low == ","), None)
    if not comma or comma >= left or not toks[0].is_capitalized or toks[0].low in NAME_OPENER_STOP:
        return None
    if not all(t.is_capitalized or t.low in ("of", "'s", "’s") for t in toks[:comma]):
        return _subject_with_asides(toks, start, end, left, (k, n), lemma, prior, colon)
    return Found((start, end), (0, comma), [(k, n)], "source-cue-content", lemma, prior * 0.8, colon)


# the longest "SUBJECT, aside, ..." stretch taken whole as the source of the verb after it
ASIDE_SOURCE_TOKENS = 30


def _subject_with_asides(toks, start, end, left, content, lemma, prior, colon) -> Found | None:
    """"Texas delegate Bill Eastland, wearing a cowboy hat ..., said ...", "Another pollster, David
    Wood of Clemson University, said ...": a sentence that opens with a noun phrase (no verb before
    its first comma) and runs through asides to a strong speech verb: the stretch is the source."""
    first = next((j for j in range(left) if toks[j].low == ","), left)
    if first == 0 or left > ASIDE_SOURCE_TOKENS or any(t.kind == "p" and t.low in (";", ":") for t in toks[:left]):
        return None
    head = toks[:first]
    if any(t.kind != "w" or t.low in FINITE_VERBS or t.low in lexicon.CLAUSE_WORDS or t.low in lexicon.PRONOUNS
           or not t.is_capitalized and (t.low.endswith("ed") or lexicon.lookup(t.low) is not None) for t in head):
        return None
    return Found((start, end), (0, left), [content], "source-cue-content", lemma, prior * 0.7, colon)


def _appositive_name(toks, comma) -> tuple[int, int] | None:
    """A two-to-four-word proper name set off by commas right before the cue."""
    j = comma - 1
    while j >= 0 and toks[j].kind == "w" and toks[j].is_capitalized and comma - j <= 5:
        j -= 1
    words = comma - 1 - j
    if 2 <= words <= 4 and j >= 1 and toks[j].low == "," and toks[j + 1].low not in NAME_OPENER_STOP:
        return (j + 1, comma)
    return None


# "which he said were", "what the senators said was", "a rule that he said would": the relative word
# is the subject of the reported clause, so the finite verb right after the cue opens its content
RELATIVE_WORDS = frozenset("which that what who whom".split())
RELATIVE_PRIOR = 0.5


def relative_frame(toks: list[Token], start: int, end: int, left: int, lemma: str, prior: float) -> Found | None:
    """A likely speech verb right before a finite verb, whose subject follows a relative word: the
    relative word and the clause after the verb are the content, the subject the source."""
    n = len(toks)
    if prior < RELATIVE_PRIOR or end >= n - 1 or toks[end].low not in FINITE_VERBS or left < 1:
        return None
    src_start = left_np(toks, left)
    if src_start is None or src_start < 1 or toks[src_start - 1].low not in RELATIVE_WORDS:
        return None
    relative = src_start - 1
    return Found((start, end), (src_start, left + 1), [(relative, relative + 1), (end, n)], "relative", lemma,
                 prior * 0.8, extra={"clause": relative})


ROLE_OPENERS = frozenset("a an another the his her their its who one head chief founder author".split())


def appositive_start(toks: list[Token], comma: int) -> int | None:
    """For "NAME, ROLE, said" / "Schiff, 56, who has served ..., told": the start of NAME when
    ``comma`` closes one or more appositive segments after a name."""
    end = comma
    for _ in range(3):
        j = end - 1
        while j >= 0 and toks[j].low not in (",", ";", ":", "(", ")") and toks[j].kind != "q" and end - j < 2 * MAX_NP:
            j -= 1
        if j < 1 or toks[j].low != "," or j + 1 >= end:
            return None
        first = toks[j + 1]
        segment = [t for t in toks[j + 1:end] if t.kind == "w"]
        is_role = (first.low in ROLE_OPENERS or first.low.isdigit() or first.low.endswith("ing")
                   or _proper_name_before(toks, j) and end - j <= 16
                   or first.low in ("who", "which", "of", "from", "in", "on", "at", "during", "including", "speaking",
                                    "writing", "like", "whose", "now", "then", "once", "also", "too", "however", "meanwhile",
                                    "though", "too", "in", "for")
                   or _looks_like_title(toks, j + 1)
                   or 0 < len(segment) <= 4 and all(t.is_capitalized for t in segment))
        if not is_role:
            return None
        name_start = left_np(toks, j - 1)
        if name_start is not None and (toks[name_start].is_capitalized or toks[name_start].low in lexicon.DETERMINERS):
            before = toks[name_start - 1].low if name_start > 0 else ""
            if name_start == 0 or before in (",", ";", ":", "--", "—", "–") or toks[name_start - 1].kind == "q" or before in lexicon.CLAUSE_WORDS:
                return name_start
        end = j
    return None


def _proper_name_before(toks: list[Token], comma: int) -> bool:
    """"Megan Hester, senior associate ..., said": the segment before ``comma`` is a proper name."""
    k = comma - 1
    words = 0
    while k >= 0 and toks[k].kind == "w" and toks[k].is_capitalized:
        words += 1
        k -= 1
    return 2 <= words <= 4 and (k < 0 or toks[k].kind != "w" or toks[k].low in lexicon.CLAUSE_WORDS)


def _looks_like_title(toks: list[Token], k: int) -> bool:
    """"Zarif, Iran's foreign minister" / "Khan, spokesman for ...": a role follows the name."""
    window = " ".join(t.low for t in toks[k:k + 5])
    return any(w in window for w in ("minister", "spokes", "director", "secretary", "chairman", "president", "adviser")) \
        or toks[k].low in TITLES or toks[k].low in ("chair", "member", "head", "deputy", "fellow", "editor", "correspondent")


def asked_then_quote(toks: list[Token], after: int) -> bool:
    """"Asked if …, Trump replied, “Well …”": a fronted Asked clause (commas and all) before a cue
    that a colon or a quotation follows; the answer is what comes after the cue."""
    n = len(toks)
    return toks[0].low == "asked" and after < n and (
        toks[after].low == ":" or toks[after].low == "," and after + 1 < n and toks[after + 1].kind == "q")


def participle_tail(toks: list[Token], after: int) -> bool:
    """", looking out on the crowd." after "NAME said": a participle clause without a quotation ends the
    sentence, so the cue says nothing in it (what was said is the quotation before)."""
    return after + 1 < len(toks) and toks[after].low == "," and toks[after + 1].low.endswith("ing") \
        and not any(t.kind == "q" for t in toks[after:])


# "Citing an unfounded theory, Trump ...": a speech participle opening the sentence above this prior
FRONTED_PARTICIPLE_PRIOR = 0.4


def fronted_participle(toks: list[Token], start: int, end: int, lemma: str, prior: float) -> Found | None:
    """"Claiming the criticism is unfair, the campaign ...", "Lamenting their luck, Mexicans often
    say ...": a speech participle that opens the sentence reports its clause up to the comma, and
    the main clause's subject after the comma is the source."""
    n = len(toks)
    if start != 0 or not toks[0].low.endswith("ing") or prior < FRONTED_PARTICIPLE_PRIOR:
        return None
    comma = first_comma(toks, end)
    if comma <= end or comma + 2 >= n or toks[comma].low != ",":
        return None
    subject = right_np(toks, comma + 1, appositive=False)
    if subject is None:
        return None
    return Found((start, end), subject, [(end, comma)], "participle", lemma, prior * 0.8)


def inverted_opening(toks: list[Token], start: int, end: int, lemma: str, prior: float, inverting: bool) -> Found | None:
    """"Said Ellis: “…”", "Said Mara Quint, who grew up with her, “…”": a speech verb opening the
    sentence before a name; what follows the name (and its appositive) is the content."""
    n = len(toks)
    if start != 0 or not inverting or end >= n or not toks[end].is_capitalized:
        return None
    source = right_np(toks, end)
    if source is None:
        return None
    k = source[1]
    while k < n and (toks[k].low in (",", ":") or toks[k].low in lexicon.CLAUSE_WORDS and toks[k].low != "that"):
        if toks[k].low in lexicon.CLAUSE_WORDS:  # "who grew up with her,": the appositive clause is the source's
            k = next((j for j in range(k, n) if toks[j].low in (",", ":")), n)
            source = (source[0], k)
        k += 1
    if k >= n - 1 or not any(t.kind == "w" for t in toks[k:]):
        return None
    return Found((start, end), source, [(k, n)], "content-cue-source", lemma, prior * 0.8)
