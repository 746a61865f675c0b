"""The learned (CRF) attribution tagger: tokens, BIO decoding, training, a model trained here on
fixture documents (the package ships none), and the merge."""
from __future__ import annotations

from pathlib import Path

import pytest

from service.extraction import ModelMissing, crf_features, extract, learned, training
from service.extraction.model import Attribution, Claim, Source, Span
from service.extraction.segment import split_sentences
from tests.crf_fixtures import gold_documents

TEXT = ("Zarif said on Monday that Iran was ready to talk with the United States about the deal. "
        "“We will talk,” he told reporters. Talks failed.")


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crf") / "model.crfsuite"
    assert training.train(gold_documents(), path, iterations=60) > 0
    return path


def sentences_of(text: str) -> list[Span]:
    return [span for span, _ in split_sentences(text)]


def test_tokens_keep_offsets_and_cover_every_non_space_character():
    tokens = crf_features.tokenize(TEXT, 0, len(TEXT))
    assert "".join(TEXT[s:e] for s, e in tokens) == "".join(TEXT.split())
    assert [TEXT[s:e] for s, e in tokens][:3] == ["Zarif", "said", "on"]


@pytest.mark.parametrize("labels, chunks", [
    (["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT"], [("SOURCE", 0, 1), ("CUE", 1, 2), ("CONTENT", 2, 4)]),
    (["O", "I-CUE", "I-CUE", "O"], [("CUE", 1, 3)]),
    (["B-CONTENT", "B-CONTENT", "I-SOURCE"], [("CONTENT", 0, 1), ("CONTENT", 1, 2), ("SOURCE", 2, 3)]),
    (["O", "O"], []),
])
def test_bio_chunks(labels, chunks):
    assert learned._chunks(labels) == chunks


def _decode(text, labels_by_word):
    sentences = sentences_of(text)
    tokens = crf_features.sequence_tokens(text, sentences, list(range(len(sentences))))
    assert len(tokens) == len(labels_by_word)
    return learned.decode(text, tokens, labels_by_word)


def test_decode_groups_cue_with_its_sentence_source_and_nearest_content():
    text = "Zarif said Iran was ready. It would talk. Nobody knew."
    labels = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT",
              "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O", "O", "O"]
    [(index, att)] = _decode(text, labels)
    assert index == 0
    assert (att.source.span.text, att.source.named, att.cue.text, att.cue_lemma, att.rule) == (
        "Zarif", True, "said", "said", "crf")
    assert [span.text for span in att.content] == ["Iran was ready.", "It would talk."]


