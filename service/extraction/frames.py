"""Frames: for each cue candidate of one sentence (window), where its source and content lie.

Patterns (the ``rule`` names):
  source-cue-content   Zarif said on September 8 that Iran was ready ...
  content-source-cue   "We were there," Figueroa told USA Today.   /   X, Iranian media revealed, Y.
  content-cue-source   ..., said Michael O'Hanlon, a senior fellow at Brookings.
  according-to         They had also been in Iran, according to reports.
  participle           ..., he said, adding that ...   (the source is repeated, as PolNeAR does)
  noun-cue             there were concerns that ...     (implicit source)
The less common frames (according to, noun cues, participles, implicit sources, colon before a
quote, a tail after a quotation) are in side_frames.py; which of two nested attributions stays is
decided in nesting.py.  Public surface: ``find_in_sentence``.
"""
from __future__ import annotations

from service.extraction import lexicon
from service.extraction.clauses import (
    main_verb_after, relative_head, words_before,
    CONTENT_FIRST, NOT_BEFORE_VERB, PARTICIPLE_LEMMAS, SUBORDINATE_CONTINUATION, Found,
    ADJUNCT_OPENERS, FRAME_CLAUSES, adjunct_end, clause_end_before, content_after, first_comma, skip_modifiers_left,
)
from service.extraction.adjuncts import (
    degree_before, expletive, infinitive_after, past_recipient, quote_first, subject_end,
)
from service.extraction.cues import (
    adverb_or_participle, cue_candidates, noun_phrase_head, possessive,
)
from service.extraction.phrases import left_np, right_nps, source_bounds, subject_np
from service.extraction.side_frames import (
    HEDGES, according_frame, passive, passive_by_frame, colon_quote, in_document, tail_frame, implicit_frame, noun_use, participle_frame, short_name,
    sourceless_frame,
)
from service.extraction.name_frames import (
    FRONTED_SUBORDINATORS, clause_before, fronted_adjunct, more_appositives, opening_name, relative_frame, appositive_start,
    asked_then_quote, participle_tail, fronted_participle, inverted_opening,
)
from service.extraction.nesting import resolve_nesting
from service.extraction.noun_frames import noun_cue, noun_pp_frame
from service.extraction.sources import ANONYMITY
from service.extraction.tokens import Token

# a second verb joined by "and"/"but" takes the sentence's subject as source above this prior
COORDINATED_PRIOR = 0.3
# a relative pronoun right before a cue is its source ("the AP, which first reported") above this prior
WHO_PRIOR = 0.4
ENCOUNTER_LEMMAS = frozenset("speak talk respond reply address meet".split())


