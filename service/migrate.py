"""Bring a database's schema up to date with Alembic; every command and app start calls this."""
from __future__ import annotations

import os

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
MIGRATION_LOCK = 0x636C61696D  # any fixed number; "claim" in ASCII


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied (a no-op on an up-to-date database)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # gunicorn starts its workers at once: one migrates, the others wait here, then find
            # nothing left to do (the lock ends with the transaction).
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        command.upgrade(alembic_config(connection), "head")


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a migration from the models against ``engine``'s current schema (developers)."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
