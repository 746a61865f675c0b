"""The statement of a claim: what an analyst is asked to verify, i.e. its sentence with the
attribution frame (source, cue and the cue's adjuncts) taken out, and never a fragment.

"Zarif said on September 8 that Iran was ready to work with Taliban."  ->  "Iran was ready to work with Taliban."
"The Taliban took a trip to Iran this month, Iranian media revealed, for the second time ..."
    ->  "The Taliban took a trip to Iran this month, for the second time ..."
'"We will fight on," Waters said in a statement.'  ->  '"We will fight on."'  (the frame runs to the end)
"The ministry declined to comment."  ->  the whole sentence: "to comment" is no statement.

Rules: a frame after its content (quote first) runs to the end of the sentence, adjuncts and
addressees included ("told Reuters", "said in a statement"); a frame before its content runs to the
content, past its "that" and a "there were" before a noun cue.  The content left after a frame must
be a clause (a finite verb before any subordinator, or a quotation that holds one); otherwise, or
when the remainder fails ``well_formed``, the statement is the whole sentence.

Public surface: ``statement_of``, ``well_formed``.
"""
from __future__ import annotations

import re

from service.extraction.model import Attribution, Span

_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_DOUBLE_COMMA = re.compile(r",\s*(?=[,.;:!?])")
_LEADING_LINK = re.compile(r"^(?:that\b|[,;:\s])+")  # compiled once: statement_of runs per claim
# '"... the end," .' / '"... the end,"' at the end: the quote's comma becomes the full stop
_COMMA_BEFORE_CLOSE = re.compile(r",(\s*[\"”’']+)\s*[.!?]?\s*$")
# '"We have no choice,", "but to raise rates."': a quotation split by its frame is joined again
_SPLIT_QUOTE = re.compile(r",\s*[\"”]\s*,?\s*[\"“]\s*")
# '"We are ready," the team had ...': a quotation followed by another clause ends its sentence
_QUOTE_THEN_CLAUSE = re.compile(r",([\"”])\s+([a-z])")
_WORD = re.compile(r"[\w’'-]+")
_THERE_BE = re.compile(r"\b[Tt]here\s+(?:(?:has|have|had)\s+been|were|was|are|is|will\s+be)\s*$")
_CONTENT_FIRST = frozenset(["content-source-cue", "content-cue-source", "according-to", "byline", "previous-sentence"])

# a remainder that opens with one of these is a prepositional phrase or an infinitive, not a claim
FRAGMENT_OPENERS = frozenset(
    "to of for about on in at with from by against over into onto upon toward towards as than and or but nor".split())
# of those, the ones that never open a sentence ("In August, ..." may)
BAD_OPENERS = FRAGMENT_OPENERS - frozenset("in on at for by as with after from over about".split())
_ORPHAN_COMMA = re.compile(r",\s*[\"”’']*\s*[.!?]?\s*$")
# a clause needs a finite verb before any of these (else the verb belongs to a subordinate clause)
SUBORDINATORS = frozenset(
    "that which who whom whose when while until because if although though since after before where unless "
    "whether so to".split())  # "to": "the central bank to cut rates" is an infinitive, no clause
# verbs whose object stands between them and an unmarked clause ("told the committee the program
# had failed"): without "that" the object cannot be told from the clause's subject, so the whole sentence
ADDRESSEE_LEMMAS = frozenset("tell inform remind assure warn promise notify convince persuade".split())
FINITE = frozenset(
    "is was are were has have had will would can could does did do may might must should shall am 's 're "
    "'ve 'd 'll isn't wasn't aren't weren't hasn't haven't hadn't won't wouldn't can't couldn't doesn't "
    "didn't don't shouldn't said told went came made took gave got saw knew thought found left became "
    "began kept held brought felt meant put ran set stood won lost paid sent spent built broke fell grew "
    "led rose sold".split())
# words after which an -s word is a plural noun, not a verb ("the talks", "of negotiations")
NOT_BEFORE_VERB = frozenset(
    "the a an this that these those his her their its our my your of in on at for to with from by and or "
    "some many several two three four five more most other all both such new".split())
# the words after a quote-first frame that still belong to it (adjuncts, addressee)
TRAILING_WORDS = 6
PREPOSITIONS_AT_END = frozenset("to of for about with from by into against the a an".split())


