"""The extractor's output: plain dataclasses, offsets into the text it was given.

Every span satisfies ``text[span.start:span.end] == span.text`` for the text passed to
:func:`service.extraction.extract`; the property tests hold the extractor to that.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

SOURCE_KINDS = ("person", "organization", "media", "other")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass(frozen=True)
class Source:
    """Who an attribution names. ``span`` is None when the source is implicit."""

    span: Span | None
    kind: str = "other"  # one of SOURCE_KINDS
    named: bool = False  # "Zarif" is named; "reports", "an Afghan official" are not
    antecedent: Span | None = None  # for pronouns: the mention "he" most likely refers to
    anonymous: bool = False  # "who spoke on condition of anonymity", "a person familiar with": never named


@dataclass(frozen=True)
class Attribution:
    source: Source
    cue: Span
    content: tuple[Span, ...]  # may be discontinuous
    rule: str  # the pattern that found it, e.g. "source-cue-content"
    cue_lemma: str  # "say", "according to", "report"
    confidence: float  # in [0, 1]


@dataclass(frozen=True)
class Claim:
    index: int  # reading order, 0-based
    sentence: Span
    paragraph: int  # 0-based paragraph the sentence stands in
    statement: str  # the sentence without its attribution phrase; the whole sentence when unattributed
    attributions: tuple[Attribution, ...] = ()


@dataclass(frozen=True)
class Extraction:
    text: str
    claims: tuple[Claim, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return asdict(self)
