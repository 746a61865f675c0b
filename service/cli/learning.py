"""``claimdesk train`` and the instance model the text commands use.

``train`` learns the CRF layer from the desk's reviewed documents (``--reviewed``) and/or gold
files the user is licensed to use, and installs it in the instance folder with a model card.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext

from service import learning
from service.cli import cli, database_option, fail
from service.cli.inputs import read_jsonl
from service.db import db
from service.exports import gold
from service.extraction.scoring import GoldError, frags


def load_app():
    """The app of this command line (its instance folder, its database), for text-only commands
    that need the instance (--learned, --reviewed)."""
    return click.get_current_context().ensure_object(ScriptInfo).load_app()


def required_model(instance_path: str) -> learning.InstanceModel:
    """The instance's model for --learned; a clear error when it has none."""
    model = learning.instance_model(instance_path)
    if model is None:
        fail(f"--learned needs a trained model and {learning.model_folder(instance_path)} holds none: "
             "run 'claimdesk train' first (the package ships no weights)")
    click.echo(f"claimdesk: learned layer: {model.describe()}", err=True)
    return model


def reviewed_gold(app) -> list[dict]:
    with app.app_context():  # the session closes with the context
        return list(gold.gold_records(db.session))


def read_gold_file(path: str) -> list[dict]:
    """Gold records of a JSONL file, their spans checked against their texts."""
    records = []
    for number, record in read_jsonl(path):
        where = f"{path}:{number}"
        attributions = record.get("attributions")
        if not isinstance(attributions, list):
            fail(f'{where}: expected an "attributions" list')
        checked = []
        for att in attributions:
            try:
                spans = {role: frags(att.get(role)) for role in ("source", "cue", "content")}
            except (GoldError, AttributeError, KeyError, TypeError, ValueError):
                fail(f"{where}: unreadable attribution spans")
            if any(not 0 <= s < e <= len(record["text"]) for pieces in spans.values() for s, e in pieces):
                fail(f"{where}: an attribution span lies outside the text or is empty")
            checked.append({**spans, "optional": bool(att.get("optional"))})
        records.append({**record, "id": record.get("id", where), "attributions": checked})
    return records


@cli.command("train")
@click.argument("gold_paths", nargs=-1, metavar="[GOLD.jsonl]...")
@click.option("--reviewed", is_flag=True, help="Train on the reviewed documents in the database.")
@click.option("--iterations", default=100, show_default=True, type=click.IntRange(1, 10_000))
@database_option
@with_appcontext
def train_command(gold_paths, reviewed, iterations):
    """Train the learned (CRF) layer into the instance folder, with a model card.

    Trains on the desk's reviewed documents (--reviewed) and/or gold files you are licensed to use;
    every fifth document is held back and both extractors are scored on it for the card."""
    if not reviewed and not gold_paths:
        fail("nothing to train on: give --reviewed and/or GOLD.jsonl files")
    documents, sources = [], []
    if reviewed:
        found = list(gold.gold_records(db.session))
        documents += found
        sources.append({"what": "reviewed documents in the database", "documents": len(found)})
    for path in gold_paths:
        found = read_gold_file(path)
        documents += found
        sources.append({"what": f"gold file {Path(path).name}", "documents": len(found)})
    if not documents:
        fail("nothing to train on: no reviewed documents and no gold records")
    try:
        model = learning.train_instance_model(current_app.instance_path, documents, sources, iterations=iterations)
    except ValueError as error:
        fail(f"cannot train: {error}")
    card = model.card
    click.echo(f"Trained {model.id} on {card['trained_on']['documents']} documents "
               f"({card['trained_on']['attributions']} attributions); held back {card['held_back']['documents']}.")
    for name, figures in (card["held_back"]["scores"] or {}).items():
        relation = figures.get("relation", {})
        click.echo(f"  held back, {name:<10} relation P {relation.get('p', 0)} R {relation.get('r', 0)} "
                   f"F1 {relation.get('f1', 0)}")
    click.echo(f"Model and card: {model.path.parent}")
