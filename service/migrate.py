"""Bring a database's schema up to date with Alembic; every command and app start calls this."""
from __future__ import annotations

import os

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied (a no-op on an up-to-date database)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a migration from the models against ``engine``'s current schema (developers)."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
