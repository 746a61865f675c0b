"""The bounds that keep extraction linear on hostile input: long sentences are worked in windows,
a window holds a bounded number of cue candidates, punctuation runs are one token."""
from __future__ import annotations

import pytest

from service.extraction import extract
from service.extraction.cues import MAX_CUES, cue_candidates
from service.extraction.tokens import WINDOW, tokenize, windows


@pytest.mark.parametrize("text", [
    "said " * 2000,
    "the officials in the senate questioned the rise, " * 300,
    "a" * 5000,
    "Short sentence, he said.",
])
def test_windows_cover_every_token_once_and_stay_bounded(text):
    parts = list(windows(text, 0, len(text)))
    assert [t for part in parts for t in part] == tokenize(text)
    assert all(0 < len(part) <= WINDOW for part in parts)


def test_windows_cut_after_a_clause_mark_when_one_is_near():
    text = "the officials in the senate questioned the rise, " * 300
    for part in list(windows(text, 0, len(text)))[:-1]:
        assert part[-1].low == ","


def test_a_window_holds_at_most_max_cues_candidates():
    toks = tokenize("said " * 200)
    assert len(cue_candidates(toks)) == MAX_CUES


def test_punctuation_runs_are_one_token_and_never_quotes():
    toks = tokenize('He said "yes" ======== """""""""" (((((((((( -- x')
    assert [(t.text, t.kind) for t in toks][2:] == [
        ('"', "q"), ("yes", "w"), ('"', "q"), ("========", "p"), ('""""""""""', "p"), ("((((((((((", "p"),
        ("--", "p"), ("x", "w")]


def test_a_cue_after_a_long_run_of_text_is_still_found():
    text = "filler words without end " * 100 + "and officials said that the talks would resume."
    attributions = [a for claim in extract(text).claims for a in claim.attributions]
    assert [a.cue.text for a in attributions] == ["said"]
    assert attributions[0].content[0].text.startswith("that the talks")


def test_numbers_with_thousands_separators_are_one_token():
    assert [t.text for t in tokenize("the 10,000 people paid $1,250.50, not 3,5")] == [
        "the", "10,000", "people", "paid", "$1,250.50", ",", "not", "3", ",", "5"]
