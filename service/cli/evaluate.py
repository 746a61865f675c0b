"""``claimdesk evaluate GOLD.jsonl``: run the extractor on gold documents and score it.

Prints the figures of the evaluation's score.py (same metrics, same table) without writing a
prediction file; text only, so no app and no database.
"""
from __future__ import annotations

import json
import time

import click

from service.cli import cli, fail
from service.cli.inputs import read_jsonl
from service.extraction import extract
from service.extraction.scoring import METRICS, GoldError, new_totals, score_document, summarize
from service.extraction.serialize import extraction_dict


@cli.command("evaluate", with_appcontext=False)  # text only: no app, no database
@click.argument("gold_path", metavar="GOLD.jsonl")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
@click.option("--learned", is_flag=True, help="Add the CRF tagger's finds to the rules' (as extract --learned).")
def evaluate_command(gold_path: str, as_json: bool, learned: bool) -> None:
    """Extract every document of GOLD.jsonl and print precision, recall and F1 as score.py does.

    GOLD.jsonl holds one {"id", "text", "attributions": [{"source", "cue", "content", "optional"}],
    "sentences"?} object per line, the evaluation's gold format.
    """
    golds = _read_gold(gold_path)
    totals = new_totals()
    started = time.perf_counter()
    for number, gold in golds:
        prediction = extraction_dict(extract(gold["text"], learned=learned), id=gold.get("id", number))
        try:
            score_document(gold, prediction, totals)
        except (GoldError, KeyError, TypeError, ValueError) as error:
            fail(f"{gold_path}:{number}: unreadable gold attributions ({error})")
    seconds = time.perf_counter() - started
    result = summarize(totals)
    if as_json:
        click.echo(json.dumps({**result, "documents": len(golds), "missing_predictions": 0,
                               "seconds": round(seconds, 3)}))
        return
    click.echo(f"{'metric':<17}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}")
    for key in METRICS:
        if key in result:
            v = result[key]
            click.echo(f"{key:<17}{v['p']:>7}{v['r']:>7}{v['f1']:>7}{v['tp']:>7}{v['fp']:>7}{v['fn']:>7}")
    click.echo(f"documents {len(golds)}, without a prediction 0")
    click.echo(f"extraction and scoring took {seconds:.2f}s")


def _read_gold(path: str) -> list[tuple[int, dict]]:
    golds = read_jsonl(path)
    for number, gold in golds:
        if not isinstance(gold.get("attributions"), list):
            fail(f'{path}:{number}: expected an "attributions" list')
    if not golds:
        fail(f"{path}: no gold documents")
    return golds
