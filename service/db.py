"""Database engine and sessions, bound to the app in the factory.

One engine per app (kept in ``app.extensions``), one session per app context. Service functions
take that session and flush; the request or the CLI command commits.

On SQLite a request that may write begins with ``BEGIN IMMEDIATE``: a read-then-write transaction
that started deferred cannot upgrade its lock while another writer is active and fails at once
with "database is locked", whatever the busy timeout. PostgreSQL uses row locks instead.

A write request's session binds to the engine's *writer* variant: every transaction it begins,
not only its first, is ``BEGIN IMMEDIATE``. A view may therefore end a read-only transaction
(``db.session.commit()``) before slow work such as extraction, and the write that follows takes
the lock again only for as long as it writes.

A request that only reads (GET) begins no transaction on SQLite: each statement reads the latest
commit, as under PostgreSQL's READ COMMITTED, and the request saves a BEGIN and a ROLLBACK.

A request whose services run Core statements only (authentication, reading or deciding a claim,
leasing) uses ``db.connection()`` and ``db.commit()``: a pooled connection and its transaction,
without an ORM session, whose set-up and teardown cost more than a statement. Should the request
need the session after all, ``db.session`` takes over that connection and its transaction, so a
request still has one connection and one transaction. Such services take either (``connection_of``).

A view marked ``@db.writes_late`` reads that way too, without the lock, and its service calls
:func:`begin_writing` just before its first write: a compare-and-set (``UPDATE … WHERE version =
?``) then holds the lock for its few statements only. A writer that holds the lock while it waits
for the GIL between statements makes every other writer wait too, so the lock must not span the
request's reads and Python work.
"""
from __future__ import annotations

import functools
import os
import threading

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
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


DEFAULT_POOL_SIZE = 8  # the serve command's default number of threads
DEFAULT_MAX_OVERFLOW = 2


def make_engine(url: str, pool_size: int = DEFAULT_POOL_SIZE, max_overflow: int = DEFAULT_MAX_OVERFLOW) -> Engine:
    """An engine for ``url``; on PostgreSQL a pool of ``pool_size`` connections, one per server
    thread, so that no request opens and closes an overflow connection (a new backend process
    each time). LIFO keeps the busy connections warm; connections are recycled hourly instead of
    pinged before every checkout, which cost a round trip per request."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=pool_size, max_overflow=max_overflow)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=max_overflow,
                         pool_use_lifo=True, pool_recycle=3600)


def _configure_sqlite(engine: Engine) -> None:
    # Writers of this process queue on a lock of ours rather than on SQLite's busy handler, whose
    # back-off sleeps (up to 100 ms a try) made the slowest writes wait far longer than needed.
    writer = threading.Lock()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        record.info["sqlite_writer"] = writer  # for begin_writing

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        options = connection.get_execution_options()
        if options.get("sqlite_immediate"):
            _take_writer(connection, "BEGIN IMMEDIATE")
        elif not options.get("sqlite_reads"):
            # Straight to the driver: a read transaction per request, not worth a full execution.
            connection.connection.driver_connection.execute("BEGIN")

    @event.listens_for(engine, "commit")
    def _on_commit(connection):
        # SQLAlchemy fires "commit" before it commits: commit here ourselves, then hand the lock
        # on, so the next writer never finds SQLite's own lock still held and sleeps in its busy
        # handler. (The driver's commit() that follows finds no open transaction: a no-op.)
        if connection.info.get("holds_writer_lock"):
            connection.connection.driver_connection.execute("COMMIT")
            _release_writer(connection)

    event.listen(engine, "rollback", _release_writer)


def _take_writer(connection, *statements: str) -> None:
    """Take this process's SQLite writer lock for ``connection``, then run ``statements`` (which
    begin an immediate transaction)."""
    connection.info["sqlite_writer"].acquire()
    connection.info["holds_writer_lock"] = True
    try:
        for statement in statements:
            connection.exec_driver_sql(statement)
    except BaseException:
        _release_writer(connection)
        raise


def _release_writer(connection, *_args) -> None:
    if connection.info.pop("holds_writer_lock", False):
        connection.info["sqlite_writer"].release()


def connection_of(session: Session | Connection) -> Connection:
    """The connection a service runs its Core statements on: the session's, or the one given."""
    return session.connection() if isinstance(session, Session) else session


