"""What kind of source a span names, whether it names it, and what a pronoun points back to."""
from __future__ import annotations

import re

from service.extraction.lexicon import (
    DETERMINERS, EVIDENCE_NOUNS, MEDIA_WORDS, ORGANIZATION_WORDS, PEOPLE_NOUNS, PRONOUNS,
)
from service.extraction.model import Source, Span

_WORD = re.compile(r"[\w’'.-]+")
PERSON_WORDS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. president minister secretary senator "
    "governor representative spokesman spokeswoman spokesperson official officials envoy negotiator "
    "ambassador candidate nominee leader chairman chairwoman director adviser advisor aide analyst "
    "expert professor lawyer attorney judge mayor general commander king queen prince pope mullah "
    "sheikh source sources witness witnesses resident residents voter voters supporter supporters "
    "critic critics man woman people who strategist economist author writer host executive ceo founder "
    "pollster lawmaker consultant researcher historian".split()
)
# nationality and place adjectives ("Iranian media", "An Afghan official") do not make a source named
_DEMONYM = re.compile(r"(?:an|ian|ese|ish|i|ic|ean)$")


# anonymity markers, in the source or between it and the cue ("A senior official, who spoke on
# condition of anonymity because ..., said"): such a source is unnamed whatever names it mentions
ANONYMITY = re.compile(
    r"\b(?:condition of anonymity|conditions? of anonymity|requested anonymity|insisted on anonymity|granted anonymity"
    r"|anonymously|anonymous|unnamed|unidentified"
    r"|(?:asked|declined|requested|refused) not to be (?:named|identified|quoted)|declined to be (?:named|identified)"
    r"|not (?:be )?(?:named|identified) because|not authori[sz]ed to (?:speak|discuss|comment|brief|talk)"
    r"|(?:familiar|acquainted) with)\b", re.IGNORECASE)
# words that are common nouns even when capitalised at a sentence start or as a title before a
# name: "Critics", "Officials", "Sources" alone name nobody
COMMON_HEADS = PERSON_WORDS | PEOPLE_NOUNS | EVIDENCE_NOUNS | frozenset(
    "people person others some many most few several both all reports report poll polls study survey "
    "analysis documents memo emails critics officials experts".split())
# "agency" is a news agency only with one of these before it; else an organisation ("the water agency")
NEWS_AGENCY = frozenset("news press wire".split())


def classify(text: str, span: Span | None, antecedent: Span | None = None, context: str = "") -> Source:
    """Build the Source for ``span``: kind from the head words, named when a proper name is in it
    (a title, a common noun or an anonymity marker names nobody); ``context`` is the text between
    the source and its cue, where an anonymity clause often stands."""
    if span is None:
        return Source(None, "other", False, None)
    if ANONYMITY.search(span.text) or (context and ANONYMITY.search(context)):
        kind = _kind([w.lower() for w in _WORD.findall(span.text)], _WORD.findall(span.text))
        return Source(span, "person" if kind == "other" else kind, False, None, True)
    words = _WORD.findall(span.text)
    lows = [w.lower() for w in words]
    if len(lows) == 1 and lows[0] in PRONOUNS:
        kind = PRONOUNS[lows[0]]
        if antecedent is not None:
            kind = classify(text, antecedent).kind if kind != "person" else "person"
        return Source(span, kind, False, antecedent)
    name = _WORD.findall(span.text.split(",")[0])
    kind = _kind(lows, words)
    if kind == "other" and len(name) < len(words):
        kind = _kind([w.lower() for w in name], name)
    return Source(span, kind, _named(words), None)


def _kind(lows: list[str], words: list[str]) -> str:
    head = lows[: lows.index("of")] if "of" in lows[1:] else lows
    if "agency" in head and not NEWS_AGENCY & set(head):
        head = [w for w in head if w != "agency"] + ["ministry"]  # "the water agency" is an organisation
    if any(w in MEDIA_WORDS for w in head):
        return "media"
    if any(w in PERSON_WORDS for w in lows):
        return "person"
    if any(w in ORGANIZATION_WORDS for w in head):
        return "organization"
    proper = [w for w in words if w[:1].isupper()]
    if proper and len(proper) == len(words) and len(words) <= 3:
        return "person" if len(words) >= 2 else "organization" if words[0].isupper() else "person"
    return "other"


_INDEFINITE = frozenset("a an one some several two three four many".split())
_HEAD_END = frozenset("of for at with in from on to who which".split())


def _named(words: list[str]) -> bool:
    head = words
    for i, word in enumerate(words[1:], 1):
        if word in _HEAD_END:
            head = words[:i]
            break
    if len(head) >= 2 and head[0].lower() in _INDEFINITE and head[-1][:1].islower():
        return False  # "a US official", "a senior Pentagon official": a common noun, not a name
    for i, word in enumerate(words):
        if not word[:1].isupper() or word.lower() in DETERMINERS or word.lower() in PRONOUNS:
            continue
        if word.lower() in COMMON_HEADS and not word.isupper():
            continue  # "Critics", "Officials", "Spokesman" (before a name, the name counts)
        following_lower = i + 1 < len(words) and words[i + 1][:1].islower()
        if following_lower and _DEMONYM.search(word.lower()):
            continue
        return True
    return False


def resolve(pronoun: str, candidates: list[Source]) -> Span | None:
    """The antecedent of ``pronoun``: the latest named source of a compatible kind, else the latest source."""
    low = pronoun.lower()
    preferences = {"he": [("person",)], "she": [("person",)], "i": [("person",)]}.get(
        low, [("organization", "media"), ("person",)]  # "they"/"it": a group first, else anyone named
    )
    for wanted in preferences:
        for source in reversed(candidates[-RECENT:]):
            if source.span is not None and source.named and source.kind in wanted:
                return source.span
    return None


RECENT = 12  # antecedents further back than this many sources are guesses


_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ \t]+(?:[A-Z]\.[ \t]+)?[A-Z][a-z]+)+\b")


def name_before(text: str, pos: int) -> Span | None:
    """The last multi-word capitalized name in the few hundred characters before ``pos``."""
    last = None
    for m in _NAME.finditer(text, max(0, pos - 400), pos):
        if m.group().split()[0] not in ("The", "A", "An", "In", "On", "But", "And", "This", "That"):
            last = m
    return Span.of(text, last.start(), last.end()) if last else None


# a multi-word capitalised name opening a sentence ("...late October.Mullah Baradar was born"),
# followed by a verb-like lowercase word: the sentence's subject
_SUBJECT = re.compile(r"(?:\A|[.!?][\"”’]?\s*)([A-Z][a-z]+(?:[ \t]+(?:[A-Z]\.[ \t]+)?[A-Z][a-z]+)+)(?=[ \t]+[a-z])")
_NOT_NAMES = frozenset("The A An In On But And This That However Then When While After Before".split())


def subject_before(text: str, pos: int) -> Span | None:
    """The subject of the latest sentence in the few hundred characters before ``pos`` that opens
    with a multi-word proper name: "he" after "Mullah Baradar was born ..." is Baradar, whoever
    spoke last (subject before object: names inside a sentence are not taken)."""
    last = None
    for m in _SUBJECT.finditer(text, max(0, pos - 400), pos):
        if m.group(1).split()[0] not in _NOT_NAMES:
            last = m
    return Span.of(text, last.start(1), last.end(1)) if last else None
