"""Source kind, named/unnamed, and pronoun antecedents."""
from __future__ import annotations

import pytest

from service.extraction import extract
from service.extraction.model import Source, Span
from service.extraction.sources import classify, resolve


def source_of(text: str, phrase: str) -> Source:
    start = text.index(phrase)
    return classify(text, Span.of(text, start, start + len(phrase)))


@pytest.mark.parametrize("phrase, kind, named", [
    ("Iranian media", "media", False),
    ("Tasnim news", "media", True),
    ("The New York Post", "media", True),
    ("reports", "media", False),
    ("Zarif", "person", True),
    ("Suhail Shaheen, the spokesman of the Taliban", "person", True),
    ("An Afghan official", "person", False),
    ("a source", "person", False),
    ("US Secretary of State Mike Pompeo", "person", True),
    ("The Trump administration", "organization", True),
    ("the ministry", "organization", False),
    ("the survey", "other", False),
])
def test_kind_and_named(phrase, kind, named):
    source = source_of(f"Yesterday {phrase} said it.", phrase)
    assert (source.kind, source.named, source.antecedent) == (kind, named, None)


def test_implicit_source_has_no_span():
    assert classify("there were concerns", None) == Source(None, "other", False, None)


def test_pronoun_resolves_to_the_latest_named_person():
    text = "Tom Berg left the party in May. The ministry said little. He said the leadership had lost its way."
    (he,) = [a for c in extract(text).claims for a in c.attributions if a.source.span.text == "He"]
    assert he.source.kind == "person" and not he.source.named
    assert he.source.antecedent is not None and he.source.antecedent.text == "Tom Berg"


def test_they_prefers_an_organization_over_a_person():
    text = "Ann Lee wrote to the council. The Oslo Council said it would meet. They said the vote was final."
    claims = extract(text).claims
    (they,) = [a for a in claims[2].attributions if a.source.span.text == "They"]
    assert they.source.antecedent.text == "The Oslo Council"


def test_pronoun_without_a_candidate_has_no_antecedent():
    assert resolve("she", []) is None
    text = "She said the plan would work."
    (att,) = extract(text).claims[0].attributions
    assert att.source.span.text == "She" and att.source.antecedent is None


def test_he_resolves_to_the_nearest_subject_not_the_last_speaker():
    text = ("Zarif said on Monday that Iran was ready. Mullah Baradar was born in 1968. "
            "A fighter alongside Mullah Omar, he said he sought negotiations.")
    found = [a for c in extract(text).claims for a in c.attributions if a.source.span.text == "he"]
    assert found and all(he.source.antecedent.text == "Mullah Baradar" for he in found)
