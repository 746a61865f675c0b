"""Property tests: whatever the text, sentences and every extracted span are honest offsets.

Random texts are built from the pieces that make splitting hard (periods, abbreviations, quotes,
line breaks, unusual spaces, control characters, other scripts) and also drawn from all of Unicode.
"""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.extraction import extract
from service.extraction.model import SOURCE_KINDS
from service.extraction.segment import split_sentences

LINE_BREAKS = set("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")

PIECES = [
    "The", "he", "said", "Trump", "Iran", "talks", "allies", "US", "May", "31", "3.5", "%", "$1.25",
    "U.S.", "Mr.", "Gov.", "Lt. Col.", "Dr.", "Inc.", "a.m.", "p.m.", "No. 5", "J.", "K.", "Sept.",
    "etc.", "e.g.", "cnn.com", "R-Fla.", ".", ".", ".", "?", "!", "?!", "…", "...", ". . .", ",", ":",
    ";", "—", "-", "(", ")", '"', "'", "“", "”", "‘", "’", "«", "»", "「", "」", "。", "！", "中文",
    "Привет", "é", "\u0301", "😀", "\x00", "\x07", "\u200b",
]
SPACES = ["", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\u00a0", "\t", "\u2009", "\u2028", "\x0b", "\x1c", "\x85"]


@st.composite
def news_like_text(draw) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SPACES)), max_size=60))
    return "".join(piece + space for piece, space in parts)


any_text = st.one_of(news_like_text(), st.text(max_size=200))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_span(text: str, span) -> None:
    assert 0 <= span.start < span.end <= len(text)
    assert text[span.start:span.end] == span.text


@FAST
@given(any_text)
def test_sentences_are_trimmed_offsets_in_reading_order(text):
    previous_end = 0
    for span, _ in split_sentences(text):
        assert_span(text, span)
        assert span.text == span.text.strip()
        assert span.start >= previous_end
        previous_end = span.end


@FAST
@given(any_text)
def test_sentences_cover_every_non_space_character_exactly_once(text):
    covered = [i for span, _ in split_sentences(text) for i in range(span.start, span.end)]
    assert len(covered) == len(set(covered))
    non_space = {i for i, char in enumerate(text) if not char.isspace()}
    assert non_space <= set(covered)
    # what lies between sentences is whitespace only
    assert all(text[i].isspace() for i in set(range(len(text))) - set(covered))


@FAST
@given(any_text)
def test_paragraphs_follow_line_breaks(text):
    pairs = split_sentences(text)
    if pairs:
        assert pairs[0][1] == 0
    for span, _ in pairs:
        assert not LINE_BREAKS & set(span.text)
    for (before, para_before), (after, para_after) in zip(pairs, pairs[1:]):
        gap_has_break = bool(LINE_BREAKS & set(text[before.end:after.start]))
        assert para_after == para_before + (1 if gap_has_break else 0)


@FAST
@given(any_text)
def test_extraction_spans_are_offsets_into_the_text(text):
    extraction = extract(text)
    assert extraction.text == text
    split = split_sentences(text)
    assert [(c.sentence, c.paragraph) for c in extraction.claims] == split
    assert [c.index for c in extraction.claims] == list(range(len(split)))
    for claim in extraction.claims:
        assert isinstance(claim.statement, str)
        for attribution in claim.attributions:
            assert_span(text, attribution.cue)
            for span in attribution.content:
                assert_span(text, span)
            for span in (attribution.source.span, attribution.source.antecedent):
                if span is not None:
                    assert_span(text, span)
            assert attribution.source.kind in SOURCE_KINDS
            assert 0.0 <= attribution.confidence <= 1.0


def test_pathological_inputs_split_in_linear_time():
    # quadratic scanning of any of these (200,000 characters each) would take minutes
    texts = [
        "." * 200_000,
        "a." * 100_000,
        "U.S." * 50_000,
        " " * 199_999 + "x",
        "Mr. " * 50_000,
        "x" * 199_999 + ".",
        "“" * 100_000 + "." + "”" * 99_999,
        ". " * 100_000,
        "1. " * 66_000,
    ]
    started = time.perf_counter()
    for text in texts:
        split_sentences(text)
    assert time.perf_counter() - started < 10.0
