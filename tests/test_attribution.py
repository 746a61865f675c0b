"""Attribution patterns, one invented sentence (or short text) per pattern, and the seed article."""
from __future__ import annotations

import re

import pytest

from service.extraction import extract
from service.extraction.serialize import extraction_dict
from service.extraction.scoring import predicted_attributions


def attributions(text: str):
    """Every distinct attribution of the text, in cue order."""
    seen, out = set(), []
    for claim in extract(text).claims:
        for att in claim.attributions:
            if att.cue.start not in seen:
                seen.add(att.cue.start)
                out.append(att)
    return sorted(out, key=lambda a: a.cue.start)


@pytest.fixture
def seed_body(seed_text) -> str:
    """The seed article without its "date YYYY-MM-DD" header (on the same line in this file)."""
    return re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", "", seed_text)


def content_text(att) -> str:
    return " // ".join(span.text for span in att.content)


# (text, [(source or None, cue, words the content must hold, rule)])
PATTERNS = [
    pytest.param("Zarif said on September 8 that Iran was ready to talk.",
                 [("Zarif", "said", "Iran was ready to talk", "source-cue-content")], id="source-cue-that"),
    pytest.param("“We were there on a lawful errand,” Okonkwo told reporters.",
                 [("Okonkwo", "told", "We were there on a lawful errand", "content-source-cue")],
                 id="content-source-cue"),
    pytest.param("“The plan is dead,” said Mr. Okafor, a senior fellow at the Lagos Institute.",
                 [("Mr. Okafor, a senior fellow at the Lagos Institute", "said", "The plan is dead",
                   "content-cue-source")], id="inverted-with-appositive"),
    pytest.param("The ministry had approved the deal, according to two officials.",
                 [("two officials", "according to", "The ministry had approved the deal", "according-to")],
                 id="according-to-after"),
    pytest.param("According to the court filing, the company owed $3 million.",
                 [("the court filing", "According to", "the company owed $3 million", "according-to")],
                 id="according-to-before"),
    pytest.param("The delegation flew to Oslo last week, state media reported, for the third round of talks.",
                 [("state media", "reported", "The delegation flew to Oslo last week // for the third round of talks",
                   "content-source-cue")], id="mid-sentence-parenthetical"),
    pytest.param("Maria Lopez, the mayor of Springfield, said that the bridge would reopen in May.",
                 [("Maria Lopez, the mayor of Springfield", "said", "the bridge would reopen in May",
                   "source-cue-content")], id="appositive-source"),
    pytest.param("The agency said that officials believe the dam is safe.",
                 [("The agency", "said", "officials believe the dam is safe", "source-cue-content")],
                 id="nested-outer-wins"),
    pytest.param("Okonkwo said the union planned a strike, though she acknowledged it was unlikely to work.",
                 [("Okonkwo", "said", "the union planned a strike", "source-cue-content"),
                  ("she", "acknowledged", "it was unlikely to work", "source-cue-content")], id="two-clauses"),
    pytest.param("“We will appeal,” he said, adding that the ruling was unfair.",
                 [("he", "said", "We will appeal", "content-source-cue"),
                  ("he", "adding", "the ruling was unfair", "participle")], id="participle-repeats-source"),
    pytest.param("Tasnim news reported the talks in Tehran and said it was the second round.",
                 [("Tasnim news", "reported", "the talks in Tehran", "source-cue-content"),
                  ("Tasnim news", "said", "it was the second round", "coordinated")], id="coordinated-verbs"),
    pytest.param("In August there were concerns that the ceasefire would collapse.",
                 [(None, "concerns", "the ceasefire would collapse", "noun-cue")], id="implicit-source"),
    pytest.param("The minister reportedly resigned on Friday.",
                 [(None, "reportedly", "resigned on Friday", "implicit")], id="reportedly"),
    pytest.param("The verdict did not surprise pollster Dan Reyes: “Voters wanted change.”",
                 [("pollster Dan Reyes", ":", "Voters wanted change", "colon-quote")], id="colon-before-quote"),
    pytest.param("“The debate changed my mind.” ― Ana Ruiz",
                 [("Ana Ruiz", "―", "The debate changed my mind", "byline")], id="byline-after-dash"),
    pytest.param("Intro line.\n\nHOST: Welcome back to the show. Thanks for joining us.\n\nGUEST: Glad to be here.",
                 [("HOST", ":", "Welcome back to the show. Thanks for joining us", "speaker-label"),
                  ("GUEST", ":", "Glad to be here", "speaker-label")], id="transcript-labels"),
    pytest.param("Sen. Ann Cole (D-Ore.) said Friday that the bill would pass.",
                 [("Sen. Ann Cole (D-Ore.)", "said", "the bill would pass", "source-cue-content")],
                 id="parenthetical-party"),
    pytest.param("“Why did you sign it?” Mr. Manafort asked. Nobody answered.",
                 [("Mr. Manafort", "asked", "Why did you sign it?", "previous-sentence")], id="speaker-after-quote"),
    pytest.param("Ignoring the progress also carries risks, as party strategists noted.",
                 [("party strategists", "noted", "Ignoring the progress also carries risks", "content-source-cue")],
                 id="as-source-says"),
    pytest.param("In this poll, the senator leads by four points.",
                 [("this poll", "In", "the senator leads by four points", "in-document")], id="in-this-poll"),
    pytest.param("Three analysts — and two former officials — said that the plan would fail.",
                 [("Three analysts — and two former officials —", "said", "the plan would fail", "source-cue-content")],
                 id="dash-appositive"),
    pytest.param("After Moreau informed Castell that she had left, Moreau wrote that he was impressed.",
                 [("Moreau", "informed", "she had left", "source-cue-content"),
                  ("Moreau", "wrote", "he was impressed", "source-cue-content")], id="fronted-clause-sibling"),
    pytest.param("That said, the audience tends to be older.", [], id="that-said-is-a-marker"),
    pytest.param("PolitiFact rated most Republican claims as false.", [], id="demonym-noun"),
    pytest.param("The bridge opened in 1932. Its towers are painted orange.", [], id="unattributed"),
    pytest.param("The talks seemed to be going well until September.", [], id="hedge-is-not-attribution"),
    pytest.param("Halvorsen, herself a candidate in the spring primary, said the vote was rigged.",
                 [("Halvorsen", "said", "the vote was rigged", "source-cue-content")], id="opening-name-aside"),
    pytest.param("Western analysts believe the refinery has been closed for months.",
                 [("Western analysts", "believe", "the refinery has been closed for months", "source-cue-content")],
                 id="people-noun-before-belief"),
    pytest.param("In a statement issued in his name after the hearing, Okonkwo said he has full confidence in the "
                 "budget office and its staff.",
                 [("a statement", "issued", "in his name after the hearing", "source-cue-content"),
                  ("Okonkwo", "said", "he has full confidence in the budget office", "source-cue-content")],
                 id="main-verb-after-fronted-phrase"),
    pytest.param("When the auditors finally arrived, the clerk said, the ledgers had already been burned.",
                 [("the clerk", "said", "When the auditors finally arrived // the ledgers had already been burned",
                   "content-source-cue")], id="parenthetical-after-fronted-clause"),
    pytest.param("Another voter on the harbor slate, Ana Lindqvist, said she heard two blasts.",
                 [("Ana Lindqvist", "said", "she heard two blasts", "source-cue-content")], id="appositive-proper-name"),
    pytest.param("The mayor is popular in a city where polls show the council trailing badly.",
                 [("polls", "show", "the council trailing badly", "source-cue-content")], id="evidence-noun-before-cue"),
]


