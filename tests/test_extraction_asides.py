"""Round five's frames (issue 11), one invented sentence per mechanism: a belief verb set off as an
aside is a cue whatever its prior; a bare relative clause before the main verb is part of its source."""
from __future__ import annotations

import pytest

from tests.test_extraction_frames import described


@pytest.mark.parametrize("text, source, cue, content", [
    ("The harbour deal, they believe, will hold through the winter.",
     "they", "believe", "The harbour deal // will hold through the winter"),
    ("The toll will not rise, many commuters think, before the election.",
     "many commuters", "think", "The toll will not rise // before the election"),
    # a bare relative clause ends at the main clause's likely verb, so that verb keeps its subject
    ("Officials who have praised the plan warned that the costs would rise.",
     "Officials who have praised the plan", "warned", "that the costs would rise"),
    ("Engineers who criticized the bridge design have warned that it could fail.",
     "Engineers who criticized the bridge design", "warned", "that it could fail"),
    # a capitalised group in the plural is a plural subject for the mined context priors
    ("Across the county, Evangelicals think the tax is unfair.",
     "Evangelicals", "think", "the tax is unfair"),
    # "as X noted," after a lone conjunction: what was noted follows
    ("But, as Okafor noted, the toll was low.", "Okafor", "noted", "the toll was low"),
    ("Yet, as Mr. Okafor observed, in the early days of the strike the toll was low.",
     "Mr. Okafor", "observed", "in the early days of the strike the toll was low"),
    # a noun cue put into words by a verb: the verb's subject is its source
    ("Okafor is raising questions about the toll.", "Okafor", "questions", "about the toll"),
    # a party tag and an appositive opening with "another" between the name and its verb
    ("Sen. Ann Okafor (R-Ohio), another vulnerable incumbent, said the toll was too high.",
     "Sen. Ann Okafor (R-Ohio), another vulnerable incumbent", "said", "the toll was too high"),
    # an inverted speaker coordinated with another noun phrase
    ("The toll is too high, said Okafor and others.", "Okafor and others", "said", "The toll is too high"),
])
def test_aside_and_relative_frames(text, source, cue, content):
    assert described(text) == [(source, cue, content)]


@pytest.mark.parametrize("text", [
    # "think" after a pronoun is rarely a gold cue: only the aside frame makes it one
    "The toll, I think about it often, will rise.",
    # a weak verb before a number counts something ("drew 7,000 people"), it reports nothing
    "Okafor drew 7,000 people to the rally.",
])
def test_no_attribution_without_a_frame(text):
    assert described(text) == []

