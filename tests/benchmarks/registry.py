"""Benchmark: what the source registry costs.

1. Ingest: N distinct articles (the seed article and written variants naming other people and
   outlets) with registry linking, against the same ingest with ``sources.link_document`` made a
   no-op, in the same run on the same kind of database (baseline = without linking).
2. Reads: GET /api/sources (most cited first) and GET /api/sources/suggestions over the entries
   those articles made, plus entries added to reach ENTRIES, timed per call.

SQLite in a temporary file, and PostgreSQL when CLAIMDESK_TEST_DATABASE_URL is set (fresh schema).

Run from the repository root:  python3 -m tests.benchmarks.registry
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from service import create_app, sources
from service.db import db, normalise_url
from service.ingest import ingest_text
from service.models import Source, SourceAlias
from service.users import create_user

REPO = Path(__file__).resolve().parents[2]
SEED = (REPO / "tests" / "data" / "taliban-iran-2019-11-27.txt").read_text(encoding="utf-8").strip()
ARTICLES = 60
ENTRIES = 5000
GIVEN = ["Amir", "Sara", "Karim", "Lena", "Omar", "Nadia", "Yusuf", "Mina", "Reza", "Hana"]
FAMILY = ["Rahimi", "Haddad", "Karimi", "Nazari", "Sadeghi", "Farahani", "Jafari", "Azizi"]


def article(n: int) -> str:
    person = f"{GIVEN[n % len(GIVEN)]} {FAMILY[n % len(FAMILY)]}"
    outlet = f"{FAMILY[(n + 3) % len(FAMILY)]} News Agency"
    return (f"{SEED}\n{person}, a spokesman, said the talks would go on. {outlet} reported the visit. "
            f"{person.split()[1]} said the delegation left on day {n}. Article {n}.")


def app_for(url: str):
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench"})
    app.instance_path = tempfile.mkdtemp()
    return app


def ingest_seconds(url: str, link: bool) -> float:
    app = app_for(url)
    original = sources.link_document
    if not link:
        sources.link_document = lambda *args, **kwargs: {}
    try:
        with app.app_context():
            started = time.perf_counter()
            for n in range(ARTICLES):
                ingest_text(db.session, article(n))
                db.session.commit()
            return time.perf_counter() - started
    finally:
        sources.link_document = original
        with app.app_context():
            db.engine.dispose()


def read_timings(url: str) -> dict[str, float]:
    app = app_for(url)
    with app.app_context():
        for n in range(ARTICLES):
            ingest_text(db.session, article(n))
        missing = ENTRIES - db.session.query(Source).count()
        for n in range(max(0, missing)):
            name = f"{GIVEN[n % 10]} {FAMILY[n % 8]} {n}" if n % 2 else f"Outlet {n} Daily"
            entry = Source(key=name.lower(), name=name, kind="person" if n % 2 else "media", named=True, version=1)
            db.session.add(entry)
            db.session.flush()
            db.session.add(SourceAlias(source_id=entry.id, scope="global", key=name.lower(), name=name, origin="extracted"))
        _user, token = create_user(db.session, "bench", "analyst")
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    timings = {}
    for label, path in (("GET /api/sources", "/api/sources"), ("GET /api/sources?q=rahimi", "/api/sources?q=rahimi"),
                        ("GET /api/sources/suggestions", "/api/sources/suggestions")):
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            assert client.get(path, headers=headers).status_code == 200
            runs.append(time.perf_counter() - started)
        timings[label] = statistics.median(runs)
    with app.app_context():
        db.engine.dispose()
    return timings


def databases():
    tmp = tempfile.mkdtemp()
    yield "sqlite", lambda tag: f"sqlite:///{tmp}/{tag}.sqlite3", None
    base = os.environ.get("CLAIMDESK_TEST_DATABASE_URL")
    if base:
        admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
        schemas = []

        def url(tag):
            schema = f"bench_{tag}_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            schemas.append(schema)
            return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"

        def drop():
            with admin.connect() as conn:
                for schema in schemas:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

        yield "postgresql", url, drop


def main() -> None:
    for name, url, drop in databases():
        without = ingest_seconds(url("plain"), link=False)
        with_registry = ingest_seconds(url("linked"), link=True)
        print(f"{name}: ingest {ARTICLES} articles: {without:.2f} s without registry linking (baseline), "
              f"{with_registry:.2f} s with it ({with_registry / without:.2f}x)")
        for label, seconds in read_timings(url("reads")).items():
            print(f"{name}: {label} over {ENTRIES} entries: {seconds * 1000:.1f} ms (median of 5)")
        if drop:
            drop()


if __name__ == "__main__":
    main()