@pytest.mark.parametrize("text, expected", PATTERNS)
def test_pattern(text, expected):
    found = attributions(text)
    got = [(a.source.span.text if a.source.span else None, a.cue.text, a.rule) for a in found]
    assert got == [(src, cue, rule) for src, cue, _, rule in expected]
    for att, (_, _, words, _) in zip(found, expected):
        for part in words.split(" // "):
            assert part in content_text(att)


def test_quote_over_two_sentences_is_one_attribution_on_both_claims():
    text = "“We will rebuild. We will not leave,” the governor said. The storm hit on Monday."
    claims = extract(text).claims
    assert [len(c.attributions) for c in claims] == [1, 1, 0]
    assert claims[0].attributions[0] is claims[1].attributions[0]
    (content,) = claims[1].attributions[0].content
    assert content.text == "“We will rebuild. We will not leave,”"
    document = extraction_dict(extract(text), id="d")
    assert len(predicted_attributions(document)) == 1  # counted once by the scorer


def test_quote_continues_in_the_next_sentence():
    text = "“The vote was fair,” Ms. Adams said. “Nobody was turned away.” Turnout was high."
    (att,) = attributions(text)
    assert [s.text for s in att.content] == ["“The vote was fair,”", "“Nobody was turned away.”"]
    claims = extract(text).claims
    assert claims[1].attributions == (att,) and claims[2].attributions == ()


