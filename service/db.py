"""Database engine and sessions, bound to the app in the factory.

One engine per app (kept in ``app.extensions``), one session per app context. Service functions
take that session and flush; the request or the CLI command commits.

On SQLite a request that may write begins with ``BEGIN IMMEDIATE``: a read-then-write transaction
that started deferred cannot upgrade its lock while another writer is active and fails at once
with "database is locked", whatever the busy timeout. PostgreSQL uses row locks instead.
"""
from __future__ import annotations

import os
import threading

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Base(DeclarativeBase):
    pass


def normalise_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs given as they are, the way libpq users write them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    # Writers of this process queue on a lock of ours rather than on SQLite's busy handler, whose
    # back-off sleeps (up to 100 ms a try) made the slowest writes wait far longer than needed.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if not connection.get_execution_options().get("sqlite_immediate"):
            connection.exec_driver_sql("BEGIN")
            return
        writer.acquire()
        connection.info["holds_writer_lock"] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release_writer(connection)
            raise

    def _release_writer(connection, *_args):
        if connection.info.pop("holds_writer_lock", False):
            writer.release()

    event.listen(engine, "commit", _release_writer)
    event.listen(engine, "rollback", _release_writer)


def default_url(app: Flask) -> str:
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "claimdesk.sqlite3")


class Database:
    """The app's database: ``db.init_app(app)`` in the factory, ``db.session`` in app context."""

    def init_app(self, app: Flask) -> None:
        if not app.config.get("DATABASE_URL"):
            app.config["DATABASE_URL"] = default_url(app)
        app.extensions["claimdesk.db"] = make_engine(
            app.config["DATABASE_URL"], app.config.get("DATABASE_POOL_SIZE", 10), app.config.get("DATABASE_MAX_OVERFLOW", 20))
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["claimdesk.db"]

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = Session(self.engine, expire_on_commit=False)
            if has_request_context() and request.method in WRITE_METHODS:
                g.db_session.connection(execution_options={"sqlite_immediate": True})
        return g.db_session

    def end_session(self) -> None:
        """Close this context's session now, releasing its connection and any write lock; the next
        use of ``db.session`` opens a fresh one (a write request's again begins immediate).
        For slow work that needs no database, such as fetching a page, in the middle of a request."""
        self._close_session()

    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @staticmethod
    def _close_session(_exc=None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()
