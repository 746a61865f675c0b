"""The article files the commands read: text files with an optional date header, and JSONL corpora.

Pure reading and validation, shared by ``claimdesk extract`` and ``claimdesk ingest``: bytes or paths
in, plain dicts out; bad input stops the command through ``fail`` (one line on stderr, exit 2).
Texts come back exactly as given after the header: ``extract`` scores offsets against them, so any
further trimming is the caller's choice.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path


from service.cli import fail

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# "date 2019-11-27" opening a file, on a line of its own or followed by the text on the same line;
# anything date-like is captured so that a malformed date is refused rather than read as text
_DATE_HEADER = re.compile(r"\s*date[ \t]+(\d+[-/.]\d+[-/.]\d+)(?=\s|\Z)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_jsonl(path: str | Path) -> bool:
    return str(path) != STDIN and str(path).lower().endswith(JSONL_SUFFIXES)


def is_iso_date(value) -> bool:
    """True for a string YYYY-MM-DD naming a real day."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or stdin's for ``-``."""
    if str(path) == STDIN:
        # sys.stdin at call time: CliRunner swaps it in (click.get_binary_stream is deprecated in 8.5)
        return sys.stdin.buffer.read()
    file = Path(path)
    if file.is_dir():
        fail(f"{path}: is a directory, not a file")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except OSError as error:
        fail(f"{path}: cannot read: {error.strerror or error}")


def decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        fail(f"{where}: not UTF-8 text (bad byte at offset {error.start})")


def read_text_article(path: str | Path) -> dict:
    """A text file (or stdin) as {"text"} plus "published" when it opens with a date header."""
    where = "stdin" if str(path) == STDIN else str(path)
    return text_article(decode(read_bytes(path), where), where)


def text_article(raw: str, where: str) -> dict:
    """{"text", "published"?}: the text after a leading ``date YYYY-MM-DD`` header, or all of it."""
    header = _DATE_HEADER.match(raw)
    if header is None:
        return {"text": raw}
    value = header.group(1)
    if not _ISO_DATE.fullmatch(value):
        fail(f"{where}: invalid date header {value!r} (expected date YYYY-MM-DD)")
    if not is_iso_date(value):
        fail(f"{where}: invalid date {value!r} in the date header")
    return {"text": raw[header.end():].lstrip(), "published": value}


def read_jsonl(path: str | Path) -> list[tuple[int, dict]]:
    """(line number, object) for each non-blank line: a string "text", "published" absent or a date."""
    text = decode(read_bytes(path), str(path))
    records = []
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 may sit in a string
        if line.strip():
            records.append((number, _checked_record(line, f"{path}:{number}")))
    return records


def _checked_record(line: str, where: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        fail(f"{where}: not valid JSON ({error.msg})")
    if not isinstance(record, dict):
        fail(f"{where}: expected a JSON object with a string \"text\"")
    if not isinstance(record.get("text"), str):
        fail(f"{where}: \"text\" must be a string")
    if record.get("published") is not None and not is_iso_date(record["published"]):
        fail(f"{where}: \"published\" must be a date YYYY-MM-DD")
    return record
