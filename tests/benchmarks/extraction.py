"""Extraction speed against pysbd's sentence splitter, measured in the same run on the same texts.

    python3 tests/benchmarks/extraction.py [--eval-dir ../shared/eval] [--repeat 3] [--model FILE]

Texts: the PolNeAR dev split (read from the shared evaluation folder, never copied here) plus the
seed article.  Prints words/s for claimdesk's splitter alone, for the full ``extract`` and for
``pysbd.Segmenter(language="en", clean=False)``, their ratios, and then a synthetic 1 MB vs 5 MB
run showing that both the splitter and the extractor scale linearly, and then the adversarial
table: hostile inputs (a cue word repeated, quote marks, one endless sentence, thousands of commas
or dashes, nested brackets, 100k newlines, runs of capitalised words, ...) at 1x (256 KB) and 4x
(1 MB), in seconds per MB, with the 4x/1x time ratio (linear = 4, the target at most 5.2) and the
ratio against ordinary news of the same size (the dev texts and the seed article repeated; target
at most 3).  Best of N in CPU seconds (time.process_time); ``--no-adversarial`` skips the table.
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
# CPU seconds of this process: the machine is shared, and wall time would charge other people's
# load to whichever measurement it happened to overlap (every measured part is single-threaded)
CLOCK = time.process_time


def load_texts(eval_dir: Path) -> list[str]:
    with open(eval_dir / "polnear-dev.jsonl", encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    seed = re.sub(r"\A\s*date \S+\s*", "", SEED_PATH.read_text(encoding="utf-8"))
    return texts + [seed]


def best_time(run, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = CLOCK()
        for text in texts:
            run(text)
        best = min(best, CLOCK() - started)
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


# Hostile inputs, each generated to any size in characters.  Every one of these was (or could have
# been) super-linear: the patterns look around each cue within its sentence, so an endless
# sentence or a dense run of cues or marks made the work grow with the square of the input.
ADVERSARIAL = {
    "cue word repeated": "said ",
    "straight quote marks": '"',
    "quote marks spaced": '" ',
    "curly quote pairs": "“a” ",
    "quote and cue": '"a," he said. ',
    "curly quote, cue, comma": "“a,” he said, “b ” ",
    "endless sentence": "the officials in the senate questioned the rise of talks ",
    "commas": "a, ",
    "cue and commas": "he said, ",
    "dashes": "a -- ",
    "em dashes glued": "a—",
    "nested brackets": None,  # "((((...))))", built below
    "mixed brackets": "(a [b {c ",
    "brackets spaced": "( ",
    "newlines": "\n",
    "capitalised words": "Smith Jones ",
    "capitalised + cue": "Smith Jones said ",
    "colons": "A: ",
    "speaker labels": "WALLACE: hi\n",
    "all-caps headings": "KEEPING SCORE: ",
    "according to": "according to ",
    "abbreviations": "Mr. ",
    "one long word": "a",
    "dotted word": "a.",
    "dense attributions": "He said it. ",
}


def adversarial_text(name: str, size: int) -> str:
    unit = ADVERSARIAL[name]
    if unit is None:
        return "(" * (size // 2) + ")" * (size - size // 2)
    return (unit * (size // len(unit) + 1))[:size]


def news_text(texts: list[str], size: int) -> str:
    news = "\n\n".join(texts)
    return (news * (size // len(news) + 1))[:size]


def adversarial_table(texts: list[str], repeat: int) -> None:
    small, large = MB // 4, MB
    print(f"adversarial inputs: s/MB at 1x ({small // 1000} KB) and 4x ({large // 1000} KB), best of {repeat};"
          " linear = 4x/1x time 4.0 (target <= 5.2); vs news = time / ordinary news of the same size (target <= 3)")
    news = {size: best_time(extract, [news_text(texts, size)], repeat) for size in (small, large)}
    print(f"  {'ordinary news':<26} {news[small] * MB / small:7.3f} {news[large] * MB / large:7.3f}"
          f"   {news[large] / news[small]:5.2f}")
    print(f"  {'input':<26} {'1x s/MB':>7} {'4x s/MB':>7}  4x/1x  vs news 1x  vs news 4x")
    worst_linear = worst_news = 0.0
    for name in ADVERSARIAL:
        times = {size: best_time(extract, [adversarial_text(name, size)], repeat) for size in (small, large)}
        linear = times[large] / times[small]
        versus = [times[size] / news[size] for size in (small, large)]
        worst_linear, worst_news = max(worst_linear, linear), max(worst_news, *versus)
        print(f"  {name:<26} {times[small] * MB / small:7.3f} {times[large] * MB / large:7.3f}"
              f"  {linear:5.2f}  {versus[0]:9.2f}  {versus[1]:9.2f}")
    print(f"  worst: 4x/1x {worst_linear:.2f} (target <= 5.2), vs news {worst_news:.2f} (target <= 3)")


def words_per_second(words: int, seconds: float) -> str:
    return f"{words / seconds:>12,.0f} words/s  ({seconds:.3f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", type=Path, help="A CRF model file (claimdesk train) to time --learned with")
    parser.add_argument("--no-adversarial", action="store_true", help="skip the adversarial table")
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
    if not args.no_adversarial:
        adversarial_table(texts, max(2, args.repeat - 1))


if __name__ == "__main__":
    main()
