"""Matching quality: precision and recall of the claim matcher on labelled pairs; picks the threshold.

Pairs:
- tests/data/corroboration-pairs.jsonl: news sentences written for the project, each event once
  as a paraphrase or small-edit copy under another attribution frame (same claim) and once as a
  hard negative (the same people and places, a different claim);
- pairs drawn from ../shared/eval/polnear-dev.jsonl when this runs (never stored in the repo):
  a sentence against a copy with small edits under another frame (same claim), and two sentences
  of one article that share a named entity and the most words (hard negatives).

Each side goes through the real extractor first, so the statement is compared, not the frame.

    python tests/benchmarks/corroboration_quality.py [--polnear N] [--seed S]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from service import extraction, similarity
from service.origins import matching_text

ROOT = Path(__file__).resolve().parents[2]
OWN_PAIRS = ROOT / "tests" / "data" / "corroboration-pairs.jsonl"
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
FRAMES = ("{s}, Reuters reported.", "According to the Associated Press, {s}",
          "{s}, a spokesman told reporters.", "The newspaper reported that {s}")
RESTATED = 0.7
FILLERS = ("also", "reportedly", "now", "still")
_QUOTED = re.compile(r"[\n\"“”<>]")
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]{2,}\b")


def statement_words(sentence: str) -> list[str]:
    """The words the matcher compares for ``sentence``: its statement, as ingest stores it."""
    found = extraction.extract(sentence).claims
    if not found:
        return []
    claim = max(found, key=lambda c: len(c.statement))
    return similarity.words(matching_text(claim.sentence.text, claim.statement))


def own_pairs() -> list[dict]:
    with OWN_PAIRS.open(encoding="utf-8") as handle:
        return [dict(json.loads(line), origin="own") for line in handle if line.strip()]


def edited_copy(statement: str, rng: random.Random) -> str:
    """A copy with small edits: a word dropped or added, under another attribution frame."""
    tokens = statement.rstrip(" .").split()
    droppable = [i for i, t in enumerate(tokens[1:], 1) if t.isalpha() and t.islower() and len(t) > 3]
    if droppable and rng.random() < 0.6:
        del tokens[rng.choice(droppable)]
    else:
        tokens.insert(rng.randrange(1, len(tokens)), rng.choice(FILLERS))
    body = " ".join(tokens)
    frame = rng.choice(FRAMES)
    if frame.startswith("{s}"):
        return frame.format(s=body)
    return frame.format(s=body[0].lower() + body[1:] + ".")


def polnear_pairs(count: int, rng: random.Random) -> list[dict]:
    """``count`` same-claim and ``count`` hard-negative pairs from the PolNeAR dev articles."""
    positives, negatives = [], []
    with POLNEAR.open(encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    rng.shuffle(articles)
    for article in articles:
        claims = [c for c in extraction.extract(article["text"]).claims
                  if 8 <= len(c.statement.split()) <= 45 and not _QUOTED.search(c.sentence.text)]
        for claim in rng.sample(claims, min(2, len(claims))):
            positives.append({"a": claim.sentence.text, "b": edited_copy(claim.statement, rng), "same": True,
                              "kind": "copy-edit", "origin": "polnear"})
        negatives.extend(_hard_negatives(claims)[:2])
    rng.shuffle(positives)
    rng.shuffle(negatives)
    return positives[:count] + negatives[:count]


def _hard_negatives(claims) -> list[dict]:
    """Pairs of different sentences of one article that share a name, most shared words first.

    Articles restate their own claims ("Clinton said …" in the lede, again further down); with no
    one to label those, a pair whose smaller side has RESTATED or more of its words in the other
    is left out rather than counted as a negative."""
    bag = [(c, set(_NAME.findall(c.sentence.text)), set(similarity.words(c.statement))) for c in claims]
    scored = []
    for i, (a, names_a, words_a) in enumerate(bag):
        for b, names_b, words_b in bag[i + 1:]:
            shared = len(words_a & words_b)
            if names_a & names_b and shared < RESTATED * max(1, min(len(words_a), len(words_b))):
                scored.append((shared, a.sentence.text, b.sentence.text))
    scored.sort(reverse=True)
    return [{"a": a, "b": b, "same": False, "kind": "hard-negative", "origin": "polnear"} for _, a, b in scored]


def measure(pairs: list[dict]) -> list[dict]:
    """Each pair with its score and whether the LSH stage would offer it as a candidate."""
    rows = []
    for pair in pairs:
        wa, wb = statement_words(pair["a"]), statement_words(pair["b"])
        keys_a, keys_b = similarity.band_keys([wa, wb])
        rows.append({**pair, "score": similarity.score(wa, wb), "candidate": bool(set(keys_a) & set(keys_b))})
    return rows


def precision_recall(rows: list[dict], threshold: float, staged: bool = True) -> tuple[float, float]:
    predicted = [r for r in rows if r["score"] >= threshold and (r["candidate"] or not staged)]
    true_positive = sum(r["same"] for r in predicted)
    positives = sum(r["same"] for r in rows)
    precision = true_positive / len(predicted) if predicted else 1.0
    return precision, true_positive / positives if positives else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=int, default=110, help="same-claim and hard-negative pairs each")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    pairs = own_pairs()
    if POLNEAR.exists():
        pairs += polnear_pairs(args.polnear, random.Random(args.seed))
    else:
        print(f"note: {POLNEAR} not found; own pairs only", file=sys.stderr)
    rows = measure(pairs)
    for origin in ("own", "polnear", None):
        subset = [r for r in rows if origin is None or r["origin"] == origin]
        if not subset:
            continue
        same = sum(r["same"] for r in subset)
        name = origin or "all"
        lsh_recall = sum(r["candidate"] for r in subset if r["same"]) / max(1, same)
        print(f"\n{name}: {len(subset)} pairs, {same} same-claim, {len(subset) - same} hard negatives; "
              f"LSH candidate recall {lsh_recall:.1%}")
        print("threshold  precision  recall   (both stages)   precision  recall   (score alone)")
        for threshold in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
            p, r = precision_recall(subset, threshold)
            p1, r1 = precision_recall(subset, threshold, staged=False)
            mark = " <- chosen" if abs(threshold - similarity.THRESHOLD) < 1e-9 else ""
            print(f"  {threshold:.2f}     {p:6.1%}    {r:6.1%}                    {p1:6.1%}    {r1:6.1%}{mark}")
    errors = [r for r in rows if (r["score"] >= similarity.THRESHOLD and r["candidate"]) != r["same"]]
    print(f"\nerrors at {similarity.THRESHOLD}: {len(errors)}")
    for row in errors[:40]:
        print(f"  [{row['origin']} {row['kind']} {row['score']:.2f} cand={row['candidate']}] "
              f"{row['a'][:90]!r} | {row['b'][:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
