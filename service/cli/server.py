"""``claimdesk serve``, ``claimdesk ingest`` and ``claimdesk openapi write``.

``serve`` runs the app under waitress. On a database with no users it makes the first admin,
prints that admin's token (the only time it is shown) and loads the sample article, so a fresh
install has something to review.
"""
from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress.server import create_server

from service import ingest, users
from service.cli import cli, database_option, fail
from service.cli.inputs import is_jsonl, read_jsonl, read_text_article
from service.db import db
from service.errors import DomainError, Duplicate

SAMPLE_ARTICLE = Path(__file__).resolve().parent.parent / "data" / "sample-article.txt"
_FIELDS = ("text", "title", "url", "outlet", "published")


def read_article(path: Path) -> dict:
    """An article file: its text, trimmed, and the publication date of a leading ``date YYYY-MM-DD``."""
    article = read_text_article(path)
    return {**article, "text": article["text"].strip()}


def read_corpus(path: Path) -> list[dict]:
    """Articles one per line: ``text`` and optional title, url, outlet (or publisher), published."""
    records = []
    for _number, record in read_jsonl(path):
        record.setdefault("outlet", record.get("publisher"))
        records.append({key: record.get(key) for key in _FIELDS})
    return records


def make_server(app, host: str = "127.0.0.1", port: int = 5000, threads: int = 8):
    """A waitress server bound to host:port (0: any free port; see ``server.effective_port``)."""
    return create_server(app, host=host, port=port, threads=threads, ident="claimdesk")


def first_start() -> str | None:
    """On a database without users: make the admin, load the sample article; return the token."""
    session = db.session
    if users.count_users(session):
        return None
    _admin, token = users.create_user(session, "admin", "admin")
    with contextlib.suppress(Duplicate):
        ingest.ingest_text(session, **read_article(SAMPLE_ARTICLE), title="Sample: the Taliban in Iran")
    session.commit()
    return token


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@database_option
@with_appcontext
def serve(host, port, threads):
    """Serve the API and the review page with waitress."""
    token = first_start()
    if token:
        click.echo("First start: created the user 'admin' and loaded the sample article.")
        click.echo(f"Admin token (shown only now; keep it): {token}")
    db.session.close()
    if not current_app.config.get("DB_POOL_SIZE"):
        db.size_pool(current_app, threads)  # one connection per thread
    try:
        server = make_server(current_app._get_current_object(), host, port, threads)
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}")
    base = f"http://{host}:{server.effective_port}"
    click.echo(f"Review page: {base}/login   API: {base}/api (OpenAPI at {base}/api/openapi.json)")
    click.echo(f"claimdesk serving on {base}/ (Ctrl-C stops)")
    try:
        server.run()
    except KeyboardInterrupt:
        server.close()


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the article (one text file only).")
@click.option("--outlet", help="Outlet of the text files' articles.")
@click.option("--published", help="Publication date YYYY-MM-DD of the text files' articles.")
@database_option
@with_appcontext
def ingest_command(paths, title, outlet, published):
    """Ingest articles: text files (an optional first line 'date YYYY-MM-DD') or JSONL files."""
    texts = [path for path in paths if not is_jsonl(path)]
    if title and len(texts) != 1:
        fail("--title names one article; give exactly one text file with it")
    records = []
    for path in paths:
        if path in texts:
            records.append({**read_article(path), **_given(title=title, outlet=outlet, published=published)})
        else:
            records.extend(read_corpus(path))
    added, duplicates, claims = _ingest_all(records)
    click.echo(f"Ingested {added} documents ({claims} claims); {duplicates} already present.")


def _given(**options) -> dict:
    return {key: value for key, value in options.items() if value}


def _ingest_all(records: list[dict]) -> tuple[int, int, int]:
    added = duplicates = claims = 0
    with click.progressbar(records, label="Ingesting", file=sys.stderr) as bar:
        for number, record in enumerate(bar, 1):
            try:
                document = ingest.ingest_text(db.session, **record)
            except Duplicate:
                duplicates += 1
                continue
            except DomainError as error:
                db.session.commit()
                fail(f"article {number}: {error.message} (the {added} before it are stored)")
            db.session.commit()
            added += 1
            claims += len(document.claims)
    return added, duplicates, claims


@cli.group("openapi")
def openapi():
    """The API's OpenAPI 3 document."""


@openapi.command("write")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@database_option
@with_appcontext
def write_openapi(path):
    """Write the OpenAPI document to PATH (docs/openapi.json in the repository)."""
    from service.api import api

    document = json.dumps(api.spec.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)
    try:
        path.write_text(document + "\n", encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}")
    click.echo(f"Wrote {path}")