def begin_writing(session: Session | Connection) -> None:
    """Make the session's transaction one that may write, before its first write, for a service
    that read without the lock and writes with a compare-and-set (``@db.writes_late``).

    On SQLite that ends the read snapshot and begins ``BEGIN IMMEDIATE`` on the same connection,
    under the writer lock; the commit (or rollback) that ends the request releases it. Nothing
    happens on PostgreSQL, whose row locks need no such step, or when the lock is held already.
    """
    connection = connection_of(session)
    if "sqlite_writer" in connection.info and not connection.info.get("holds_writer_lock"):
        reading = connection.connection.driver_connection.in_transaction
        _take_writer(connection, *(["COMMIT"] if reading else []), "BEGIN IMMEDIATE")


def default_url(app: Flask) -> str:
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "claimdesk.sqlite3")


class Database:
    """The app's database: ``db.init_app(app)`` in the factory, ``db.session`` in app context."""

    def init_app(self, app: Flask) -> None:
        if not app.config.get("DATABASE_URL"):
            app.config["DATABASE_URL"] = default_url(app)
        self.size_pool(app, app.config.get("DATABASE_POOL_SIZE") or DEFAULT_POOL_SIZE)
        app.teardown_appcontext(self._close_session)

    @staticmethod
    def size_pool(app: Flask, size: int) -> None:
        """(Re)make the app's engine with a pool of ``size`` connections (the serve command
        calls this with its number of threads, unless DATABASE_POOL_SIZE is set)."""
        old = app.extensions.get("claimdesk.db")
        overflow = app.config.get("DATABASE_MAX_OVERFLOW", DEFAULT_MAX_OVERFLOW)
        engine = make_engine(app.config["DATABASE_URL"], size, overflow)
        app.extensions["claimdesk.db"] = engine
        app.extensions["claimdesk.db.writer"] = engine.execution_options(sqlite_immediate=True)
        # Requests that only read, and @writes_late views until they begin writing: on SQLite no
        # BEGIN, so each statement reads the latest commit, as in PostgreSQL's READ COMMITTED.
        app.extensions["claimdesk.db.reader"] = engine.execution_options(sqlite_reads=True)
        if old is not None:
            old.dispose()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["claimdesk.db"]

    @staticmethod
    def writes_late(view):
        """Mark a write view whose service reads without the writer lock and calls
        :func:`begin_writing` before it writes (see the module's docstring). Put it above the
        decorators that authenticate, which use the session first."""

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            g.db_writes_late = True
            return view(*args, **kwargs)

        return wrapper

    @property
    def session(self) -> Session:
        session = g.get("db_session")  # one look-up of g: this runs several times a request
        if session is None:
            connection = g.get("db_connection")
            if connection is None:
                session = Session(current_app.extensions[self._bind_name()], expire_on_commit=False)
            else:  # the request's connection, its transaction the session's to commit or roll back
                session = Session(connection, join_transaction_mode="control_fully", expire_on_commit=False)
                # Join now: a session that has not used the connection yet would commit nothing,
                # leaving the transaction (and on SQLite the writer lock) open.
                session.connection()
            g.db_session = session
        return session

    def connection(self) -> Connection:
        """This context's connection for Core statements, without an ORM session; once the
        context has a session, the session's connection (see the module's docstring)."""
        session = g.get("db_session")
        if session is not None:
            return session.connection()
        connection = g.get("db_connection")
        if connection is None:
            connection = g.db_connection = current_app.extensions[self._bind_name()].connect()
        return connection

    def commit(self) -> None:
        """Commit this context's transaction, the session's or the bare connection's."""
        session = g.get("db_session")
        if session is not None:
            session.commit()
        elif "db_connection" in g:
            g.db_connection.commit()

    @staticmethod
    def _bind_name() -> str:
        if not has_request_context():  # the CLI, tests: transactions as SQLAlchemy begins them
            return "claimdesk.db"
        if request.method not in WRITE_METHODS or g.get("db_writes_late"):
            return "claimdesk.db.reader"
        return "claimdesk.db.writer"

    def end_session(self) -> None:
        """Close this context's session now, releasing its connection and any write lock; the next
        use of ``db.session`` opens a fresh one (a write request's again begins immediate).
        For slow work that needs no database, such as fetching a page, in the middle of a request."""
        self._close_session()

    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @staticmethod
    def _close_session(_exc=None) -> None:
        session, connection = g.pop("db_session", None), g.pop("db_connection", None)
        if session is not None:
            session.close()
        if connection is not None:  # after the session, which rolls back what it did not commit
            connection.close()


db = Database()
