"""``claimdesk serve`` and ``claimdesk openapi write`` (``claimdesk ingest`` is in ``service.cli.ingest``).

``serve`` runs the app under waitress. On a database with no users it makes the first admin,
prints that admin's token (the only time it is shown) and loads the sample article, so a fresh
install has something to review.
"""
from __future__ import annotations

import contextlib
import json
import signal
import socket
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress.server import create_server

from service import ingest, logs, offload, users
from service.app import ready_to_serve
from service.cli import cli, database_option, fail
from service.cli.database import describe
from service.cli.inputs import read_jsonl, read_text_article
from service.db import db
from service.config import SettingError
from service.errors import Duplicate

SAMPLE_ARTICLE = Path(__file__).resolve().parent.parent / "data" / "sample-article.txt"
_FIELDS = ("text", "title", "url", "outlet", "published")


def read_article(path: Path) -> dict:
    """An article file: its text, trimmed, and the publication date of a leading ``date YYYY-MM-DD``."""
    article = read_text_article(path)
    return {**article, "text": article["text"].strip()}


def corpus_lines(path: Path) -> list[tuple[str, dict]]:
    """("PATH:LINE", article) for each article of a JSONL file."""
    records = []
    for number, record in read_jsonl(path):
        record.setdefault("outlet", record.get("publisher"))
        records.append((f"{path}:{number}", {key: record.get(key) for key in _FIELDS}))
    return records


# Defaults under which 300 slow or idle connections from one client leave /api/health answering
# well within a second (tests/benchmarks/slow_clients.py). waitress reads and buffers whole
# requests before a thread runs them, so slow clients cost a connection slot, never a thread:
# what they can exhaust is the connection limit (waitress's default is 100).
THREADS = 8
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 30  # seconds a connection may sit idle (waitress's default: 120)


def make_server(app, host: str = "127.0.0.1", port: int = 5000, threads: int = THREADS,
                connection_limit: int = CONNECTION_LIMIT, channel_timeout: int = CHANNEL_TIMEOUT):
    """A waitress server bound to host:port (0: any free port; see ``server.effective_port``)."""
    _allow_open_files(connection_limit + 64)  # sockets, plus database files, logs, the listener
    return create_server(app, host=host, port=port, threads=threads, connection_limit=connection_limit,
                         channel_timeout=channel_timeout, ident="claimdesk",
                         asyncore_use_poll=True)  # select() cannot watch more than 1024 sockets


def _allow_open_files(wanted: int) -> None:
    """Raise this process's soft limit on open files towards ``wanted`` (as far as the hard limit allows)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))


def _check_host(_ctx, _param, host: str) -> str:
    """An address to listen on: an IP address, or a name that resolves."""
    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise click.BadParameter(f"{host!r} is neither an IP address nor a host name that resolves") from None
    return host


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
@click.option("--host", default="127.0.0.1", show_default=True, envvar="CLAIMDESK_HOST", callback=_check_host,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=5000, show_default=True, envvar="CLAIMDESK_PORT", type=click.IntRange(0, 65535))
@click.option("--threads", default=THREADS, show_default=True, envvar="CLAIMDESK_THREADS",
              type=click.IntRange(1, 256), help="Threads that run requests.")
@click.option("--connection-limit", default=CONNECTION_LIMIT, show_default=True, envvar="CLAIMDESK_CONNECTION_LIMIT",
              type=click.IntRange(1, 100_000), help="Open connections at most; more wait to be accepted.")
@click.option("--channel-timeout", default=CHANNEL_TIMEOUT, show_default=True, envvar="CLAIMDESK_CHANNEL_TIMEOUT",
              type=click.IntRange(1, 86_400), help="Seconds before an idle connection is closed.")
@database_option
@with_appcontext
def serve(host, port, threads, connection_limit, channel_timeout):
    """Serve the API and the review page with waitress (for production see docs/deploy.md)."""
    try:
        logs.configure(current_app.config["LOG_LEVEL"])
    except SettingError as error:
        fail(str(error))
    token = first_start()
    if token:
        click.echo("First start: created the user 'admin' and loaded the sample article.")
        click.echo(f"Admin token (shown only now; keep it): {token}")
    db.session.close()
    if not current_app.config.get("DATABASE_POOL_SIZE"):
        db.size_pool(current_app, threads)  # one connection per thread
    try:
        server = make_server(current_app._get_current_object(), host, port, threads, connection_limit,
                             channel_timeout)
    except (OSError, ValueError) as error:
        fail(f"cannot listen on {host}:{port}: {getattr(error, 'strerror', None) or error}")
    base = f"http://{_url_host(host)}:{server.effective_port}"
    click.echo(f"Database: {describe(current_app.config['DATABASE_URL'])}")
    click.echo(f"Review page: {base}/login   API: {base}/api (OpenAPI at {base}/api/openapi.json)")
    click.echo(f"claimdesk serving on {base}/ (Ctrl-C stops)")
    # A service manager (systemd, docker stop) stops the server with SIGTERM: treat it like Ctrl-C,
    # so the listening socket and the extraction workers are closed rather than left behind.
    signal.signal(signal.SIGTERM, _interrupt)
    ready_to_serve()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        offload.shutdown()
        click.echo("claimdesk stopped")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


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
