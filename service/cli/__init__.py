"""The ``claimdesk`` command: a FlaskGroup, so commands that need the database get an app context.

Commands that only read text (``extract``, ``evaluate``) never build the app or touch a database,
and neither does ``--help``. Every usage error is one line on stderr with exit status 2.
"""
from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup, ScriptInfo

from service import __version__

EXIT_USAGE = 2


def _create_app():
    from service import create_app
    from service.cli.database import startup_errors

    data = click.get_current_context().find_object(ScriptInfo).data
    config = {"DATABASE_URL": data["database"]} if data.get("database") else {}
    with startup_errors(config.get("DATABASE_URL")):
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


class ClaimdeskGroup(FlaskGroup):
    """FlaskGroup without its app loading for --help and command lookup (which made an instance
    folder and a database), without Flask's --app, --env-file and --debug (claimdesk has one app,
    reads CLAIMDESK_* variables and never runs Flask's debugger), and with one-line usage errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params = [param for param in self.params if param.name not in {"app", "env_file", "debug"}]

    def get_command(self, ctx, name):
        return click.Group.get_command(self, ctx, name)

    def list_commands(self, ctx):
        return click.Group.list_commands(self, ctx)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "claimdesk"
            fail(f"{error.format_message()} (see '{command} --help')")
        except click.ClickException as error:
            fail(error.format_message())
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(
    cls=ClaimdeskGroup,
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
    from service.cli import corroboration, exports, ingest, learning, server, users  # noqa: F401
    from service.cli.database import migrate

    cli.add_command(migrate)


_register_commands()
