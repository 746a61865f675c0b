"""``claimdesk extract``: claims and attributions from text files, JSONL corpora or stdin.

Pure text in, JSON out: this command never builds the Flask app nor opens a database, so it runs
anywhere the extractor runs.  Output follows the evaluation's prediction format, so
``claimdesk extract gold.jsonl --format jsonl > pred.jsonl`` feeds ``score.py`` directly.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

from service.cli import cli, fail
from service.extraction import extract
from service.extraction.serialize import extraction_dict

# "date 2019-11-27" opening a file, on a line of its own or followed by the text on the same line
_DATE_HEADER = re.compile(r"\s*date[ \t]+(\d+[-/.]\d+[-/.]\d+)(?=\s|\Z)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STDIN = "-"


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
def extract_command(paths: tuple[str, ...], output_format: str) -> None:
    """Split articles into claims and attributed sources, printed as JSON.

    PATH is a text file (an optional leading "date YYYY-MM-DD" header gives the publication date),
    a .jsonl file of {"id", "text", ...} objects (ids echoed, texts unchanged), or - for stdin.
    With --format json, one document prints as an object and several as an array.
    """
    if not paths:
        fail("no PATH given: name text files, .jsonl files, or - for stdin")
    if output_format == "jsonl":
        for path in paths:
            # a whole file is read and extracted before its first line is printed
            lines = [json.dumps(doc, ensure_ascii=False) for doc in _extract_path(path)]
            if lines:
                click.echo("\n".join(lines))
        return
    documents = [doc for path in paths for doc in _extract_path(path)]
    single = len(documents) == 1 and len(paths) == 1 and not _is_jsonl(paths[0])
    click.echo(json.dumps(documents[0] if single else documents, ensure_ascii=False, indent=2))


def _extract_path(path: str) -> list[dict]:
    if path == STDIN:
        raw = click.get_binary_stream("stdin").read()
        return [_extract_text(_decode(raw, "stdin"), "stdin", "stdin")]
    data = _read_bytes(path)
    if _is_jsonl(path):
        return [_extract_record(record, path, number) for number, record in _records(data, path)]
    return [_extract_text(_decode(data, path), Path(path).stem, path)]


def _is_jsonl(path: str) -> bool:
    return path != STDIN and path.lower().endswith(".jsonl")


def _read_bytes(path: str) -> bytes:
    file = Path(path)
    if file.is_dir():
        fail(f"{path}: is a directory, not a file")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except OSError as error:
        fail(f"{path}: cannot read: {error.strerror or error}")


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        fail(f"{where}: not UTF-8 text (bad byte at offset {error.start})")


def _extract_text(raw: str, doc_id: str, where: str) -> dict:
    published, text = _split_date_header(raw, where)
    extra = {"id": doc_id, "published": published} if published else {"id": doc_id}
    return extraction_dict(extract(text), **extra)


def _split_date_header(raw: str, where: str) -> tuple[str | None, str]:
    """("2019-11-27", text after the header) or (None, the whole text) when there is no header."""
    header = _DATE_HEADER.match(raw)
    if header is None:
        return None, raw
    value = header.group(1)
    if not _ISO_DATE.fullmatch(value):
        fail(f"{where}: invalid date header {value!r} (expected date YYYY-MM-DD)")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{where}: invalid date {value!r} in the date header")
    return value, raw[header.end():].lstrip()


def _records(data: bytes, path: str):
    """(line number, parsed object) for each non-blank line of a JSONL file."""
    text = _decode(data, path)
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 may sit in a string
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            fail(f"{path}:{number}: not valid JSON ({error.msg})")
        yield number, record


def _extract_record(record, path: str, number: int) -> dict:
    where = f"{path}:{number}"
    if not isinstance(record, dict):
        fail(f"{where}: expected a JSON object with a string \"text\"")
    text = record.get("text")
    if not isinstance(text, str):
        fail(f"{where}: \"text\" must be a string")
    extra = {"id": record.get("id", f"{Path(path).stem}:{number}")}
    published = record.get("published")
    if published is not None:
        if not isinstance(published, str) or not _is_iso_date(published):
            fail(f"{where}: \"published\" must be a date YYYY-MM-DD")
        extra["published"] = published
    return extraction_dict(extract(text), **extra)


def _is_iso_date(value: str) -> bool:
    try:
        return bool(_ISO_DATE.fullmatch(value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False