# "a call echoed by Japan": a participle before "by" above this prior takes the agent as source
PASSIVE_BY_PRIOR = 0.3
# a passive speech verb ("was said to", "was asked") above this prior is an implicit-source attribution
PASSIVE_PRIOR = 0.5
# "..., before noting that ...": a speech participle after one of these is a sibling of the cue before it
SIBLING_SUBORDINATORS = frozenset("before after while when by without".split())
SIBLING_PRIOR = 0.5
# verbs of an anonymity clause ("who asked not to be named"): there they describe the source, not an attribution
ANONYMITY_VERBS = frozenset("ask speak talk request decline insist grant refuse".split())
# an infinitive or a gerund after a preposition ("to accuse", "by telling") of a speech verb above
# this prior is an attribution whose source is the subject of its clause
VERBAL_PRIOR = 0.4
# (mined on train: a speech gerund after "by" is a cue 3 times in 4, after "in" 2 in 3, after "for" never)
GERUND_PREPOSITIONS = frozenset("by in of from without about".split())
OWNERS = frozenset("his her their its".split())
# "Trump has responded with attacks on …": how one answered is the content (4 of 6 on train; after "by"
# 6 of 10, but "responded by closing the port" is an act, so "by" stays no complement)
RESPONSE_LEMMAS = frozenset("respond reply counter react".split())
# "Vitter demanded." alone after a quotation ending in "?”" (the pipeline checks it): any cue candidate
BARE_FRAME_PRIOR = 0.3
INVERTING = frozenset("say add explain write ask note argue insist warn recall acknowledge conclude reply".split())
# words that open no reported content right after a cue: a preposition of another frame, a
# coordinator, a reflexive object ("drew criticism from", "responded by", "said and did", "found itself")
NOT_COMPLEMENT = frozenset("from by and or nor than under down - itself himself herself themselves".split())
def find_in_sentence(toks: list[Token], quoted=None) -> list[Found]:
    """All attributions of one sentence's tokens, nested ones removed.  ``quoted(offset)`` tells
    whether a character lies inside a quotation: a cue there is part of someone's quoted words."""
    n = len(toks)
    found: list[Found] = []
    for start, end, lemma, prior, group, implicit in cue_candidates(toks):
        if quoted is not None and quoted(toks[start].start):
            continue
        if lemma in HEDGES:
            continue
        if lemma in ANONYMITY_VERBS and ANONYMITY.search(" ".join(t.low for t in toks[start:end + 8])):
            continue  # "who asked not to be named", "who spoke on condition of anonymity": part of the source
        if implicit >= lexicon.IMPLICIT_SHARE and adverb_or_participle(toks[start].low):
            item = implicit_frame(toks, start, end, lemma, prior)
        else:
            item = _match(toks, start, end, lemma, prior, group, found) or (
                noun_pp_frame(toks, start, end, lemma) if start > 0 else None)  # (not "Said to be ill, …")
        if item is not None:
            found.append(item)
    if not found:
        document = in_document(toks)
        if document is not None:
            found.append(document)
    if not found:
        colon = colon_quote(toks)
        if colon is not None:
            found.append(colon)
    if not any(f.rule in CONTENT_FIRST for f in found):
        tail = tail_frame(toks)
        if tail is not None and not any(f.cue[0] >= tail.source[0] - 1 for f in found) and not (
            quoted is not None and quoted(toks[tail.cue[0]].start)
        ):
            found.append(tail)
    return resolve_nesting(toks, found, n)


