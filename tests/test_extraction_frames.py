"""Boundaries around a found cue, one invented sentence per mechanism: what is not the source
(adverbs, quantifiers and time phrases between subject and verb), what is not the content (a fronted
phrase, a trailing adjunct after a quotation, a preposition of another frame), and which cue words
are no verb here."""
from __future__ import annotations

import pytest

from tests.test_attribution import attributions


def described(text: str):
    return [(a.source.span.text if a.source.span else None, a.cue.text, " // ".join(c.text for c in a.content))
            for a in attributions(text)]


# (text, source, cue, content): the one attribution the sentence holds
FRAMES = [
    pytest.param("“The bridge will not reopen before spring,” she said several weeks after the flood, and the "
                 "council agreed to wait.", "she", "said", "“The bridge will not reopen before spring,”",
                 id="quote-first-trailing-adjunct"),
    pytest.param("“We did nothing wrong,” the port director said at a crowded briefing announcing the audit.",
                 "the port director", "said", "“We did nothing wrong,”", id="quote-first-long-adjunct"),
    pytest.param("At a crowded dinner in Leeds with the harbour board, Okafor called the tariff a disaster.",
                 "Okafor", "called", "the tariff a disaster", id="fronted-place-is-no-content"),
    pytest.param("Campaigning along the coast in 2019, he barely mentioned the fishing quotas.",
                 "he", "mentioned", "the fishing quotas", id="fronted-participle-is-no-content"),
    pytest.param("In the end, the union agreed to accept the smaller raise.",
                 "the union", "agreed", "to accept the smaller raise", id="fronted-adjunct-then-infinitive"),
    pytest.param("Happily, the mayor agreed to cover the bill tonight, and the council thanked her.",
                 "the mayor", "agreed", "to cover the bill tonight", id="infinitive-is-no-adjunct"),
    pytest.param("The ferry line doubled its fares, regional officials said.",
                 "regional officials", "said", "The ferry line doubled its fares", id="clause-before-stays-content"),
    pytest.param("Harbour pilots have long argued that the channel is too shallow.",
                 "Harbour pilots", "argued", "that the channel is too shallow", id="adverb-between-subject-and-cue"),
    pytest.param("The inspectors had last month warned that the dam was leaking.",
                 "The inspectors", "warned", "that the dam was leaking", id="time-phrase-between-subject-and-cue"),
    pytest.param("The two mayors have both argued that the tunnel is unsafe.",
                 "The two mayors", "argued", "that the tunnel is unsafe", id="floating-quantifier"),
    pytest.param("The ferry company on Sunday announced that fares would rise.",
                 "The ferry company", "announced", "that fares would rise", id="weekday-adjunct"),
    pytest.param("Lindqvist went on to accuse the board of selling the islands.",
                 "Lindqvist", "accuse", "the board of selling the islands", id="infinitive-of-speech-verb"),
    # (after "for" a speech gerund is rarely a cue in train: "criticized him for saying" is the reason of another)
    pytest.param("She closed the meeting by saying that the budget was gone.",
                 "She", "saying", "that the budget was gone", id="gerund-after-preposition"),
    pytest.param("Okafor's claim that the fund was solvent surprised the auditors.",
                 "Okafor's", "claim", "that the fund was solvent", id="possessive-owner-of-claim"),
]


@pytest.mark.parametrize("text, source, cue, content", FRAMES)
def test_frame_boundaries(text, source, cue, content):
    found = [a for a in described(text) if a[1] == cue]
    assert len(found) == 1, described(text)
    assert found[0][0] == source
    assert content in found[0][2] and found[0][2].startswith(content[:12])


# sentences whose cue word is no attribution here
NONE = [
    pytest.param("The decision will no doubt anger the fishermen.", "doubt", id="no-doubt"),
    pytest.param("The governor was more measured about the strike.", "measured", id="degree-word-adjective"),
    pytest.param("The plan drew sharp criticism from the harbour unions.", "criticism", id="content-opens-with-from"),
    pytest.param("The ministry responded by closing the port for a week.", "responded", id="responded-by-gerund"),
    pytest.param("The board rejected the figures reported by the ferry company.", "reported", id="bare-participle-by"),
    pytest.param("In other words, the fund has run dry.", "In", id="in-other-words"),
    pytest.param("The ferry left on time, despite a small number of passenger complaints.", "complaints",
                 id="despite-opens-no-source"),
    pytest.param("The campaign will reach voters via mail, phone calls and leaflets.", "calls", id="plural-noun-in-a-list"),
]


@pytest.mark.parametrize("text, cue", NONE)
def test_no_attribution(text, cue):
    assert all(a[1] != cue for a in described(text)), described(text)


