"""The attribution patterns beside the main verb frames: according to, participles,
implicit sources, a strong cue whose source no walk finds, a colon before a quote, and the tests that
tell a cue word from a noun."""
from __future__ import annotations

from service.extraction import lexicon
from service.extraction.clauses import (
    SUBORDINATE_CONTINUATION, Found, clause_end_before, content_after, first_comma, skip_modifiers_left,
)
from service.extraction.phrases import left_np, right_np, subject_np
from service.extraction.tokens import Token

# the writer's own hedges ("the talks seemed to be going well"): PolNeAR marks them, but they name
# no source an analyst could check, so the product leaves them out
HEDGES = frozenset("seem appear look sound".split())
PASSIVE_AUX = frozenset("be been being is was were are".split())


def noun_use(toks: list[Token], start: int, end: int, left: int) -> bool:
    """"talks seemed", "concerns the US might be seen": the cue word is a noun here, or a passive
    participle ("might be seen to") whose subject is not its source."""
    following = toks[end].low if end < len(toks) else ""
    if following in FINITE_AFTER_NOUN or (following.endswith("ed") and toks[start].low.endswith("s")):
        return True
    if start > 0 and toks[start - 1].low in QUANTIFIERS and toks[start].low.endswith("s") \
            and not toks[start].low.endswith("ss"):
        return True  # "some calls into the hotline", "many reports": a quantified plural ("some say" is a verb)
    if following in ("and", "or") and toks[start].low.endswith("s") and left == start - 1 and _common_noun(toks[left]):
        return True  # "via mail, phone calls and digital ads": a plural noun in a list
    skipped = {t.low for t in toks[left + 1:start]}
    participle = toks[start].low.endswith(("ed", "en", "wn")) or toks[start].low in ("seen", "told", "said", "thought")
    return bool(skipped & PASSIVE_AUX) and participle and following != "by"


def _common_noun(tok: Token) -> bool:
    return tok.kind == "w" and not tok.is_capitalized and tok.low not in lexicon.PRONOUNS \
        and tok.low not in lexicon.PEOPLE_NOUNS and tok.low not in lexicon.EVIDENCE_NOUNS and not tok.low.endswith("ly")


def passive(toks: list[Token], start: int, end: int, left: int) -> bool:
    """"was said to", "has been asked": a speech participle after a form of "be", no "by" agent,
    and a subject before it (not "these talks were")."""
    following = toks[end].low if end < len(toks) else ""
    skipped = {t.low for t in toks[left + 1:start]}
    return bool(skipped & PASSIVE_AUX) and following not in ("by", "") and toks[start].low.endswith(
        ("ed", "en", "wn", "told", "said", "thought")) and not toks[start].low.endswith("s")


# a personal pronoun before an active verb is its subject whatever follows ("he expected me to read ...")
ACTIVE_SUBJECTS = frozenset("he she they we i".split())
QUANTIFIERS = frozenset("some many few several most all both no".split())
FINITE_AFTER_NOUN = frozenset("is was are were has have had will would seemed seems appear appeared".split())


def implicit_frame(toks, start, end, lemma, prior) -> Found | None:
    """"The FBI is reportedly making ...", "he seemed to ...": no source; the content is the
    subject and the rest of the clause around the cue."""
    if start > 0 and (toks[start - 1].low in lexicon.DETERMINERS or toks[start - 1].low.endswith("'s")):
        return None  # "a widely read column": the adverb modifies a noun here
    left = skip_modifiers_left(toks, start)
    content = []
    if left >= 0 and toks[left].kind == "w" and toks[left].low not in ("there", "it"):
        subject = left_np(toks, left)
        if subject is not None:
            content.append((subject, left + 1))
    k, _ = content_after(toks, end, len(toks), lemma)
    stop = first_comma(toks, k)  # its own clause
    if k < stop and any(t.kind == "w" for t in toks[k:stop]):
        content.append((k, stop))
    if not content:
        return None
    active = toks[start].low.endswith("ed") and not any(t.low in PASSIVE_AUX | {"'s"} for t in toks[left + 1:start])
    if active and len(content) == 2 and (toks[content[1][0]].low == "that" or toks[left].low in ACTIVE_SUBJECTS
                                         and content[0][1] - content[0][0] == 1):
        # "investigators have discovered that ...", "he expected that ...": an active verb's subject holds it
        return Found((start, end), content[0], content[1:], "source-cue-content", lemma, prior)
    return Found((start, end), None, content, "implicit", lemma, prior)


