"""Source names: normalised keys, titles, short forms, collectives and anonymous sources (pure)."""
from __future__ import annotations

import pytest

from service import source_names as names


@pytest.mark.parametrize("forms, kind", [
    (("Zarif", "zarif", "Mr. Zarif", "Iranian Foreign Minister Zarif", "Zarif's", "ZARIF"), "person"),
    (("Mullah Baradar", "Baradar", "Baradar’s"), "person"),
    (("The Taliban", "the Taliban’s", "Taliban"), "organization"),
    (("Tasnim News", "tasnim  news", "Tasnim News,", "The Tasnim News"), "media"),
    (("Café Société", "cafe societe"), "organization"),
    (("US Secretary of State Mike Pompeo", "Mike Pompeo", "Secretary Mike Pompeo"), "person"),
])
def test_one_key_for_case_titles_possessives_articles_and_accents(forms, kind):
    assert len({names.key(form, kind) for form in forms}) == 1


@pytest.mark.parametrize("text, kind, display, key", [
    ("Mullah Abdul Ghani Baradar Akund", "person", "Abdul Ghani Baradar Akund", "abdul ghani baradar"),
    ("Suhail Shaheen, the spokesman of the Taliban", "person", "Suhail Shaheen", "suhail shaheen"),
    ("US peace envoy Zalmay Khalilzad", "person", "Zalmay Khalilzad", "zalmay khalilzad"),
    ("The Trump administration", "organization", "Trump administration", "trump administration"),
    ("President", "person", "President", "president"),  # a lone title stays a name
])
def test_display_name_and_key(text, kind, display, key):
    assert (names.display_name(text, kind), names.key(text, kind)) == (display, key)


@pytest.mark.parametrize("short, full, expected", [
    ("baradar", "abdul ghani baradar", True),
    ("ghani baradar", "abdul ghani baradar", True),
    ("zarif", "mohammad javad zarif", True),
    ("khan", "imran khan", True),
    ("imran khan", "sadiq khan", False),  # two people who share a surname
    ("abdul", "abdul ghani baradar", False),  # a given name alone is not a short form
    ("baradar", "baradar", False),
])
def test_abbreviates(short, full, expected):
    assert names.abbreviates(short, full) is expected


def test_core_drops_generic_outlet_words():
    assert names.core("tasnim news agency") == names.core("tasnim news") == "tasnim"
    assert names.core("news agency") == ""


@pytest.mark.parametrize("text, kind", [
    ("Iranian media", "collective"), ("Taliban officials", "collective"), ("US officials", "collective"),
    ("the Iranian media", "collective"), ("Western diplomats", "collective"),
    ("an official", "anonymous"), ("sources", "anonymous"), ("reports", "anonymous"),
    ("a person familiar with the matter", "anonymous"), ("An Afghan official", "anonymous"),
    ("officials familiar with the talks", "anonymous"), ("some US officials", "anonymous"),
])
def test_collective_or_anonymous(text, kind):
    assert names.unnamed_kind(text) == kind


def test_full_names_skip_sentence_openers_and_sentence_ends():
    text = ("The delegation was led by Mullah Abdul Ghani Baradar Akund, the lead negotiator. "
            "There Baradar spoke.When talks ended Mullah Baradar left in September. Then he went.")
    runs = [run for _offset, run in names.full_names(text)]
    assert "Mullah Abdul Ghani Baradar Akund" in runs and "Mullah Baradar" in runs and "Baradar" in runs
    assert not any(run.startswith(("There", "When", "Then", "The ")) for run in runs)
    assert all("September" not in run or run == "September" for run in runs)
