"""Fixtures: an app on a fresh database per test, on SQLite always and on PostgreSQL when
CLAIMDESK_TEST_DATABASE_URL names a server (each test then gets a schema of its own)."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from service import create_app
from service.db import db, make_engine, normalise_url
from service.migrate import upgrade
from service.users import create_user

DATA = Path(__file__).parent / "data"
SEED_PATH = DATA / "taliban-iran-2019-11-27.txt"
POSTGRES_URL = os.environ.get("CLAIMDESK_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article's body, without its ``date YYYY-MM-DD`` header."""
    raw = SEED_PATH.read_text(encoding="utf-8")
    return re.sub(r"\A\s*date\s+\d{4}-\d{2}-\d{2}\s*", "", raw).strip()


def _postgres_schema_url(base_url: str):
    """A new, empty schema on the server at ``base_url``: (its URL, a function that drops it)."""
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(normalise_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base_url else "?"
    url = f"{base_url}{separator}options=-csearch_path%3D{schema}"

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, drop


class PostgresSchemas:
    """Schemas at the newest migration, one per test at a time. Migrating a schema costs about
    0.25 s, a third of the whole suite on PostgreSQL; emptying one that a finished test used
    costs about 10 ms. So a finished test's schema is emptied (every row deleted, children before
    parents, and every sequence restarted) and handed to the next test, which finds it as fresh
    as a new one: same tables, no rows, ids from 1."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.free: list[str] = []
        self.drops = []
        self.emptying: str | None = None  # the statements that empty a schema; the same for all

    def take(self) -> str:
        if self.free:
            return self.free.pop()
        url, drop = _postgres_schema_url(self.base_url)
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        self.drops.append(drop)
        return url

    def give_back(self, url: str) -> None:
        engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text("SET lock_timeout = '10s'"))  # a leaked transaction fails loudly
                conn.execute(text(self.emptying or self._emptying(conn)))
        finally:
            engine.dispose()
        self.free.append(url)

    def _emptying(self, conn) -> str:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'alembic_version'")).scalars().all()
        parents = conn.execute(text(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
            " JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.contype = 'f' AND n.nspname = current_schema()")).all()
        sequences = conn.execute(text(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")).scalars().all()
        # Children first: a row is deleted before the rows it refers to.
        order, left = [], set(tables)
        while left:
            ready = sorted(t for t in left if not any(p == t and c in left and c != t for c, p in parents))
            if not ready:
                raise RuntimeError(f"foreign keys form a cycle among {sorted(left)}: cannot empty the schema")
            order += ready
            left -= set(ready)
        self.emptying = "; ".join([f'DELETE FROM "{t}"' for t in order]
                                  + [f'ALTER SEQUENCE "{s}" RESTART' for s in sequences])
        return self.emptying

    def close(self) -> None:
        for drop in self.drops:
            drop()


@pytest.fixture(scope="session")
def postgres_schemas():
    if not POSTGRES_URL:
        pytest.skip("CLAIMDESK_TEST_DATABASE_URL is not set")
    schemas = PostgresSchemas(POSTGRES_URL)
    yield schemas
    schemas.close()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file at the newest migration, made once: each test gets a copy of it, because
    running every migration again cost more than most tests themselves. The app still checks
    the copy's revision when it starts (and finds nothing to do)."""
    path = tmp_path_factory.mktemp("template") / "claimdesk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection checkpoints the WAL into the file and removes it
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        target = tmp_path / "claimdesk.sqlite3"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), target)
        yield f"sqlite:///{target}"
        return
    schemas = request.getfixturevalue("postgres_schemas")
    url = schemas.take()
    yield url
    schemas.give_back(url)


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": True,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user and return (user id, bearer token)."""

    def make(name: str, role: str = "analyst"):
        with app.app_context():
            user, token = create_user(db.session, name, role)
            db.session.commit()
            return user.id, token

    return make


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def ingested(client, token: str, body: dict) -> dict:
    """POST an article as ``token`` (an editor) and read the stored document back from its
    Location: the POST answers without the claims (DocumentCreatedSchema); the GET inlines them."""
    response = client.post("/api/documents", json=body, headers=bearer(token))
    assert response.status_code == 201, response.get_json()
    return client.get(response.headers["Location"], headers=bearer(token)).get_json()


@pytest.fixture
def admin_token(make_user):
    return make_user("admin", "admin")[1]


@pytest.fixture
def editor_token(make_user):
    return make_user("eddie", "editor")[1]


@pytest.fixture
def analyst_token(make_user):
    return make_user("ana", "analyst")[1]


@contextlib.contextmanager
def serve_app(app, threads: int = 32):
    """Run ``app`` on a real waitress server at 127.0.0.1 on a free port; yield its base URL."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads, connection_limit=256)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Close every channel from inside the server's own loop; the loop ends when none is left.
        server.task_dispatcher.shutdown()
        try:
            server.trigger.pull_trigger(lambda: [channel.close() for channel in list(server._map.values())])
        except OSError:
            pass  # the loop has already ended and closed its trigger: nothing is left to close
        thread.join(10)


@pytest.fixture
def live_server(app):
    """The test app served by waitress on 127.0.0.1 (port chosen by the OS): its base URL."""
    with serve_app(app) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_app(request, tmp_path_factory):
    """One app, database and set of users for a whole module: for bad-input matrices whose cases
    change nothing, so each case need not pay for a fresh database. Yields (app, tokens by role)."""
    tmp = tmp_path_factory.mktemp("shared")
    if request.param == "sqlite":
        url, schemas = f"sqlite:///{tmp / 'claimdesk.sqlite3'}", None
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), tmp / "claimdesk.sqlite3")
    else:
        schemas = request.getfixturevalue("postgres_schemas")
        url = schemas.take()
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test-secret"})
    app.instance_path = str(tmp / "instance")
    with app.app_context():
        tokens = {role: create_user(db.session, f"shared-{role}", role)[1] for role in ("analyst", "editor", "admin")}
        db.session.commit()
    yield app, tokens
    with app.app_context():
        db.engine.dispose()
    if schemas:
        schemas.give_back(url)


@pytest.fixture
def seeded(app, seed_text):
    """The seed article, ingested; the number of its claims."""
    from service.ingest import ingest_text

    with app.app_context():
        document = ingest_text(db.session, seed_text, title="Taliban in Tehran")
        db.session.commit()
        return len(document.claims)
