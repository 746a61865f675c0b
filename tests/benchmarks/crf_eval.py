#!/usr/bin/env python3
"""The CRF against the rule extractor: dev and seed scores for crf / rule / merge, and speed in
words per second next to pysbd's sentence splitter measured in the same run.

    python3 tests/benchmarks/crf_eval.py
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pysbd
from train_crf import DEV, SEED, predict, read_jsonl, score, show

from service.extraction import learned
from service.extraction import extract


def words_per_second(texts: list[str], run, repeats: int = 3) -> float:
    """Best of ``repeats`` passes: other processes share the cores."""
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - started)
    return words / best


def speed() -> None:
    texts = [doc["text"] for doc in read_jsonl(DEV)]
    segmenter = pysbd.Segmenter(language="en", clean=False)
    learned.learned_attributions(texts[0], [c.sentence for c in extract(texts[0]).claims])  # load the model
    sentences = {t: [c.sentence for c in extract(t).claims] for t in texts}
    baseline = words_per_second(texts, segmenter.segment)
    tagger = words_per_second(texts, lambda t: learned.learned_attributions(t, sentences[t]))
    rule = words_per_second(texts, extract)

    def merged(text):
        claims = extract(text).claims
        return learned.merge(text, claims, learned.learned_attributions(text, [c.sentence for c in claims]), False)

    both = words_per_second(texts, merged)
    gated = words_per_second(texts, lambda t: learned.augment(t, extract(t).claims))
    recall = words_per_second(texts, lambda t: learned.augment(t, extract(t).claims, speech_cues_only=False))
    print(f"pysbd (baseline)        {baseline:9.0f} words/s")
    for name, rate in (("crf tagger alone", tagger), ("rule extract()", rule), ("extract()+merge-all", both),
                       ("extract()+augment", gated), ("extract()+augment(all)", recall)):
        print(f"{name:<24}{rate:9.0f} words/s  = {rate / baseline:4.1f} x pysbd")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        for gold in (DEV, SEED):
            for mode in ("crf", "rule", "merge-all", "augment-all", "merge", "augment"):
                predict(gold, pred, mode)
                show(f"{gold.stem[:4]} {mode}", score(gold, pred), width=17)
    speed()


if __name__ == "__main__":
    main()