def short_name(toks: list[Token], src: tuple[int, int], limit: int = 7) -> bool:
    """An inverted source is a name or a short description, up to its appositive comma (after a
    quotation a longer one: "said the former top aide to the governor")."""
    head = 0
    for tok in toks[src[0]:src[1]]:
        if tok.low == ",":
            break
        head += tok.kind == "w"
    return head <= limit


def according_frame(toks, start, end, prior) -> Found | None:
    n = len(toks)
    sentence_initial = start == 0 or (start == 1 and toks[0].kind == "p")
    src = right_np(toks, end, allow_lower=True, appositive=not sentence_initial)
    if src is None:
        return None
    if sentence_initial:
        k = src[1] + 1 if src[1] < n and toks[src[1]].low == "," else src[1]
        return Found((start, end), src, [(k, n)], "according-to", "according to", prior) if k < n else None
    content_end = clause_end_before(toks, start, 0)
    content = [(0, content_end)] if content_end > 0 else []
    if src[1] < n - 1 and toks[src[1]].low == "," and toks[src[1] + 1].low not in SUBORDINATE_CONTINUATION:
        content.append((src[1] + 1, n))
    return Found((start, end), src, content, "according-to", "according to", prior) if content else None


def participle_frame(toks, start, end, lemma, prior, earlier) -> Found | None:
    if end < len(toks) and toks[end].low == "to" and lemma in ("add", "push", "lead", "bring"):
        return None  # "..., adding to her run of victories": not a speech act
    k, colon = content_after(toks, end, len(toks), lemma)
    if k >= len(toks):
        return None
    source = earlier[-1].source if earlier else _clause_subject(toks, start - 1) or subject_np(toks)
    if source is None:
        return None
    return Found((start, end), source, [(k, len(toks))], "participle", lemma, prior, colon, {"clause": start})


CLAUSE_MARKS = frozenset([",", ";", ":", "—", "–", "--"])


def _clause_subject(toks: list[Token], comma: int) -> tuple[int, int] | None:
    """"In response to …, the aide rallied supporters, saying …": the subject of the clause the
    participle hangs on (between the marks before its comma), not the sentence's first words."""
    if comma < 2 or toks[comma].low != ",":
        return None
    first = comma - 1
    while first > 0 and toks[first - 1].low not in CLAUSE_MARKS and toks[first - 1].kind != "q":
        first -= 1
    for v in range(first + 1, comma):
        tok = toks[v]
        if tok.kind == "w" and not tok.is_capitalized and toks[v - 1].kind == "w" and (
                tok.low.endswith("ed") or tok.low in IRREGULAR_PAST or tok.low in PASSIVE_AUX_WORDS):
            subject = left_np(toks, v - 1)
            return (subject, v) if subject is not None and subject >= first else None
    return None


ROLE_SUFFIXES = ("er", "or", "ist", "man", "woman", "ian", "ent", "ant")


