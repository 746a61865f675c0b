"""Sentence splitting on news copy: the hard cases one by one, and the seed article's 37 sentences."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.extraction.segment import split_sentences

SEED_PATH = Path(__file__).parent / "data" / "taliban-iran-2019-11-27.txt"


def sentences(text: str) -> list[str]:
    return [span.text for span, _ in split_sentences(text)]


def paragraphs(text: str) -> list[int]:
    return [paragraph for _, paragraph in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # glued sentences, as in the seed article
        ("the US and allies.Tasnim news reported it.", ["the US and allies.", "Tasnim news reported it."]),
        ("talks with the US.On October 3 they met.", ["talks with the US.", "On October 3 they met."]),
        ("It happened on May 31.Iran wants a say.", ["It happened on May 31.", "Iran wants a say."]),
        ("He left.“Nobody knew,” she said.", ["He left.", "“Nobody knew,” she said."]),
        ("Prices fell….Then they rose.", ["Prices fell….", "Then they rose."]),
        ("the “peace process”.Then talks.", ["the “peace process”.", "Then talks."]),
        ("Mail jane.Doe@example.com or Visit.Example.org now.", ["Mail jane.Doe@example.com or Visit.Example.org now."]),
        # abbreviations that never end a sentence before a name or a number
        ("Mr. Smith met Gov. Cuomo.", ["Mr. Smith met Gov. Cuomo."]),
        ("Lt. Col. Jones and Dr. Brown spoke. They agreed.", ["Lt. Col. Jones and Dr. Brown spoke.", "They agreed."]),
        ("It began on Sept. 11 in New York.", ["It began on Sept. 11 in New York."]),
        ("Item No. 5 won. No. The jury disagreed.", ["Item No. 5 won.", "No.", "The jury disagreed."]),
        ("Sen. Marco Rubio (R-Fla.) said so. Others not.", ["Sen. Marco Rubio (R-Fla.) said so.", "Others not."]),
        ("Roe v. Wade stands. Critics vs. Supporters.", ["Roe v. Wade stands.", "Critics vs. Supporters."]),
        # abbreviations that can end a sentence
        ("He lives in the U.S. He works in Washington.", ["He lives in the U.S.", "He works in Washington."]),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ("She works at Acme Inc. The firm is small.", ["She works at Acme Inc.", "The firm is small."]),
        ("Acme Inc. Chairman Lee resigned.", ["Acme Inc. Chairman Lee resigned."]),
        ("We met at 9 a.m. Eastern and left at 5 p.m. The rest is history.",
         ["We met at 9 a.m. Eastern and left at 5 p.m.", "The rest is history."]),
        ("Books, papers, etc. All were lost.", ["Books, papers, etc.", "All were lost."]),
        ("It was written by Smith et al. and cited widely.", ["It was written by Smith et al. and cited widely."]),
        # initials
        ("J. K. Rowling wrote it. George W. Bush read it.", ["J. K. Rowling wrote it.", "George W. Bush read it."]),
        ("E. J. Dionne and J. A. Smith agree.", ["E. J. Dionne and J. A. Smith agree."]),
        # numbers
        ("Growth was 3.5% in May. It was 1.6 billion.", ["Growth was 3.5% in May.", "It was 1.6 billion."]),
        ("It closed at $1.25. Shares of .NET shops rose.", ["It closed at $1.25.", "Shares of .NET shops rose."]),
        ("He was born in 2010. 2011 was harder.", ["He was born in 2010.", "2011 was harder."]),
        ("He was 12. Then he left.", ["He was 12.", "Then he left."]),
        # ellipses
        ("Well... I think so... and then nothing.", ["Well...", "I think so... and then nothing."]),
        ("He waited . . . Nobody came.", ["He waited . . .", "Nobody came."]),
        ("It was … odd. Very odd.", ["It was … odd.", "Very odd."]),
        # quotes and brackets closing after the period
        ('He said, "It is over." Then he left.', ['He said, "It is over."', "Then he left."]),
        ("He said, “It is over.” Then he left.", ["He said, “It is over.”", "Then he left."]),
        ("“We will win.” he said.", ["“We will win.” he said."]),
        ("(See the table.) Results follow.", ["(See the table.)", "Results follow."]),
        ("She said ‘no.’ He agreed.", ["She said ‘no.’", "He agreed."]),
        # unbalanced quotation marks
        ("He said “why not. Then he left.", ["He said “why not.", "Then he left."]),
        ("It ended.” Then it began again.", ["It ended.”", "Then it began again."]),
        # question and exclamation marks
        ("Why? Because. Really?! Yes!", ["Why?", "Because.", "Really?!", "Yes!"]),
        ("“Why?” he asked. “Why not?” Trump said.", ["“Why?” he asked.", "“Why not?”", "Trump said."]),
        ("Was it?Yes.", ["Was it?", "Yes."]),
        # non-breaking and other unicode spaces
        ("It rained.\u00a0Then it snowed.\u2009Then sun.", ["It rained.", "Then it snowed.", "Then sun."]),
        ("at 9\u00a0a.m.\u00a0Eastern. Done.", ["at 9\u00a0a.m.\u00a0Eastern.", "Done."]),
        # no final period, no period at all
        ("No period here at all", ["No period here at all"]),
        ("It ended. And then", ["It ended.", "And then"]),
        ("", []),
        ("   \n\n \u00a0\t", []),
        (".", ["."]),
        ("...", ["..."]),
        # control characters are text, not separators (except the line-breaking ones)
        ("a\x00b. C\x07d.", ["a\x00b.", "C\x07d."]),
        ("One\x0bTwo\x0cThree", ["One", "Two", "Three"]),
        # mixed scripts
        ("中文句子。第二句！English follows. Again.", ["中文句子。", "第二句！", "English follows.", "Again."]),
        ("他说：「好。」然后走了。", ["他说：「好。」", "然后走了。"]),
        ("Привет. Как дела? Хорошо.", ["Привет.", "Как дела?", "Хорошо."]),
        # web addresses are not boundaries
        ("Read it on cnn.com today. Or at www.CNN.com now.", ["Read it on cnn.com today.", "Or at www.CNN.com now."]),
    ],
)
def test_hard_cases(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected_sentences, expected_paragraphs",
    [
        ("Headline Without Period\n\nBody here. More.", ["Headline Without Period", "Body here.", "More."], [0, 1, 1]),
        ("First line\nsecond line", ["First line", "second line"], [0, 1]),
        ("One. Two.\n\n\n\nThree.", ["One.", "Two.", "Three."], [0, 0, 1]),
        ("One.\n\u00a0\nTwo.", ["One.", "Two."], [0, 1]),
        ("One.\r\nTwo.\rThree.\u2028Four.", ["One.", "Two.", "Three.", "Four."], [0, 1, 2, 3]),
        ("\n\n  Indented. Para.\n", ["Indented.", "Para."], [0, 0]),
        ("ends in the U.S.\nNext", ["ends in the U.S.", "Next"], [0, 1]),
        ("Mr.\nSmith", ["Mr.", "Smith"], [0, 1]),
        ("Top:\n\n1. FIREWORKS FLY.\n\n2. RAIN FALLS.", ["Top:", "1. FIREWORKS FLY.", "2. RAIN FALLS."], [0, 1, 2]),
    ],
)
def test_every_line_break_ends_a_paragraph(text, expected_sentences, expected_paragraphs):
    assert sentences(text) == expected_sentences
    assert paragraphs(text) == expected_paragraphs


def test_spans_are_offsets_into_the_text():
    text = "  Mr. Smith left.\n\nHe said “no.”  Then\u00a0silence…  "
    for span, _ in split_sentences(text):
        assert text[span.start:span.end] == span.text
        assert span.text == span.text.strip()
    assert [s.start for s, _ in split_sentences(text)] == [2, 19, 34]


# The seed article's gold sentence boundaries ([start, end) in the text after the date header).
SEED_SENTENCES = [
    (0, 135), (136, 226), (227, 378), (379, 594), (594, 735), (736, 861), (862, 1063), (1063, 1136),
    (1137, 1286), (1287, 1333), (1334, 1401), (1402, 1487), (1488, 1538), (1539, 1671), (1672, 1775),
    (1776, 1820), (1821, 1874), (1875, 1913), (1913, 1979), (1980, 2100), (2101, 2184), (2185, 2251),
    (2252, 2320), (2320, 2394), (2395, 2510), (2511, 2560), (2561, 2648), (2648, 2744), (2745, 2857),
    (2858, 2979), (2980, 3056), (3057, 3117), (3118, 3142), (3143, 3247), (3247, 3390), (3391, 3495),
    (3496, 3594),
]


def test_seed_article_sentences_exactly():
    # the header is " date 2019-11-27 " on the same line as the text
    seed_text = re.sub(r"\A\s*date \S+\s*", "", SEED_PATH.read_text(encoding="utf-8"))
    assert seed_text.startswith("The Taliban took a trip")
    found = [(span.start, span.end) for span, _ in split_sentences(seed_text)]
    assert found == SEED_SENTENCES
    assert seed_text[594:600] == "Tasnim" and seed_text[3247:3251] == "Iran"  # the glued ones
    assert {paragraph for _, paragraph in split_sentences(seed_text)} == {0}