def statement_of(text: str, sentence: Span, attributions: list[Attribution]) -> str:
    """Remove, for each attribution whose cue is in the sentence, its frame; the whole sentence
    when what would be left is not a well-formed statement."""
    cuts, clauses = [], []
    for att in attributions:
        cut = _frame(text, sentence, att)
        if cut is None:
            continue
        lo, hi, clause_end = cut
        cuts.append((lo, hi))
        if clause_end is not None:
            clauses.append(text[hi:clause_end])
    if not cuts:
        return sentence.text
    parts, pos = [], sentence.start
    for lo, hi in sorted(cuts):
        if lo > pos:
            parts.append(text[pos:lo])
        pos = max(pos, hi)
    parts.append(text[pos:sentence.end])
    out = _SPACES.sub(" ", " ".join(parts)).strip()
    out = _SPLIT_QUOTE.sub(" ", out)
    out = _QUOTE_THEN_CLAUSE.sub(lambda m: "." + m.group(1) + " " + m.group(2).upper(), out)
    out = _DOUBLE_COMMA.sub("", _SPACE_BEFORE_PUNCT.sub(r"\1", out))
    out = _LEADING_LINK.sub("", out).strip()
    out = _COMMA_BEFORE_CLOSE.sub(lambda m: "." + m.group(1).strip(), out)
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    if not all(is_clause(c) for c in clauses) or not well_formed(out, sentence.text):
        return sentence.text
    return out


def _frame(text: str, sentence: Span, att: Attribution) -> tuple[int, int, int | None] | None:
    """(start, end) of the frame to cut, and where the content after it ends (None when the
    content is not after the frame, so no clause test applies)."""
    if not sentence.start <= att.cue.start < sentence.end:
        return None
    lo, hi = att.cue.start, att.cue.end
    if att.source.span is not None and sentence.start <= att.source.span.start < sentence.end:
        lo, hi = min(lo, att.source.span.start), max(hi, att.source.span.end)
    after = [c for c in att.content if hi <= c.start < sentence.end]
    before = [c for c in att.content if c.end <= lo]
    if att.rule in _CONTENT_FIRST or (before and not after):
        rest = text[hi:min(sentence.end, hi + 200)]  # bounded: a sentence may be megabytes long
        if not after and len(_WORD.findall(rest, 0, 120)) <= TRAILING_WORDS and not rest.lstrip().startswith((",", ";")):
            # '"...," Waters said in a statement.' / '..., the governor told parliament on Monday.'
            end = sentence.end
            while end > hi and text[end - 1] in ".!?":
                end -= 1
            return lo, max(hi, end), None
        return lo, hi, None  # "X, Iranian media revealed, Y": only the parenthetical frame
    if not after:
        return lo, hi, None
    first = min(after, key=lambda c: c.start)
    if att.cue_lemma in ADDRESSEE_LEMMAS and not text.startswith(("that ", '"', "“"), first.start) \
            and first.start <= att.cue.end + 1:
        return lo, hi, first.start  # an empty "clause": the whole sentence
    if text[hi:first.start].strip(" ,:").count(" ") > 6:
        return lo, hi, None  # too far: the words between are not the cue's adjuncts
    hi = first.start
    if text.startswith("that ", hi):
        hi += 5  # "said that Iran was ready": the complementizer goes with the frame
    there = _THERE_BE.search(text, max(sentence.start, lo - 40), lo)
    if att.source.span is None and there:
        lo = there.start()  # "In August there were concerns that ...": the frame is "there were concerns that"
    return lo, hi, min(first.end, sentence.end, hi + 400)


def is_clause(content: str) -> bool:
    """Whether a content after a frame can stand as a sentence: a quotation, or a finite verb
    after at least a subject and before any subordinator ("the plan would fail", not "Iran in
    January 2019", "to end the war" or "negotiations ... until he was captured")."""
    # the first dozen words (the test reads no further; 160 characters hold them)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(content, 0, 160)[:12]]
    if not words or words[0] in FRAGMENT_OPENERS:
        return False
    for i, word in enumerate(words[:12]):
        if i and word in SUBORDINATORS:
            return False
        if i and (word in FINITE or word.endswith("ed") and len(word) > 3 or word.endswith("n't")):
            return True
        if i and word.endswith("s") and not word.endswith(("ss", "'s")) and len(word) > 3 \
                and words[i - 1] not in NOT_BEFORE_VERB and not words[i - 1].endswith("'s"):
            return True  # "Apple holds ...", "the report shows ...": a present-tense verb after its subject
    return False


def well_formed(statement: str, sentence: str | None = None) -> bool:
    """Simple well-formedness rules an analyst would check: at least three words, no opening
    infinitive or preposition, quote marks in pairs (as paired as in ``sentence``: a sentence inside
    a quotation that runs over several sentences has an odd one), no orphan comma before the end,
    no dangling preposition at the end."""
    words = _WORD.findall(statement)
    if len(words) < 3:
        return False
    if words[0].lower() in BAD_OPENERS:
        return False  # "To comment.", "Of bloodshed ...": "In August, ..." may open a sentence
    if _unpaired(statement) > (_unpaired(sentence) if sentence is not None else 0):
        return False
    if _ORPHAN_COMMA.search(statement, max(0, len(statement) - 12)) or statement.startswith((",", ".", ";", ":")):
        return False
    last = words[-1].lower()
    return last not in PREPOSITIONS_AT_END


def _unpaired(text: str) -> int:
    return text.count('"') % 2 + abs(text.count("“") - text.count("”"))