def colon_quote(toks: list[Token]) -> Found | None:
    """"... doesn't surprise pollster Daron Shaw: “Historically, ...”": the colon is the cue."""
    for i in range(1, len(toks) - 2):
        if toks[i].low == ":" and toks[i + 1].kind == "q" and i >= 2 and _verb_form(toks[i - 1], True) \
                and toks[i - 1].low not in lexicon.CLAUSE_WORDS:
            # "He sighed: “...”", "Trump tweeted: “...”": the verb before the colon is the cue
            subject = left_np(toks, i - 2) if toks[i - 2].kind == "w" else None
            if subject is not None and (toks[subject].is_capitalized or toks[i - 2].low in SUBJECT_PRONOUNS):
                return Found((i - 1, i), (subject, i - 1), [(i + 1, len(toks))], "colon-quote",
                             lexicon.lemma(toks[i - 1].low), 0.6)
        if toks[i].low == ":" and toks[i + 1].kind == "q" and toks[i - 1].is_capitalized:
            start = i - 1  # the name before the colon, with a role word before it ("pollster Dan Reyes")
            while start > 0 and (toks[start - 1].is_capitalized or toks[start - 1].low in (".", "-")):
                start -= 1
            if start > 0 and toks[start - 1].low.endswith(ROLE_SUFFIXES):
                start -= 1
            if start > 0 and toks[start - 1].low in ("by", "in", "of", "from"):
                return None  # '"Headline," by Times' Ben Sisario: "…"': a credit line, not a speaker
            if toks[start].kind == "w":
                return Found((i, i + 1), (start, i), [(i + 1, len(toks))], "colon-quote", ":", 0.6)
    return None


IRREGULAR_PAST = frozenset("said told wrote spoke thought felt knew saw heard swore quipped".split())
SUBJECT_PRONOUNS = frozenset("he she they i we it".split())


def tail_frame(toks: list[Token]) -> Found | None:
    """'"...," Trump quipped.' / '"...," countered Sen. Lee.': after a quotation (or, for a verb the
    lexicon knows, after a comma) a short "NAME verb" or "verb NAME" tail is an attribution
    whatever the verb."""
    e = len(toks)
    while e > 0 and toks[e - 1].kind == "p" and toks[e - 1].low in (".", "!", "?"):
        e -= 1
    c = e - 1
    while c > 1 and toks[c].low != "," and toks[c].kind != "q":
        c -= 1
    tail = toks[c + 1:e]
    if c <= 1 or not 2 <= len(tail) <= 9 or any(t.kind == "q" or t.low in (",", ";", ":") for t in tail):
        return None
    quoted = _closing(toks, c) or toks[c].low == "," and _closing(toks, c - 1)
    if not quoted:
        return None  # without a quotation, "the market crashed" frames are mostly not attributions
    content_end = c + 1 if toks[c].kind == "q" else c
    for v in range(len(tail)):
        tok = tail[v]
        if not _verb_form(tok, quoted):
            continue
        if v == 0 and _name_like(tail[1:min(len(tail), 7)]):
            return Found((c + 1, c + 2), (c + 2, e), [(0, content_end)], "content-cue-source",
                         lexicon.lemma(tok.low), 0.5)
        if v > 0 and _name_like(tail[:v]) and len(tail) - v <= 5:
            return Found((c + 1 + v, c + 2 + v), (c + 1, c + 1 + v), [(0, content_end)], "content-source-cue",
                         lexicon.lemma(tok.low), 0.5)
        return None
    return None


def _closing(toks: list[Token], i: int) -> bool:
    """A closing quote mark: ” or '', or a straight quote glued to the word before it."""
    tok = toks[i]
    return tok.kind == "q" and (tok.low in ("”", "''") or tok.low == '"' and i > 0 and toks[i - 1].end == tok.start)


def _verb_form(tok: Token, quoted: bool) -> bool:
    if tok.kind != "w" or tok.is_capitalized:
        return False
    known = lexicon.all_forms().get(tok.low)
    if not quoted:
        return known is not None and known.group != "noun"
    return known is not None or tok.low in IRREGULAR_PAST or (
        tok.low.endswith(("ed", "s")) and len(tok.low) > 3 and tok.low not in NOT_TAIL_VERBS)


# function words ending in -s that no tail after a quotation uses as its verb ('…” across the nation.')
NOT_TAIL_VERBS = frozenset(
    "across towards afterwards besides unless perhaps always sometimes nevertheless thus this these those "
    "his hers its ours theirs yours was does has is as whereas news plus".split())