def test_decode_drops_a_cue_without_content_and_content_two_sentences_away():
    text = "He said. One. Two. Three was true."
    labels = ["B-SOURCE", "B-CUE", "O", "O", "O", "O", "O", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O"]
    assert _decode(text, labels) == []


def test_a_trained_model_finds_a_plain_said_attribution(model):
    sentences = sentences_of(TEXT)
    found = learned.learned_attributions(TEXT, sentences, model)
    by_cue = {att.cue.text: (index, att) for index, att in found}
    index, said = by_cue["said"]
    assert index == 0
    assert said.source.span.text == "Zarif" and said.source.named
    assert "Iran was ready to talk" in " ".join(span.text for span in said.content)
    for index, att in found:
        assert sentences[index].start <= att.cue.start < sentences[index].end
        assert 0.0 <= att.confidence <= 1.0
        for span in (att.cue, *att.content, *([att.source.span] if att.source.span else [])):
            assert TEXT[span.start:span.end] == span.text


def test_training_labels_every_role_in_bio():
    [doc] = gold_documents(1)
    labels = [label for _, seq in training.labelled_sequences(doc) for label in seq]
    assert {"B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O"} <= set(labels)


def test_no_weights_ship_and_learned_mode_needs_a_trained_model(tmp_path):
    package = Path(learned.__file__).parent
    assert not list(package.glob("*.model")) and not list(package.glob("*.crfsuite"))
    assert crf_features.load_lexicon()["said"] == "hi"  # word statistics, not weights
    with pytest.raises(ModelMissing, match="claimdesk train"):
        extract(TEXT, learned=True)
    with pytest.raises(ModelMissing, match="No model"):
        extract(TEXT, model=tmp_path / "absent.crfsuite")
    (tmp_path / "junk.crfsuite").write_text("not a model")
    with pytest.raises(ModelMissing, match="not a CRF model"):
        extract(TEXT, model=tmp_path / "junk.crfsuite")


def _attribution(text, cue, content, rule="source-cue-content"):
    s = text.index(cue)
    c = text.index(content)
    return Attribution(Source(None), Span.of(text, s, s + len(cue)), (Span.of(text, c, c + len(content)),),
                       rule, cue, 0.9)


def test_merge_adds_only_learned_finds_clear_of_every_rule_span():
    text = "Ann said Bob told her it rained. Cal told Dan that it snowed. Eve seems to be happy about it."
    first, second, third = sentences_of(text)
    rule = _attribution(text, "said", "Bob told her it rained")
    claims = (Claim(0, first, 0, first.text, (rule,)), Claim(1, second, 0, second.text),
              Claim(2, third, 0, third.text))
    same_cue = _attribution(text, "said", "it rained", rule="crf")
    nested = _attribution(text, "told her", "it rained", rule="crf")
    new_cue = _attribution(text, "told Dan", "that it snowed", rule="crf")
    belief = _attribution(text, "seems", "to be happy about it", rule="crf")
    found = [(0, same_cue), (0, nested), (1, new_cue), (2, belief)]
    merged = learned.merge(TEXT, claims, found)
    assert merged[0] is claims[0] and merged[2] is claims[2]
    assert merged[1].attributions == (new_cue,)
    assert learned.merge(TEXT, claims, found, speech_cues_only=False)[2].attributions == (belief,)
    assert learned.merge(TEXT, claims, []) == claims


@pytest.mark.parametrize("speech_cues_only", [True, False])
def test_augment_equals_merging_everything_the_tagger_finds(speech_cues_only, model):
    sentences = sentences_of(TEXT)
    claims = tuple(Claim(i, s, 0, s.text) for i, s in enumerate(sentences))
    expected = learned.merge(TEXT, claims, learned.learned_attributions(TEXT, sentences, model), speech_cues_only)
    assert learned.augment(TEXT, claims, speech_cues_only, model=model) == expected
    assert expected != claims


def test_augment_skips_paragraphs_the_rules_already_cover(model):
    text = "Zarif said Iran was ready to talk with the United States about the deal."
    [sentence] = sentences_of(text)
    rule = _attribution(text, "said", "Iran was ready to talk with the United States about the deal")
    claims = (Claim(0, sentence, 0, sentence.text, (rule,)),)
    taken = learned._rule_spans(claims)
    assert not learned._free_cue_word(text, 0, len(text), taken, ("hi", "mid"))
    assert learned._free_cue_word(text, 0, len(text), [], ("hi",))
    assert learned.augment(text, claims, model=model)[0] is claims[0]


@pytest.mark.parametrize("start, end, expected", [
    (0, 5, False), (5, 10, True), (12, 13, True), (19, 25, True), (20, 30, False), (29, 31, True),
    (31, 40, True), (45, 50, False),
])
def test_rule_extents_answer_overlap_by_bisection(start, end, expected):
    extents = [(5, 12), (10, 20), (30, 41)]  # as found: overlapping spans merge into one extent
    merged = [(5, 20), (30, 41)]
    assert learned._overlaps(merged, start, end) is expected
    assert any(s < end and start < e for s, e in extents) is expected


def test_extract_learned_is_the_rules_plus_the_taggers_free_finds(seed_text, model):
    text = seed_text + "\n\nThe mayor then appeared on local radio on Monday and began with saying she would never resign."
    rules = extract(text)
    with_crf = extract(text, learned=True, model=model)
    assert with_crf.claims == learned.augment(text, rules.claims, model=model)
    assert [a.cue.text for a in with_crf.claims[-1].attributions] == ["began with saying"]
    assert not rules.claims[-1].attributions
    for plain, augmented in zip(rules.claims, with_crf.claims):
        assert augmented.attributions[: len(plain.attributions)] == plain.attributions
        assert all(a.rule == "crf" for a in augmented.attributions[len(plain.attributions):])