def _match(toks, start, end, lemma, prior, group, earlier) -> Found | None:
    n = len(toks)
    if group == "according":
        return according_frame(toks, start, end, prior)
    if group == "noun":
        return noun_cue(toks, start, end, lemma, prior)
    left = skip_modifiers_left(toks, start)
    if degree_before(toks, left):
        return None  # "no doubt", "more measured": a noun or an adjective here
    left = subject_end(toks, left)
    before = toks[left] if left >= 0 else None
    if end + 1 < n and toks[end].low == "by" and prior >= PASSIVE_BY_PRIOR:
        found = passive_by_frame(toks, start, end, left, lemma, prior)
        if found is not None:
            return found
    relative = relative_frame(toks, start, end, left, lemma, prior) if group == "speech" else None
    if relative is not None:
        return relative
    if noun_use(toks, start, end, left):
        if group == "speech" and prior >= PASSIVE_PRIOR and passive(toks, start, end, left):
            # "the mayor was said to be furious", "Lind has been asked to publish ...": the speaker is implicit
            return implicit_frame(toks, start, end, lemma, prior * 0.7)
        return None
    if noun_phrase_head(toks, start):
        return None
    if start == 1 and toks[0].low == "that" and end < n and toks[end].low == ",":
        return None  # "That said, ...": a discourse marker
    following = toks[end].low if end < n else ""
    if lemma in ENCOUNTER_LEMMAS and following in ("to", "with", "at", "in", "on", "before", "from", "after", "outside") \
            and not (lemma in RESPONSE_LEMMAS and following == "with" and toks[start].low.endswith("ed")):
        return None  # "Rubio spoke to reporters", "Bill Clinton spoke with voters": a meeting, no content
    if before is not None and before.low == "there":  # "there were concerns that ...": implicit source
        k, colon = content_after(toks, end, n, lemma)
        return Found((start, end), None, [(k, n)], "noun-cue", lemma, prior, colon) if k < n else None
    if start == 0 and toks[0].low == "asked" and n > 2:
        stop = next((j for j in range(1, n) if toks[j].low == ","), n)
        return Found((0, 1), None, [(1, stop)], "asked", lemma, prior * 0.7) if stop > 1 else None
    if start > 0 and (toks[start - 1].low in NOT_BEFORE_VERB or possessive(toks[start - 1])):
        if group == "speech" and prior >= VERBAL_PRIOR and (toks[start - 1].low == "to" and (toks[start].low.endswith("ss") or not toks[start].low.endswith(
                ("s", "ed", "ing"))) or toks[start - 1].low in GERUND_PREPOSITIONS and toks[start].low.endswith("ing")):
            # "went on to discuss ...", "pitched himself by telling them that ...": the clause's subject speaks
            found = participle_frame(toks, start, end, lemma, prior * 0.8, earlier)
            if found is not None:
                found.rule, found.extra = "verbal", {}
            return found
        if end < n - 1 and toks[end].low == "that" and (possessive(toks[start - 1]) or toks[start - 1].low in OWNERS):
            # "Trump's claim that ...", "his claim that ...": the owner is the source
            owner = left_np(toks, start - 1) if toks[start - 1].is_capitalized else None
            return Found((start, end), (start - 1 if owner is None else owner, start), [(end, n)], "possessive",
                         lemma, prior * 0.8)
        return None  # "these talks", "for talks", "a say": a noun, not the verb
    if before is not None and before.low == "," and left >= 1 and end < n and not toks[start].low.endswith("ing") and (
        toks[end].low in (",", ":") or toks[end].kind == "q" or toks[left - 1].low == ")"
    ):  # (", saying, “…”" is a participle of the clause before the comma)
        name = left_np(toks, left - 1)
        if name is not None and (toks[name].is_capitalized or toks[name].low in lexicon.DETERMINERS):
            k, colon = content_after(toks, end, n, lemma)
            if k < n:  # "Gov. John Kasich (R-OH), said, “I’m getting ready ...”"
                return Found((start, end), (name, left), [(k, n)], "source-cue-content", lemma, prior, colon)
    if before is not None and before.low in SIBLING_SUBORDINATORS and toks[start].low.endswith("ing") and earlier \
            and prior >= SIBLING_PRIOR and left > earlier[-1].cue[1]:
        # "told O'Connor that ... before noting that ...": a sibling attribution of the same source
        return participle_frame(toks, start, end, lemma, prior, earlier)
    if before is not None and (before.low in (",", "—", "–", "--") or before.kind == "q") and toks[start].low.endswith("ing"):
        return participle_frame(toks, start, end, lemma, prior, earlier)  # '..., referring to ...'
    if before is not None and before.low in (",", "”", "''", '"') or (before is not None and before.kind == "q"):
        appos = appositive_start(toks, left)
        if appos is not None:
            k, colon = content_after(toks, end, n, lemma)
            if appos > 1 and (toks[appos - 1].low == "," or toks[appos - 1].kind == "q") \
                    and (adjunct_end(toks, end, n, lemma) >= n - 1 and not any(t.kind == "q" for t in toks[end:])
                         or quote_first(toks, appos, end, lemma)):
                # '"We will win," Sanders, who spoke in Iowa, told NBC.': the content came first
                content_end = clause_end_before(toks, appos, 0)
                if content_end > 0:
                    return Found((start, end), source_bounds(toks, (appos, left)), [(0, content_end)],
                                 "content-source-cue", lemma, prior)
            if k < n:
                return Found((start, end), source_bounds(toks, (appos, left)), [(k, n)], "source-cue-content", lemma,
                             prior, colon)
        src = right_nps(toks, end)
        quoted_before = before.kind == "q" or left >= 1 and toks[left - 1].kind == "q"
        # without a quotation before it, only a speech verb inverts ("..., said Ann Lee"; not "..., endorsed Cruz")
        if src is not None and (quoted_before or lemma in INVERTING) and (src[1] >= n or toks[src[1]].kind == "p" or toks[src[1]].low in ("when", "as", "who")) \
                and short_name(toks, src, 12 if quoted_before else 7):
            content_end = clause_end_before(toks, left + 1, 0)
            content = [(0, content_end)] if content_end > 0 else []
            if content:
                return Found((start, end), more_appositives(toks, src), content, "content-cue-source", lemma, prior)
        if lemma in PARTICIPLE_LEMMAS and toks[start].low.endswith("ing"):
            return participle_frame(toks, start, end, lemma, prior, earlier)
        return opening_name(toks, start, end, left, lemma, prior)
    if before is not None and before.low in ("and", "but", "then"):
        k, colon = content_after(toks, end, n, lemma)
        main = next((e for e in earlier if e.rule == "source-cue-content"), earlier[0]) if earlier else None
        source = main.source if main else subject_np(toks) if prior >= COORDINATED_PRIOR else None
        relative = main is None and source is not None and any(
            t.low in ("which", "who", "that") for t in toks[source[1]:left]
        )  # "Pakistan, which once backed X and has preferred Y": the verbs belong to the relative clause
        if k < n and source is not None and source[1] <= left and not relative and toks[k].low not in NOT_COMPLEMENT:
            return Found((start, end), source, [(k, n)], "coordinated", lemma, prior, colon,
                         {"clause": left})
        return None
    if before is None or before.kind != "w" and before.low not in (")", "—", "–", "--"):
        return (fronted_participle(toks, start, end, lemma, prior)
                or inverted_opening(toks, start, end, lemma, prior, lemma in INVERTING)) if before is None else None
    if before.low in ("who", "which") and prior >= WHO_PRIOR:
        if any(t.low in ("is", "was", "are", "were", "been", "be") for t in toks[left + 1:start]):
            return None  # "who is reviled by progressives": a passive describes the source, it does not quote it
        k, colon = content_after(toks, end, n, lemma)
        # a relative clause set off by commas ends where the main clause's cue resumes: "X, who called
        # it reckless, said ..."
        stop = first_comma(toks, k) if left >= 1 and toks[left - 1].low == "," else n
        if stop < n and not any((c := lexicon.lookup(t.low)) is not None and c.prior >= 0.5
                                for t in toks[stop + 1:stop + 4]):
            stop = n
        if stop == n and k < n and toks[k].low != "that":
            # a bare relative ends at the main clause's likely verb: "Officials who praised the plan warned ..."
            stop = main_verb_after(toks, k + 1, n)
        if k < stop:
            return Found((start, end), (left, left + 1), [(k, stop)], "source-cue-content", lemma, prior * 0.8, colon)
        return None
    src_start = left_np(toks, left)
    if src_start is None:
        return sourceless_frame(toks, start, end, lemma, prior)
    head = relative_head(toks, src_start)  # "Officials who praised the plan warned": the officials warned
    src_start = src_start if head is None or left_np(toks, head) is None else left_np(toks, head)
    src = None if expletive(toks, src_start, start) else source_bounds(toks, (src_start, left + 1))
    prev = src_start - 1
    # past the cue's trailing adjuncts: '"...," Waters said in a statement, "..."' is still content first
    after_quote = prev >= 0 and (toks[prev].kind == "q" or prev >= 1 and toks[prev].low == "," and toks[prev - 1].kind == "q")
    after = adjunct_end(toks, end, n, lemma, after_quote) \
        if prev >= 0 and (toks[prev].low == "," or toks[prev].kind == "q") and not infinitive_after(toks, end) else end
    # the words after the cue's adjuncts matter only after a comma, a quote or "as" (counted only then)
    rest_words = sum(t.kind == "w" for t in toks[after:]) \
        if prev >= 0 and (toks[prev].low in (",", "as") or toks[prev].kind == "q") else 0
    # "Though it is difficult ..., experts say it ...": the comma only closes a fronted clause
    fronted = (toks[0].low in FRONTED_SUBORDINATORS or toks[0].low == "asked") and not any(t.low == "," for t in toks[:max(prev, 0)]) and not (
        after < n and toks[after].low == ","  # "When she got inside, she said, there were no ballots": a parenthetical
    ) or asked_then_quote(toks, after)
    if prev >= 2 and toks[prev].low == "as" and toks[prev - 1].low == "," and rest_words <= 4 and words_before(toks, prev - 1) > 1:
        # "..., as Clinton supporters point out.": the main clause is the content
        return Found((start, end), src, [(0, prev - 1)], "content-source-cue", lemma, prior)
    if prev >= 0 and (toks[prev].low == "," or toks[prev].kind == "q") and src_start > 1 and not fronted \
            and not (fronted_adjunct(toks, prev) and not (after < n and toks[after].low == ",")):
        content = [(0, clause_end_before(toks, src_start, 0))]
        if after < n and toks[after].low == "," and rest_words > 0:
            following = toks[after + 1].low if after + 1 < n else ""
            if following not in SUBORDINATE_CONTINUATION and not following.endswith("ing"):
                content.append((after + 1, n))
            return Found((start, end), src, content, "content-source-cue", lemma, prior)
        if after_quote and after < n and toks[after].low in FRAME_CLAUSES:
            return Found((start, end), src, content, "content-source-cue", lemma, prior)
        if rest_words <= 6 and not any(t.low == "that" for t in toks[after:]) and (
                after_quote or not any(t.kind == "w" for t in toks[end:]) or clause_before(toks, prev)):
            return Found((start, end), src, content, "content-source-cue", lemma, prior)
    if after_quote and quote_first(toks, src_start, end, lemma):
        # '"...," she said several months after her release, and ...': the quotation is what was said
        return Found((start, end), src, [(0, clause_end_before(toks, src_start, 0))], "content-source-cue",
                     lemma, prior)
    if src_start == 0 and prior >= 0.5 and participle_tail(toks, after):
        # '“…?” Lee said, looking out on the crowd.': the quotation before is what was said
        return Found((start, end), src, [], "previous-sentence", lemma, prior * 0.8, extra={"previous": True})
    if prev >= 0 and toks[prev].low == "as" and after + 2 < n and toks[after].low == "," and prior >= lexicon.THRESHOLD["speech"]:
        # "As the paper noted, it is ...": the clause after the comma is what was noted
        return Found((start, end), src, [(after + 1, n)], "source-cue-content", lemma, prior)
    if after < n and toks[after].low == "," and not any(
        t.kind == "q" or t.low == "that" for t in toks[after + 1:after + 9]
    ):
        return None  # "the evening news shows, Novak said": a noun before a comma, not a cue
    k, colon = content_after(toks, end, n, lemma)
    k = past_recipient(toks, k)  # "said to Okafor that ..."
    # "After Moreau informed Castell that ..., Moreau wrote that ...": a fronted clause ends at its comma
    stop = first_comma(toks, k) if src_start == 1 and toks[0].low in FRONTED_SUBORDINATORS else n
    if src_start == 0 and prior >= 0.5 and k == end < n and adjunct_end(toks, end, n, lemma) >= n - 1 \
            and toks[end].low in ADJUNCT_OPENERS and not any(t.kind == "q" for t in toks[end:]) \
            and not infinitive_after(toks, end) and (end + 1 >= n or not toks[end + 1].low.endswith("ing")):
        # ("declined to comment.", "began by saying …" have their own content)
        # '"…" Waters said in a statement released Monday.': the quote before is what was said
        return Found((start, end), src, [], "previous-sentence", lemma, prior * 0.8, extra={"previous": True})
    if k >= stop or not any(t.kind == "w" for t in toks[k:stop]):
        if colon and k >= n and prior >= lexicon.FRAME_THRESHOLD:  # (a weak cue only before a quotation: pipeline)
            # "Reporter Jomana Karadsheh says:" ending its sentence: what was said is the next one
            return Found((start, end), src, [], "next-sentence", lemma, prior * 0.8, extra={"next": True})
        if src_start == 0 and prior >= BARE_FRAME_PRIOR and adjunct_end(toks, end, n, lemma) >= n - 1 and not any(
                t.kind == "q" for t in toks[end:]):
            # "Mr. Manafort asked." alone: what was asked is the sentence before (a quote ending in ?”)
            return Found((start, end), src, [], "previous-sentence", lemma, prior * 0.8, extra={"previous": True})
        return None
    if toks[k].low in NOT_COMPLEMENT and not (lemma in RESPONSE_LEMMAS and toks[k].low == "with"):
        return None  # "drew criticism from", "responded by pointing", "found itself": no content follows
    return Found((start, end), src, [(k, stop)], "source-cue-content", lemma, prior, colon)
