"""``claimdesk users``: add, list, deactivate, activate and rotate (a new token, the old one dead)."""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext

from schemas.users import UserCreateSchema
from service import gate, users
from service.cli import cli, database_option, fail
from service.db import db
from service.errors import DomainError
from service.models import ROLES, utcnow
from service.times import readable

expires_option = click.option(
    "--expires-in", "expires_in", metavar="DAYS", type=click.IntRange(1, 36500),
    help="The token stops working after DAYS days (default: never).")


def _expiry(days: int | None):
    return utcnow() + timedelta(days=days) if days else None


def _expiry_note(user) -> str:
    return f" (expires {readable(user.token_expires_at)})" if user.token_expires_at else ""


@cli.group("users")
def users_group():
    """Users and their API tokens."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="analyst", show_default=True)
@expires_option
@database_option
@with_appcontext
def add_user(name, role, expires_in):
    """Add a user; prints their API token (as the last word), shown only this once."""
    try:
        checked = gate.load(UserCreateSchema(), {"name": name, "role": role})  # the API's own rules
        user, token = users.create_user(db.session, checked["name"], checked["role"], expires_at=_expiry(expires_in))
    except DomainError as error:
        fail(gate.describe(error))
    db.session.commit()
    click.echo(f"Added {user.role} {user.name!r} (id {user.id}){_expiry_note(user)}. Token: {token}")


@users_group.command("list")
@database_option
@with_appcontext
def list_users():
    """List users: id, name, role, active (and token expiry, when set)."""
    for user in users.list_users(db.session):
        state = "active" if user.active else "inactive"
        expiry = f"\ttoken expires {readable(user.token_expires_at)}" if user.token_expires_at else ""
        click.echo(f"{user.id}\t{user.name}\t{user.role}\t{state}{expiry}")


def _set_active(name: str, active: bool) -> None:
    try:
        user = users.get_user_by_name(db.session, name)
        users.update_user(db.session, user, users.Change(active=active))
    except DomainError as error:
        fail(error.message)
    db.session.commit()


@users_group.command("deactivate")
@click.argument("name")
@database_option
@with_appcontext
def deactivate_user(name):
    """Deactivate a user: their token and page sessions stop working at once."""
    _set_active(name, False)
    click.echo(f"Deactivated {name.strip()!r}: their token and page sessions no longer work.")


@users_group.command("activate")
@click.argument("name")
@database_option
@with_appcontext
def activate_user(name):
    """Activate a user again; their existing token works again (rotate it if it may have leaked)."""
    _set_active(name, True)
    click.echo(f"Activated {name.strip()!r}.")


@users_group.command("rotate")
@click.argument("name")
@expires_option
@database_option
@with_appcontext
def rotate_token(name, expires_in):
    """Give a user a new token (printed as the last word, only this once); the old one stops working."""
    try:
        user = users.get_user_by_name(db.session, name)
        token = users.rotate_token(db.session, user, expires_at=_expiry(expires_in))
    except DomainError as error:
        fail(error.message)
    db.session.commit()
    click.echo(f"New token for {user.name!r}{_expiry_note(user)}; the old one no longer works. Token: {token}")
