"""Opening the database from the command line: where it is, said safely, and one-line failures."""
from __future__ import annotations

import contextlib

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from service.cli import database_option, fail
from service.config import SettingError
from service.db import db

POSTGRES_DRIVERS = {"psycopg", "psycopg2", "psycopg_binary"}


def describe(url: str) -> str:
    """The database URL with its password masked (``***``), fit to print."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable URL)"


@contextlib.contextmanager
def startup_errors(url: str | None):
    """Turn the usual ways starting the app fails (a setting, the database) into one line, exit 2."""
    try:
        yield
    except SettingError as error:
        fail(str(error))
    except ModuleNotFoundError as error:
        if error.name not in POSTGRES_DRIVERS:
            raise
        fail("PostgreSQL needs the psycopg driver, which is not installed: pip install 'claimdesk[postgres]'")
    except ArgumentError as error:
        fail(f"not a database URL: {url!r} ({error}); use sqlite:///PATH or postgresql://USER@HOST/DB")
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        fail(f"cannot open the database {describe(url) if url else ''}: {reason}".replace("  ", " "))


@click.command("migrate")
@database_option
@with_appcontext
def migrate():
    """Bring the database schema up to date (every command and app start does this too)."""
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    click.echo(f"Database {describe(current_app.config['DATABASE_URL'])} is at revision {revision} (the latest).")
