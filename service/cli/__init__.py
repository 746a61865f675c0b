"""The ``claimdesk`` command: a FlaskGroup, so commands that need the database get an app context.

Commands that only read text (``extract``, ``evaluate``) never build the app or touch a database.
"""
from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup, ScriptInfo

from service import __version__

EXIT_USAGE = 2


def _create_app():
    from service import create_app

    data = click.get_current_context().find_object(ScriptInfo).data
    config = {"DATABASE_URL": data["database"]} if data.get("database") else {}
    return create_app(config)


def _remember_database(ctx: click.Context, _param, value):
    if value:
        ctx.ensure_object(ScriptInfo).data["database"] = value
    return value


database_option = click.option(
    "--database",
    metavar="URL",
    envvar="CLAIMDESK_DATABASE_URL",
    expose_value=False,
    is_eager=True,
    callback=_remember_database,
    help="sqlite:///PATH or postgresql://… (default: SQLite in the instance folder).",
)


def fail(message: str) -> None:
    """Stop a command on bad input: one line on stderr, exit code 2."""
    click.echo(f"claimdesk: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
@click.version_option(__version__, prog_name="claimdesk")
def cli():
    """claimdesk: claims and their sources, extracted from news and reviewed by analysts."""


def _register_commands() -> None:
    from service.cli import extract  # noqa: F401  (each module adds its commands to ``cli``)
    from service.cli import evaluate  # noqa: F401
    from service.cli import server, users  # noqa: F401
    from service.cli import exports, ingest  # noqa: F401


_register_commands()
