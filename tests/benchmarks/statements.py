"""Statement well-formedness over PolNeAR dev: how many attributed sentences get a cut statement
(not the whole sentence) that fails the simple rules of ``statements.well_formed`` (fewer than three words, an opening infinitive
or preposition, unpaired quote marks, an orphan comma before the end, a dangling preposition).

    python3 tests/benchmarks/statements.py [--eval-dir ../shared/eval]

Prints the count and a few examples; dev texts are read from the shared folder, never copied.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from service.extraction import extract  # noqa: E402
from service.extraction.statements import well_formed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    attributed = failing = whole = 0
    examples = []
    with open(args.eval_dir / "polnear-dev.jsonl", encoding="utf-8") as lines:
        for line in lines:
            for claim in extract(json.loads(line)["text"]).claims:
                own = [a for a in claim.attributions if claim.sentence.start <= a.cue.start < claim.sentence.end]
                if not own:
                    continue
                attributed += 1
                whole += claim.statement == claim.sentence.text
                if claim.statement != claim.sentence.text and not well_formed(claim.statement, claim.sentence.text):
                    failing += 1
                    if len(examples) < args.examples:
                        examples.append((claim.sentence.text, claim.statement))
    print(f"dev sentences with an attribution: {attributed}; statement = whole sentence: {whole}; "
          f"failing the well-formedness rules: {failing} ({100 * failing / max(attributed, 1):.1f}%)")
    for sentence, statement in examples:
        print(f"  {sentence[:90]!r}\n    -> {statement[:90]!r}")


if __name__ == "__main__":
    main()
