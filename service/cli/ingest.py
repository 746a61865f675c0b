"""``claimdesk ingest ITEM...``: articles from URLs, text files, JSONL corpora and files of URLs.

Files are read and checked first (a bad file stops the command before anything is stored, exit 2);
then every article is ingested on its own, and one that fails never stops the others. A progress
bar on a terminal, plain progress lines otherwise; a summary at the end (exit 1 if any failed).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from schemas.documents import DocumentCreateSchema
from service import batch_ingest, gate, learning
from service.cli import cli, database_option, fail
from service.cli.inputs import is_jsonl
from service.cli.server import corpus_lines, read_article
from service.db import db
from service.errors import DomainError
from service.fetch import FetchPolicy

EXIT_SOME_FAILED = 1
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")  # any scheme: the fetcher says which it refuses


def is_url(argument: str) -> bool:
    return bool(_URL.fullmatch(argument.strip()))


@cli.command("ingest")
@click.argument("items", nargs=-1, required=True, metavar="URL|FILE...")
@click.option("--title", help="Title of the article (one text file only).")
@click.option("--outlet", help="Outlet of the text files' articles.")
@click.option("--published", help="Publication date YYYY-MM-DD of the text files' articles.")
@click.option("--jobs", default=4, show_default=True, type=click.IntRange(1, 32), help="Pages fetched at once.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10),
              help="Tries again after a temporary fetch failure (timeout, 429, 5xx).")
@click.option("--backoff", default=1.0, show_default=True, type=click.FloatRange(0, 60),
              help="Seconds before the first retry; doubled for each next one.")
@database_option
@with_appcontext
def ingest_command(items, title, outlet, published, jobs, retries, backoff):
    """Ingest articles: URLs (fetched and read), text files (an optional first line
    'date YYYY-MM-DD'), JSONL files, or files of URLs one per line ('#' starts a comment)."""
    work = collect(items, title=title, outlet=outlet, published=published)
    policy = FetchPolicy.from_config(current_app.config)
    model = learning.instance_model(current_app.instance_path)
    progress = Progress(len(work))
    with progress:
        outcomes = batch_ingest.run(db.session, work, policy, jobs=jobs, model=model,
                                    retry=batch_ingest.Retry(retries, backoff), report=progress.update)
    click.echo(f"Extractor: {'rules + ' + model.describe() if model else 'rules only (no trained model)'}")
    if summarise(outcomes):
        sys.exit(EXIT_SOME_FAILED)


def collect(arguments, *, title, outlet, published) -> list[batch_ingest.Item]:
    texts = [a for a in arguments if not is_url(a) and not is_jsonl(a) and not _url_list(a)]
    if title and len(texts) != 1:
        fail("--title names one article; give exactly one text file with it")
    given = {key: value for key, value in {"title": title, "outlet": outlet, "published": published}.items() if value}
    items = []
    for argument in arguments:
        if is_url(argument):
            items.append(batch_ingest.Item(argument, url=argument))
        elif is_jsonl(argument):
            items.extend(batch_ingest.Item(where, record=checked_article(record, where))
                         for where, record in corpus_lines(Path(argument)))
        elif _url_list(argument):
            items.extend(batch_ingest.Item(url, url=url) for url in _url_list(argument))
        else:
            record = {**read_article(Path(argument)), **given}
            items.append(batch_ingest.Item(argument, record=checked_article(record, argument)))
    return items


def checked_article(record: dict, where: str) -> dict:
    """A file's article through the API's own gate, before anything is stored: DocumentCreateSchema
    (NUL, lone surrogates, http(s) URLs only, lengths) and the API's body limit. A bad file is bad
    input (one line, exit 2); a page that cannot be fetched is a failed item of the batch."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    text = record.get("text")
    if limit and isinstance(text, str) and len(text.encode("utf-8", "surrogatepass")) > limit:
        fail(f"{where}: the text is over the API's limit of {limit:,} bytes (CLAIMDESK_MAX_CONTENT_LENGTH)")
    given = {key: value for key, value in record.items() if value is not None or key == "text"}
    try:
        return gate.load(DocumentCreateSchema(), given)
    except DomainError as error:
        fail(f"{where}: {gate.describe(error)}")


def _url_list(path: str) -> list[str]:
    """The URLs of a file that holds nothing else (one a line, blank lines and # comments aside)."""
    if path == "-" or not Path(path).is_file():
        return []
    try:
        lines = Path(path).read_bytes().decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []  # read as an article, whose reading reports the problem
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return urls if urls and all(is_url(url) for url in urls) else []


class Progress:
    """A bar on a terminal; elsewhere (logs, pipes) one plain line per article, on stderr."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.bar = click.progressbar(length=total, label="Ingesting", file=sys.stderr) if sys.stderr.isatty() else None

    def __enter__(self):
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def update(self, outcome: batch_ingest.Outcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            return
        detail = {
            batch_ingest.INGESTED: f"document {outcome.document_id}, {outcome.claims} claims",
            batch_ingest.DUPLICATE: f"already present as document {outcome.document_id}" if outcome.document_id
            else outcome.reason or "already present",
            batch_ingest.FAILED: outcome.reason,
        }[outcome.status]
        click.echo(f"[{self.done}/{self.total}] {outcome.status}: {outcome.item.label} ({detail})", err=True)


def summarise(outcomes: list[batch_ingest.Outcome]) -> int:
    """Print the summary; return how many failed."""
    ingested = [o for o in outcomes if o.status == batch_ingest.INGESTED]
    duplicates = sum(o.status == batch_ingest.DUPLICATE for o in outcomes)
    failed = [o for o in outcomes if o.status == batch_ingest.FAILED]
    claims = sum(o.claims for o in ingested)
    click.echo(f"Ingested {len(ingested)} documents ({claims} claims); {duplicates} already present; "
               f"{len(failed)} failed.")
    for outcome in failed:
        click.echo(f"  failed: {outcome.item.label}: {outcome.reason}")
    return len(failed)
