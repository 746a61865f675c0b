"""``claimdesk users add NAME --role ROLE`` and ``claimdesk users list``."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from schemas.users import UserCreateSchema
from service import gate, users
from service.cli import cli, database_option, fail
from service.db import db
from service.errors import DomainError
from service.models import ROLES


@cli.group("users")
def users_group():
    """Users and their API tokens."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="analyst", show_default=True)
@database_option
@with_appcontext
def add_user(name, role):
    """Add a user; prints their API token (as the last word), shown only this once."""
    try:
        checked = gate.load(UserCreateSchema(), {"name": name, "role": role})  # the API's own rules
        user, token = users.create_user(db.session, checked["name"], checked["role"])
    except DomainError as error:
        fail(gate.describe(error))
    db.session.commit()
    click.echo(f"Added {user.role} {user.name!r} (id {user.id}). Token: {token}")


@users_group.command("list")
@database_option
@with_appcontext
def list_users():
    """List users: id, name, role, active."""
    for user in users.list_users(db.session):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.id}\t{user.name}\t{user.role}\t{state}")
