"""``claimdesk extract``: claims and attributions from text files, JSONL corpora or stdin.

Pure text in, JSON out: this command never builds the Flask app nor opens a database, so it runs
anywhere the extractor runs.  Output follows the evaluation's prediction format, so
``claimdesk extract gold.jsonl --format jsonl > pred.jsonl`` feeds ``score.py`` directly.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from service.cli import cli, fail
from service.cli.inputs import STDIN, is_jsonl, read_jsonl, read_text_article
from service.extraction import extract
from service.extraction.serialize import extraction_dict


@cli.command("extract", with_appcontext=False)  # text only: no app, no database
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="json: indented, for people; jsonl: one document per line, for score.py.",
)
@click.option("--learned", is_flag=True,
              help="Add the finds of the instance's trained CRF model (claimdesk train) to the rules'.")
def extract_command(paths: tuple[str, ...], output_format: str, learned: bool) -> None:
    """Split articles into claims and attributed sources, printed as JSON.

    PATH is a text file (an optional leading "date YYYY-MM-DD" header gives the publication date),
    a .jsonl (or .ndjson) file of {"id", "text", ...} objects (ids echoed, texts unchanged), or - for stdin.
    With --format json, one document prints as an object and several as an array.
    """
    if not paths:
        fail("no PATH given: name text files, .jsonl files, or - for stdin")
    learned = learned and instance_model_path()
    if output_format == "jsonl":
        for path in paths:
            # a whole file is read and extracted before its first line is printed
            lines = [json.dumps(doc, ensure_ascii=False) for doc in _extract_path(path, learned)]
            if lines:
                click.echo("\n".join(lines))
        return
    documents = [doc for path in paths for doc in _extract_path(path, learned)]
    single = len(documents) == 1 and len(paths) == 1 and not is_jsonl(paths[0])
    click.echo(json.dumps(documents[0] if single else documents, ensure_ascii=False, indent=2))


def instance_model_path():
    """The model file of the instance (the server's instance folder); one line on stderr says which."""
    from service.cli.learning import load_app, required_model

    return required_model(load_app().instance_path).path


def _extract_path(path: str, learned) -> list[dict]:
    if is_jsonl(path):
        return [_extract_record(record, path, number, learned) for number, record in read_jsonl(path)]
    article = read_text_article(path)
    doc_id = "stdin" if path == STDIN else Path(path).stem
    return [extraction_dict(extract(article.pop("text"), model=learned or None), id=doc_id, **article)]


def _extract_record(record: dict, path: str, number: int, learned) -> dict:
    """The record's text, unchanged; its id, or FILE-STEM:LINE when it has none."""
    extra = {"id": record.get("id", f"{Path(path).stem}:{number}")}
    if record.get("published") is not None:
        extra["published"] = record["published"]
    return extraction_dict(extract(record["text"], model=learned or None), **extra)