def test_aside_participle_with_agent_is_an_attribution():
    found = described("The port will close in May, a date confirmed by the harbour master.")
    assert ("the harbour master", "confirmed", "a date") in found


def test_verb_label_is_no_speaker_turn():
    text = "Contributing: Ana Ruiz and Bo Park.\n\nLINDQVIST: We will not sell the islands."
    found = described(text)
    assert [f[0] for f in found] == ["LINDQVIST"] or all(f[0] != "Contributing" for f in found)


def test_only_a_speech_verb_inverts_without_a_quotation():
    found = described("Dan Okafor, the fund's lawyer, treasurer and strategist, has rejected the label.")
    assert all(source != "the label" for source, _, _ in found), found
    assert described("The bridge is safe, said Ana Ruiz.") == [("Ana Ruiz", "said", "The bridge is safe")]


def test_expletive_it_names_no_source():
    found = described("It is obvious that the fund has run dry.")
    assert found and found[0][0] is None


def test_subject_ends_at_a_past_verb():
    found = described("Okafor took to the radio on Monday to accuse the board of lying.")
    assert ("Okafor", "accuse", "the board of lying") in found


@pytest.mark.parametrize("text, cue, source", [
    ("LEEDS — The harbour board met on Friday, warning that the port would close.", "warning", "The harbour board"),
    ("Walking out of the hearing, the mayor stopped briefly, saying that the port would close.", "saying",
     "the mayor"),
    ("Hours later, the union returned to the table, insisting that the strike would go on.", "insisting",
     "the union"),
])
def test_participle_source_skips_a_fronted_phrase(text, cue, source):
    assert any(s == source and c == cue for s, c, _ in described(text)), described(text)


def test_recipient_after_to_is_not_content():
    found = described("Warren said to Okafor that the deal was dead.")
    assert found == [("Warren", "said", "that the deal was dead")]


@pytest.mark.parametrize("text", [
    "Big Win For Okafor: harbour board backs the plan.",
    "Contributing: Ana Ruiz and Bo Park.",
    "Revealed: the harbour board never met.",
])
def test_headline_or_credit_label_is_no_speaker(text):
    assert all(a.rule != "speaker-label" for a in attributions(text)), described(text)


def test_active_participle_with_that_takes_its_subject():
    found = described("Harbour inspectors have also discovered that the permits were forged.")
    assert ("Harbour inspectors", "discovered", "that the permits were forged") in found
    passive = described("The ferry is expected to resume service in May.")
    assert all(source is None for source, cue, _ in passive if cue == "expected")


# one case a line: id | sentence | source | cue | content
ROUND_THREE = """
evidence-noun-before-cue-word | The ferry fares rose twice last winter, the reports show. | the reports | show | The ferry fares rose twice last winter
acronym-is-no-demonym | Audit files from KLM VAN show that the accounts were searched. | Audit files from KLM VAN | show | that the accounts were searched
adverb-in-commas-between-subject-and-verb | A survey of island residents has, however, revealed that most oppose the bridge. | A survey of island residents | revealed | that most oppose the bridge
quotation-makes-the-form-a-verb | The leaflet claims “the tunnel will pay for itself.” | The leaflet | claims | “the tunnel will pay for itself.”
pronoun-before-active-implicit-verb | He expected me to read the report aloud. | He | expected | me to read the report aloud
participle-after-a-noun-phrase | The council published its report on Monday, saying, “The harbour must be dredged.” | The council | saying | “The harbour must be dredged.”
ratio-is-a-quantity-not-a-place | Okafor said the plan was sound, and nearly 4 in 10 said the fees were too high. | nearly 4 in 10 | said | the fees were too high
fronted-asked-before-a-quotation | Asked if the ferry would run on Sunday, the director replied, “Only if the wind drops.” | the director | replied | “Only if the wind drops.”
contraction-ends-the-adjunct | He says tonight he’s ready to sign the harbour deal. | He | says | tonight he’s ready to sign the harbour deal
participle-takes-its-clause-subject | In response to the storm, the harbour master closed the port, saying the waves were too high. | the harbour master | saying | the waves were too high
place-and-state-in-an-adjunct | “We will rebuild the pier,” Okafor said at a Leeds, West Yorkshire town hall on Monday, hinting at a new tax. | Okafor | said | “We will rebuild the pier,”
"""


@pytest.mark.parametrize("case", ROUND_THREE.strip().splitlines(), ids=lambda case: case.split(" | ")[0])
def test_round_three_frames(case):
    """Mechanisms found by error analysis on PolNeAR train, each shown on an invented sentence."""
    _, text, *expected = case.split(" | ")
    assert tuple(expected) in described(text), described(text)


