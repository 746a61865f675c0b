"""Extraction speed against pysbd's sentence splitter, measured in the same run on the same texts.

    python3 tests/benchmarks/extraction.py [--eval-dir ../shared/eval] [--repeat 3] [--model FILE]

Texts: the PolNeAR dev split (read from the shared evaluation folder, never copied here) plus the
seed article.  Prints words/s for claimdesk's splitter alone, for the full ``extract`` and for
``pysbd.Segmenter(language="en", clean=False)``, their ratios, and then a synthetic 1 MB vs 5 MB
run showing that both the splitter and the extractor scale linearly.  Best of N with
time.perf_counter; bounded to well under two minutes.
"""
from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pysbd  # noqa: E402

from service.extraction import extract  # noqa: E402
from service.extraction.segment import split_sentences  # noqa: E402

SEED_PATH = ROOT / "tests" / "data" / "taliban-iran-2019-11-27.txt"
MB = 1_000_000


def load_texts(eval_dir: Path) -> list[str]:
    with open(eval_dir / "polnear-dev.jsonl", encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    seed = re.sub(r"\A\s*date \S+\s*", "", SEED_PATH.read_text(encoding="utf-8"))
    return texts + [seed]


def best_time(run, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - started)
    return best


def synthetic_text(size: int, seed: int = 7) -> str:
    """News-like copy with the splitter's hard cases, generated (no corpus text)."""
    rng = random.Random(seed)
    words = ("the officials said that talks would resume next week in Kabul while critics in the "
             "U.S. Senate questioned Mr. Smith and Gov. Jones about the 3.5% rise on Sept. 11 at "
             "9 a.m. according to reports from Tehran Iran allies Taliban").split()
    endings = [". ", ". ", "? ", "! ", ".” ", "... ", ".", ".\n\n", "\n", ".”\n\n"]
    parts, length = [], 0
    while length < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 30)))
        piece = sentence[0].upper() + sentence[1:] + rng.choice(endings)
        if rng.random() < 0.1:
            piece = "“" + piece
        parts.append(piece)
        length += len(piece)
    return "".join(parts)[:size]


def words_per_second(words: int, seconds: float) -> str:
    return f"{words / seconds:>12,.0f} words/s  ({seconds:.3f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", type=Path, help="A CRF model file (claimdesk train) to time --learned with")
    args = parser.parse_args()
    texts = load_texts(args.eval_dir)
    words = sum(len(text.split()) for text in texts)
    print(f"corpus: {len(texts)} documents, {sum(map(len, texts)):,} characters, {words:,} words")

    pysbd_segmenter = pysbd.Segmenter(language="en", clean=False)
    baseline = best_time(pysbd_segmenter.segment, texts, max(1, args.repeat - 1))
    splitter = best_time(split_sentences, texts, args.repeat)
    extractor = best_time(extract, texts, args.repeat)
    print(f"pysbd splitter (baseline)  {words_per_second(words, baseline)}")
    print(f"claimdesk splitter         {words_per_second(words, splitter)}  {baseline / splitter:6.1f}x pysbd")
    print(f"claimdesk extract (full)   {words_per_second(words, extractor)}  {baseline / extractor:6.1f}x pysbd")
    runs = [("split_sentences", split_sentences), ("extract", extract)]
    if args.model:  # the package ships no model: time the learned layer with one trained here
        extract_learned = functools.partial(extract, model=args.model)
        extract_learned(texts[0])  # load the CRF model outside the timing
        with_crf = best_time(extract_learned, texts, args.repeat)
        print(f"  extract --learned        {words_per_second(words, with_crf)}  {baseline / with_crf:6.1f}x pysbd")
        runs.append(("extract --learned", extract_learned))
    else:
        print("  extract --learned        skipped: give --model (e.g. from train_crf.py --output)")

    print("synthetic text, linear time check (best of 2; one 5 MB run when 1 MB takes over 5 s):")
    small, large = synthetic_text(1 * MB), synthetic_text(5 * MB)
    for name, run in runs:
        t_small = best_time(run, [small], 2)
        t_large = best_time(run, [large], 1 if t_small > 5 else 2)
        print(f"  {name:<16} 1 MB {t_small:7.3f} s   5 MB {t_large:7.3f} s"
              f"   ratio {t_large / t_small:4.2f} (linear = 5)")


if __name__ == "__main__":
    main()
