"""Round five's frames (issue 11), one invented sentence per mechanism: a belief verb set off as an
aside is a cue whatever its prior."""
from __future__ import annotations

import pytest

from tests.test_extraction_frames import described


@pytest.mark.parametrize("text, source, cue, content", [
    ("The harbour deal, they believe, will hold through the winter.",
     "they", "believe", "The harbour deal // will hold through the winter"),
    ("The toll will not rise, many commuters think, before the election.",
     "many commuters", "think", "The toll will not rise // before the election"),
])
def test_belief_aside_is_an_attribution(text, source, cue, content):
    assert described(text) == [(source, cue, content)]


def test_belief_verb_without_an_aside_needs_its_prior():
    # "think" after a pronoun is rarely a gold cue: only the aside frame makes it one
    assert described("The toll, I think about it often, will rise.") == []
