"""``claimdesk evaluate GOLD.jsonl`` / ``claimdesk evaluate --reviewed``: run the extractor on gold
documents and score it.

Prints the figures of the evaluation's score.py (same metrics, same table) without writing a
prediction file. GOLD.jsonl needs no app and no database; --reviewed reads the reviewed documents
of the database (as ``export --format gold`` writes them) and --learned the instance's model.
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


@cli.command("evaluate", with_appcontext=False)  # text only unless --reviewed or --learned
@click.argument("gold_path", metavar="GOLD.jsonl", required=False)
@click.option("--reviewed", is_flag=True, help="Score against the reviewed documents in the database.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
@click.option("--learned", is_flag=True, help="Add the instance model's finds to the rules' (as extract --learned).")
def evaluate_command(gold_path: str | None, reviewed: bool, as_json: bool, learned: bool) -> None:
    """Extract every gold document and print precision, recall and F1 as score.py does.

    GOLD.jsonl holds one {"id", "text", "attributions": [{"source", "cue", "content", "optional"}],
    "sentences"?} object per line, the evaluation's gold format; --reviewed takes the database's
    reviewed documents instead.
    """
    if bool(gold_path) == reviewed:
        fail("give either GOLD.jsonl or --reviewed")
    model = None
    if learned or reviewed:
        from service.cli.learning import load_app, required_model, reviewed_gold

        app = load_app()
        model = required_model(app.instance_path).path if learned else None
    if reviewed:
        source = "reviewed documents"
        golds = list(enumerate(reviewed_gold(app), 1))
        if not golds:
            fail("no reviewed documents in the database: decide every claim of a document first")
    else:
        source = gold_path
        golds = _read_gold(gold_path)
    totals = new_totals()
    started = time.perf_counter()
    for number, gold in golds:
        prediction = extraction_dict(extract(gold["text"], model=model), id=gold.get("id", number))
        try:
            score_document(gold, prediction, totals)
        except (GoldError, KeyError, TypeError, ValueError) as error:
            fail(f"{source}:{number}: unreadable gold attributions ({error})")
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
