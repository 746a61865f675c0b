#!/usr/bin/env python3
"""Train the attribution CRF on PolNeAR's train split and print its scores on the dev split.

    python3 tests/benchmarks/train_crf.py [--iterations N]

Writes service/extraction/attribution-crf.model and attribution-crf.cues.json (word features and
weights only; the corpus text stays in ../shared/eval). Dev is only measured, never tuned on.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

from service.extraction import learned
from service.extraction.segment import split_sentences

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"  # ../shared beside the repo
TRAIN, DEV, SEED = EVAL / "polnear-train.jsonl", EVAL / "polnear-dev.jsonl", EVAL / "seed-gold.jsonl"
ROLES = ("CONTENT", "SOURCE", "CUE")  # later roles win where annotations overlap
PARAMS = {"c1": 0.1, "c2": 0.01, "feature.minfreq": 3, "feature.possible_transitions": True}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def mine_lexicon(docs: list[dict]) -> dict[str, str]:
    """Each word seen at least 5 times, bucketed by the share of its uses that are inside a cue."""
    total, in_cue = Counter(), Counter()
    for doc in docs:
        text = doc["text"]
        total.update(m.group().lower() for m in learned.TOKEN.finditer(text))
        for att in doc["attributions"]:
            for s, e in att["cue"]:
                in_cue.update(m.group().lower() for m in learned.TOKEN.finditer(text, s, e))
    lexicon = {}
    for word, n in in_cue.items():
        share = n / max(total[word], n)
        if total[word] >= 5 and share >= 0.05:
            lexicon[word] = "hi" if share >= 0.5 else "mid" if share >= 0.2 else "lo"
    return dict(sorted(lexicon.items()))


def char_roles(doc: dict) -> list:
    roles = [None] * len(doc["text"])
    for role in ROLES:
        for a, att in enumerate(doc["attributions"]):
            for f, (s, e) in enumerate(att[role.lower()]):
                roles[s:e] = [(role, a, f)] * (e - s)
    return roles


def labelled_sequences(doc: dict):
    """(features, BIO labels) per paragraph of one gold document."""
    text = doc["text"]
    sentences = [span for span, _ in split_sentences(text)]
    roles = char_roles(doc)
    for group in learned.sequences(text, sentences):
        tokens = learned.sequence_tokens(text, sentences, group)
        if not tokens:
            continue
        labels, previous = [], None
        for s, e, _ in tokens:
            key = roles[s] or roles[e - 1]
            labels.append("O" if key is None else ("I-" if key == previous else "B-") + key[0])
            previous = key
        yield learned.features(text, tokens), labels


def train(docs: list[dict], iterations: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in docs:
        for xseq, yseq in labelled_sequences(doc):
            trainer.append(xseq, yseq)
    trainer.set_params({**PARAMS, "max_iterations": iterations})
    trainer.train(str(learned.MODEL_PATH))


def predict(gold_path: Path, out_path: Path, mode: str) -> float:
    """Write predictions in the scorer's format; mode is crf, rule, merge(-all) or augment(-all). Returns seconds spent."""
    from service.extraction import extract
    from service.extraction.model import Claim, Extraction
    from service.extraction.serialize import extraction_dict

    spent = 0.0
    with out_path.open("w", encoding="utf-8") as out:
        for doc in read_jsonl(gold_path):
            started = time.perf_counter()
            claims = extract(doc["text"]).claims
            if mode.startswith("augment"):
                claims = learned.augment(doc["text"], claims, speech_cues_only=mode == "augment")
            elif mode != "rule":
                found = learned.learned_attributions(doc["text"], [c.sentence for c in claims])
                if mode == "crf":
                    claims = tuple(Claim(c.index, c.sentence, c.paragraph, c.statement) for c in claims)
                claims = learned.merge(doc["text"], claims, found, speech_cues_only=mode == "merge")
            spent += time.perf_counter() - started
            out.write(json.dumps(extraction_dict(Extraction(doc["text"], claims), id=doc["id"])) + "\n")
    return spent


def score(gold_path: Path, pred_path: Path) -> dict:
    result = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold_path), str(pred_path), "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def show(name: str, result: dict, width: int = 10) -> None:
    cells = [f"{k.split('.')[0]} {result[k]['f1']:5.1f} (P {result[k]['p']:5.1f} R {result[k]['r']:5.1f})"
             for k in ("source.overlap", "cue.overlap", "content.overlap", "relation") if k in result]
    print(f"{name:<{width}}" + " | ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=120)
    args = ap.parse_args()
    started = time.perf_counter()
    docs = read_jsonl(TRAIN)
    lexicon = mine_lexicon(docs)
    learned.LEXICON_PATH.write_text(json.dumps(lexicon, indent=0) + "\n", encoding="utf-8")
    learned.set_lexicon(lexicon)
    train(docs, args.iterations)
    size = learned.MODEL_PATH.stat().st_size
    print(f"trained on {len(docs)} documents in {time.perf_counter() - started:.0f} s; "
          f"model {size / 1e6:.1f} MB, lexicon {len(lexicon)} words")
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        predict(DEV, pred, "crf")
        show("dev crf", score(DEV, pred))


if __name__ == "__main__":
    main()