@pytest.mark.parametrize("text, outer, inner", [
    ("The mayor is backing the tunnel plan because she worries the ferries are too slow.",
     ("The mayor", "backing", "the tunnel plan"), ("she", "worries", "the ferries are too slow")),
    ("Okafor praised the new harbour while Lindqvist warns that it floods.",
     ("Okafor", "praised", "the new harbour"), ("Lindqvist", "warns", "that it floods")),
])
def test_adverbial_clause_holds_an_attribution_of_its_own(text, outer, inner):
    found = described(text)
    assert outer in found and inner in found, found


def test_inner_cue_in_a_that_clause_stays_nested():
    found = described("Okafor said that because she believes the harbour is safe, the ferries will run.")
    assert [cue for _, cue, _ in found] == ["said"], found


def test_tail_after_a_quotation_needs_a_verb():
    found = described("She declared “What a harbour!” and said that the ferries would “run again” across the bay.")
    assert ("She", "declared", "“What a harbour!”") in found and all(cue != "across" for _, cue, _ in found)


@pytest.mark.parametrize("text, source, content", [
    ("Okafor to Harbour Board: Fees will rise in spring.", "Okafor", "Fees will rise in spring"),
    ("EXCLUSIVE – Jo Lindqvist: The bridge is unsafe.", "Jo Lindqvist", "The bridge is unsafe"),
    ("Poll: Islanders favour the tunnel over the bridge.", "Poll", "Islanders favour the tunnel over the bridge"),
])
def test_headline_label_names_its_source(text, source, content):
    assert described(text + "\n\nThe ferry left at noon.")[:1] == [(source, ":", content)]


@pytest.mark.parametrize("text", ["The Latest: Ferry service resumes after storm.",
                                  "The Harbour Report\n\nOkafor to Harbour Board: Fees will rise."])
def test_no_headline_label(text):
    assert all(a.rule != "speaker-label" for a in attributions(text)), described(text)


@pytest.mark.parametrize("text, source", [
    ("“We will hold the line,” said former Ohio Gov. Ann Ruiz.", "former Ohio Gov. Ann Ruiz"),
    ("“The vote is rigged,” said retired Navy Adm. Bo Diaz, who served in Guam.", "retired Navy Adm. Bo Diaz"),
    ('"It is over," said election lawyer Tim Ko.', "election lawyer Tim Ko"),
    ('"Thanks, all," said master of ceremonies Al Bo, a retired engineer.', "master of ceremonies Al Bo, a retired engineer"),
])
def test_inverted_source_after_lowercase_modifiers_and_roles(text, source):
    (att,) = attributions(text)
    assert (att.source.span.text, att.cue.text) == (source, "said")


def test_an_adjunct_after_an_inverted_cue_is_no_source():
    assert not [a for a in attributions('"It is over," said in an interview on Tuesday.')
                if a.source.span is not None and a.source.span.text.startswith("in")]


@pytest.mark.parametrize("text, source, content", [
    ("The club had 30 members, which he said were evenly split.", "he", ["which", "were evenly split"]),
    ("It was a scheme that prosecutors said was illegal.", "prosecutors", ["that", "was illegal"]),
    ("This is what the senators said was a mistake.", "the senators", ["what", "was a mistake"]),
])
def test_speech_inside_a_relative_clause(text, source, content):
    atts = [a for a in attributions(text) if a.cue.text == "said"]
    assert [(a.source.span.text, [s.text for s in a.content]) for a in atts] == [(source, content)]


def test_the_main_verb_after_a_participle_set_off_by_commas():
    atts = attributions('Mr. Ward, citing "the odd charm of Lee," said the team could win.')
    assert [(a.source.span.text, a.cue.text, a.content[0].text) for a in atts] == [
        ("Mr. Ward", "citing", '"the odd charm of Lee,"'), ("Mr. Ward", "said", "the team could win")]


@pytest.mark.parametrize("text, source, cue", [
    ("Another pollster, Dana Wood of Keele University, said her survey found gains.",
     "Another pollster, Dana Wood of Keele University", "said"),
    ('Ohio delegate Tim Ward, wearing a red hat and "Ward" campaign pins, said he would stay.',
     'Ohio delegate Tim Ward, wearing a red hat and "Ward" campaign pins', "said"),
    ("LEEDS -- Mayor Ana Ruiz, opening the new library on Monday, said it would serve everyone.",
     "Mayor Ana Ruiz, opening the new library", "said"),
])
def test_sources_through_asides_and_gerunds(text, source, cue):
    atts = [a for a in attributions(text) if a.cue.text == cue]
    assert [a.source.span.text for a in atts] == [source]


def test_a_participle_tail_after_a_bare_frame_leaves_the_quotation_as_content():
    atts = attributions("“Would you have believed it?” Lee said, looking out on the crowd.")
    assert [(a.source.span.text, a.cue.text, a.content[0].text) for a in atts] == [
        ("Lee", "said", "“Would you have believed it?”")]