def _name_like(words: list[Token]) -> bool:
    if not words or any(t.kind == "q" for t in words):
        return False
    if len(words) == 1 and words[0].low in SUBJECT_PRONOUNS:
        return True
    return (words[0].is_capitalized or words[0].low in lexicon.DETERMINERS) and len(words) <= 7 and all(
        t.low not in lexicon.CLAUSE_WORDS for t in words
    )


DOCUMENT_HEADS = frozenset(
    "poll polls survey surveys study analysis eyes words view opinion estimate estimates".split()
)


def in_document(toks: list[Token]) -> Found | None:
    """"In this poll, Trump rose 1 point" / "in his eyes, ...": the poll or view
    named after a sentence-initial "In" is the source, "In" the cue, the clause after the comma
    the content."""
    i = 1 if toks and toks[0].low in ("but", "and", "yet") else 0
    if len(toks) < i + 4 or toks[i].low != "in":
        return None
    comma = next((j for j in range(i + 1, min(len(toks), i + 12)) if toks[j].low == ","), None)
    if comma is None or comma + 1 >= len(toks) or toks[comma - 1].low not in DOCUMENT_HEADS:
        return None
    if toks[comma - 2].low == "other":
        return None  # "In other words, ...": a discourse marker, nobody's words
    return Found((i, i + 1), (i + 1, comma), [(comma + 1, len(toks))], "in-document", "in", 0.6)


PASSIVE_AUX_WORDS = frozenset("is was are were be been being has have had".split())


def passive_by_frame(toks: list[Token], start: int, end: int, left: int, lemma: str, prior: float) -> Found | None:
    """"a call echoed by Japan", "has been repeatedly criticized by many bankers": the
    agent after "by" is the source, the subject before the participle the content."""
    if not (toks[start].low.endswith(("ed", "en")) and left >= 0 and toks[left].kind == "w"):
        return None
    if toks[end + 1].low.endswith("ing"):
        return None  # "responded by saying": a means, not an agent
    agent = right_np(toks, end + 1, allow_lower=True, appositive=False)
    subject = left_np(toks, left) if toks[left].low not in PASSIVE_AUX_WORDS else None
    if subject is None and toks[left].low in PASSIVE_AUX_WORDS:
        first_aux = left
        while first_aux > 0 and toks[first_aux - 1].low in PASSIVE_AUX_WORDS | lexicon.CUE_MODIFIERS:
            first_aux -= 1
        subject = left_np(toks, first_aux - 1) if first_aux > 0 and toks[first_aux - 1].kind == "w" else None
        if subject is not None:
            return Found((start, end), agent, [(subject, first_aux)], "passive-by", lemma, prior) if agent else None
    if agent is not None and subject is not None and (subject == 0 or toks[subject - 1].low in APPOSITION_MARKS):
        # without an auxiliary the participle modifies a noun ("the facts reported by the government"):
        # an attribution only as an aside ("..., a call echoed by Japan")
        return Found((start, end), agent, [(subject, left + 1)], "passive-by", lemma, prior)
    return None


APPOSITION_MARKS = frozenset([",", "—", "–", "--", "-", ";", ":", "("])


# a strong cue whose source no walk delimits still marks its content (source: the subject, or implicit)
SOURCELESS_PRIOR = 0.6


def sourceless_frame(toks, start, end, lemma, prior) -> Found | None:
    if prior < SOURCELESS_PRIOR:
        return None
    k, colon = content_after(toks, end, len(toks), lemma)
    stop = first_comma(toks, k)  # "When asked if ..., Gale said": only its own clause
    if k >= stop or not any(t.kind == "w" for t in toks[k:stop]):
        return None
    # "All the experts I interviewed said …": no walk reaches past the bare relative clause, but the
    # sentence's subject does when nothing but words lies between it and the cue
    subject = subject_np(toks)
    source = (subject[0], start) if subject is not None and subject[0] < start and all(
        t.kind == "w" and t.low not in lexicon.CLAUSE_WORDS for t in toks[subject[0]:start]) else None
    return Found((start, end), source, [(k, stop)], "source-cue-content", lemma, prior * 0.5, colon)
