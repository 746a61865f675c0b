"""Training the learned attribution tagger: gold documents in, a CRF model file out.

Gold documents are dicts ``{"text", "attributions": [{"source", "cue", "content": [[s, e], ...]}]}``,
the evaluation's gold format; each paragraph becomes one sequence of BIO-tagged tokens.
"""
from __future__ import annotations

from pathlib import Path

from service.extraction import crf_features
from service.extraction.segment import split_sentences

ROLES = ("CONTENT", "SOURCE", "CUE")  # later roles win where annotations overlap
TRAINING_PARAMS = {"c1": 0.1, "c2": 0.01, "feature.minfreq": 1, "feature.possible_transitions": True}


def labelled_sequences(doc: dict):
    """(features, BIO labels) per paragraph of one gold document ({"text", "attributions": [{"source",
    "cue", "content": [[s, e], ...]}]}): the training data of the tagger."""
    text = doc["text"]
    sentences = [span for span, _ in split_sentences(text)]
    roles: list = [None] * len(text)
    for role in ROLES:
        for a, att in enumerate(doc["attributions"]):
            for f, (s, e) in enumerate(att.get(role.lower()) or []):
                roles[s:e] = [(role, a, f)] * (e - s)
    for group in crf_features.sequences(text, sentences):
        tokens = crf_features.sequence_tokens(text, sentences, group)
        if not tokens:
            continue
        labels, previous = [], None
        for s, e, _ in tokens:
            key = roles[s] or roles[e - 1]
            labels.append("O" if key is None else ("I-" if key == previous else "B-") + key[0])
            previous = key
        yield crf_features.features(text, tokens), labels


def train(docs, model_path: str | Path, iterations: int = 100, params: dict | None = None) -> int:
    """Train the tagger on gold documents and write it to ``model_path``; return the sequences used."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for doc in docs:
        for xseq, yseq in labelled_sequences(doc):
            trainer.append(xseq, yseq)
            count += 1
    trainer.set_params({**TRAINING_PARAMS, **(params or {}), "max_iterations": iterations})
    trainer.train(str(model_path))
    return count