def test_quote_over_paragraphs():
    text = "The senator said: “Our schools need money.\n\n“Our roads need repair.”\n\nThe vote is Tuesday."
    (att,) = attributions(text)
    assert att.source.span.text == "The senator"
    assert att.content[0].text.startswith("“Our schools") and att.content[-1].text.endswith("repair.”")
    assert [len(c.attributions) for c in extract(text).claims] == [1, 1, 0]


@pytest.mark.parametrize("text, statement", [
    ("Zarif said on September 8 that Iran was ready to talk.", "Iran was ready to talk."),
    ("The delegation flew to Oslo, state media reported, for more talks.", "The delegation flew to Oslo, for more talks."),
    ("“The plan is dead,” said Mr. Okafor.", "“The plan is dead.”"),
    ("The bridge opened in 1932.", "The bridge opened in 1932."),
])
def test_statement_leaves_out_the_attribution_phrase(text, statement):
    assert extract(text).claims[0].statement == statement


# the seed article's required gold attributions: source, cue, start of the content
SEED = [
    ("Iranian media", "revealed", "The Taliban took a trip to Iran this month"),
    ("Tasnim news", "reported", "the Taliban talks in Tehran"),
    ("Tasnim news", "said", "it was the second since"),
    ("Iran", "told", "that US troops needed to leave Afghanistan"),
    ("Zarif", "said", "that Iran was ready to work with Taliban"),
    ("they", "talked about", "“recent developments"),
    ("Baradar", "warned", "of bloodshed in Afghanistan"),
    ("reports", "according to", "They had also been in Iran"),
    ("US Secretary of State Mike Pompeo", "blamed", "Iran for an attack"),
    ("Suhail Shaheen, the spokesman of the Taliban", "said", "that these were detailed discussions"),
]


@pytest.mark.parametrize("source, cue, content", SEED)
def test_seed_article_attribution(seed_body, source, cue, content):
    found = [(a.source.span.text if a.source.span else None, a.cue.text, a.content[0].text)
             for a in attributions(seed_body)]
    assert any(s == source and c == cue and t.startswith(content) for s, c, t in found), found


def test_seed_pronoun_source_has_an_antecedent(seed_body):
    (they,) = [a for a in attributions(seed_body) if a.cue.text == "talked about"]
    assert they.source.antecedent is not None and they.source.antecedent.text[0].isupper()


def test_every_span_indexes_the_text_and_confidence_is_a_probability(seed_text):
    text = seed_text + "\n\n“We will rebuild. We will not leave,” the governor said, adding: “Soon.”"
    for claim in extract(text).claims:
        assert text[claim.sentence.start:claim.sentence.end] == claim.sentence.text
        for att in claim.attributions:
            spans = [att.cue, *att.content] + ([att.source.span] if att.source.span else [])
            assert all(text[s.start:s.end] == s.text and s.text.strip() for s in spans)
            assert 0.0 <= att.confidence <= 1.0
            assert att.cue_lemma and att.rule