def test_declined_to_comment_is_its_own_content():
    atts = attributions("A spokeswoman for the port authority declined to comment.")
    assert [(a.source.span.text, a.cue.text, a.content[0].text) for a in atts] == [
        ("A spokeswoman for the port authority", "declined", "to comment")]


def test_a_likelier_verb_frame_inside_a_weak_ones_object_stays():
    # "backed" is a weak cue word, "argued" a likely one: the second clause is an attribution of its own
    cues = [a.cue.text for a in attributions("The council backed the budget even as Okafor warned the plan would fail.")]
    assert "warned" in cues
    # inside a "that" clause the outer verb reports it: one attribution
    cues = [a.cue.text for a in attributions("Okafor said that Lind argued the plan would fail.")]
    assert cues == ["said"]


@pytest.mark.parametrize("text, source, cue, content", [
    ("Ruiz's criticism of the harbour board was sharp.", "Ruiz's", "criticism", "of the harbour board"),
    ("The audit has raised questions about how the fund was run.", None, "questions",
     "about how the fund was run"),
])
def test_noun_cues_before_their_preposition(text, source, cue, content):
    assert (source, cue, content) in described(text)


def test_a_verb_before_its_preposition_keeps_its_subject():
    # after a name the form is a verb: the verb frame, not the noun frame, decides
    assert all(a[0] is not None for a in described("Okafor spoke of her early talks with the director."))


def test_a_signed_quotation_with_no_break_spaces():
    atts = attributions("“We can do better.”\u00a0― Ana Ruiz\u00a0\n“They must stop.”\u00a0― Tom Lee\n\nNext.")
    assert [(a.source.span.text, a.content[0].text) for a in atts] == [
        ("Ana Ruiz", "“We can do better.”"), ("Tom Lee", "“They must stop.”")]


def test_a_fronted_as_clause_reports_the_main_clause():
    assert ("The Harbour Times", "reported", "the port is the largest recipient") in described(
        "As The Harbour Times reported, the port is the largest recipient.")


def test_a_weak_cue_before_a_colon_takes_a_quotation_in_the_next_paragraph_but_no_list():
    atts = attributions('The Harbour Times reports:\n\n"In a sign of trouble, the mayor resigned on Monday."\n\nNext.')
    assert [(a.source.span.text, a.cue.text) for a in atts] == [("The Harbour Times", "reports")]
    assert attributions("The plan includes:\n\nA new bridge over the river.") == []


def test_a_fronted_speech_participle_takes_the_main_clauses_subject():
    assert ("the mayor", "Citing", "an old audit") in described(
        "Citing an old audit, the mayor attacked the harbour board.")


def test_a_subject_with_a_bare_relative_clause_is_the_source():
    assert ("All the pilots I interviewed", "said", "the runway was too short") in described(
        "All the pilots I interviewed said the runway was too short.")


@pytest.mark.parametrize("text, source, content", [
    ("The plan got worse. Said Ellis: “I don’t see any reform in it.”", "Ellis", "“I don’t see any reform in it.”"),
    ("It was quiet. Said Mara Quint, who grew up with the singer, “He was kind.”",
     "Mara Quint, who grew up with the singer", "“He was kind.”"),
])
def test_a_sentence_opening_with_an_inverted_speech_verb(text, source, content):
    assert (source, "Said", content) in described(text)


def test_people_close_to_someone_are_a_source():
    assert ("Those close to him", "say", "that he would consider others") in described(
        "Those close to him say that he would consider others.")


def test_a_verb_before_its_preposition_after_auxiliaries_keeps_its_subject():
    assert ("The port authority", "respond", "to requests for comment") in described(
        "The port authority did not immediately respond to requests for comment.")



def test_a_closing_quote_between_comma_and_but_opens_a_clause_of_its_own():
    found = described("The chief said the tape was not “proof that would settle it,” but he said that the "
                      "footage “supports what we heard” about it.")
    assert [f[1] for f in found] == ["said", "said"]


def test_a_fronted_prepositional_phrase_ends_at_its_comma():
    found = described("In a statement announcing the pick, the union called Lee a “champion” for its members.")
    assert ("the union", "called", "Lee a “champion” for its members") in found


def test_a_modifier_is_never_a_cue_alone():
    assert all(f[1] != "often" for f in described("Fishermen often say, “The sea gives and takes.”"))


def test_an_evidence_source_with_a_participle_and_an_all_caps_name():
    found = described("Donors gave $2 million in May, a HARBOUR TODAY analysis of newly filed reports shows.")
    assert ("a HARBOUR TODAY analysis of newly filed reports", "shows", "Donors gave $2 million in May") in found
