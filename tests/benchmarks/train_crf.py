#!/usr/bin/env python3
"""Train the attribution CRF on PolNeAR's train split and print its scores on the dev split.

    python3 tests/benchmarks/train_crf.py [--iterations N] [--output FILE]

An evaluation only: PolNeAR's licence says nothing about training on it, so the model goes to a
temporary folder (or --output, outside the repository) and is never shipped. The desk's own
model comes from ``claimdesk train`` on its reviewed documents. Dev is only measured, never tuned on.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from service.extraction import learned, training

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"  # ../shared beside the repo
TRAIN, DEV = EVAL / "polnear-train.jsonl", EVAL / "polnear-dev.jsonl"
REPO = Path(__file__).resolve().parents[2]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def predict(gold_path: Path, out_path: Path, mode: str, model: Path) -> float:
    """Write predictions in the scorer's format; mode is crf, rule or augment. Returns seconds spent."""
    from service.extraction import extract
    from service.extraction.model import Claim, Extraction
    from service.extraction.serialize import extraction_dict

    spent = 0.0
    with out_path.open("w", encoding="utf-8") as out:
        for doc in read_jsonl(gold_path):
            started = time.perf_counter()
            claims = extract(doc["text"]).claims
            if mode == "augment":
                claims = learned.augment(doc["text"], claims, model=model)
            elif mode == "crf":
                found = learned.learned_attributions(doc["text"], [c.sentence for c in claims], model)
                claims = tuple(Claim(c.index, c.sentence, c.paragraph, c.statement) for c in claims)
                claims = learned.merge(doc["text"], claims, found, speech_cues_only=False)
            spent += time.perf_counter() - started
            out.write(json.dumps(extraction_dict(Extraction(doc["text"], claims), id=doc["id"])) + "\n")
    return spent


def score(gold_path: Path, pred_path: Path) -> dict:
    result = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold_path), str(pred_path), "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def show(name: str, result: dict, width: int = 14) -> None:
    cells = [f"{k.split('.')[0]} {result[k]['f1']:5.1f} (P {result[k]['p']:5.1f} R {result[k]['r']:5.1f})"
             for k in ("source.overlap", "cue.overlap", "content.overlap", "relation") if k in result]
    print(f"{name:<{width}}" + " | ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=120)
    ap.add_argument("--output", type=Path, help="Keep the model here (outside the repository)")
    args = ap.parse_args()
    if args.output and REPO in args.output.resolve().parents:
        ap.error("--output must lie outside the repository: PolNeAR-trained weights are never shipped")
    with tempfile.TemporaryDirectory() as tmp:
        model = args.output or Path(tmp) / "polnear.crfsuite"
        started = time.perf_counter()
        docs = read_jsonl(TRAIN)
        training.train(docs, model, args.iterations, {"feature.minfreq": 3})
        print(f"trained on {len(docs)} documents in {time.perf_counter() - started:.0f} s; "
              f"model {model.stat().st_size / 1e6:.1f} MB")
        pred = Path(tmp) / "pred.jsonl"
        for mode in ("rule", "crf", "augment"):
            seconds = predict(DEV, pred, mode, model)
            show(f"dev {mode}", score(DEV, pred))
            print(f"{'':14}{seconds:.2f} s")


if __name__ == "__main__":
    main()
