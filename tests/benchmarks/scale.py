#!/usr/bin/env python3
"""The queue and the API at scale: the same requests at N = 10k and at N = 1M claims.

Builds the claims through the project's own bulk path (tests/benchmarks/scale_build.py): the
PolNeAR dev articles are extracted once and ingested once, then written again and again as
distinct documents through ``service.bulk`` until the database holds N claims (1M in minutes). A
fifth of the claims, the oldest, are decided, as on a desk that has worked for a while. After each size the app is served by waitress in a child process (8
threads) and one client measures, over HTTP on 127.0.0.1:

  - lease (POST /api/queue/lease), decide (PATCH /api/claims/<id>) and the combined
    POST /api/queue/decide: p50 and p99;
  - the first, middle and last page of GET /api/claims under each filter, of GET /api/documents,
    and of the overview GET /api/queue: p50;

each with its ratio to the same figure at 10k. On PostgreSQL it also prints EXPLAIN ANALYZE of
the lease query. PostgreSQL runs in a database of its own (created here, dropped at the end);
SQLite in a temporary folder.

    python3 tests/benchmarks/scale.py                 # PostgreSQL to 1M, then SQLite to 100k
    python3 tests/benchmarks/scale.py --backend sqlite --sizes 10000,100000
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import requests
from sqlalchemy import create_engine, func, select, text

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from service import create_app, documents, ingest, queue  # noqa: E402
from service.db import db, normalise_url  # noqa: E402
from service.documents import ClaimFilter  # noqa: E402
from service.models import Claim, Document, User  # noqa: E402
from service.users import create_user  # noqa: E402
from tests.benchmarks.scale_build import Builder  # noqa: E402

DEV = REPO.parent / "shared" / "eval" / "polnear-dev.jsonl"
PG_SERVER = os.environ.get("CLAIMDESK_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
REPEAT_WRITES = 200
REPEAT_READS = 21
SERVER = """
import logging, sys
from waitress.server import create_server
from service import create_app
logging.getLogger("waitress.queue").setLevel(logging.ERROR)
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "benchmark", "DATABASE_POOL_SIZE": 8})
server = create_server(app, host="127.0.0.1", port=0, threads=8, connection_limit=256)
print(server.effective_port, flush=True)
server.run()
"""


def corpus() -> list[ingest.Article]:
    """The dev articles, checked and extracted once."""
    articles = []
    for line in DEV.open(encoding="utf-8"):
        record = json.loads(line)
        articles.append(ingest.prepare(record["text"], outlet=record.get("publisher")))
    return articles


@contextlib.contextmanager
def serving(database_url: str):
    child = subprocess.Popen([sys.executable, "-c", SERVER, database_url], stdout=subprocess.PIPE, text=True,
                             cwd=REPO)
    try:
        yield f"http://127.0.0.1:{int(child.stdout.readline())}"
    finally:
        child.terminate()
        child.wait(10)
        child.stdout.close()


def timed(call) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = call()
    return (time.perf_counter() - t0) * 1000, result


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[98]


class Client:
    """One analyst's HTTP session against one server."""

    def __init__(self, base: str, token: str):
        self.base, self.http = base, requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.claim = None  # the claim the combined call decides next
        self.times: dict[str, list[float]] = {}

    def record(self, kind: str, ms: float) -> None:
        self.times.setdefault(kind, []).append(ms)

    def lease_and_patch(self) -> None:
        ms, got = timed(lambda: self.http.post(f"{self.base}/api/queue/lease", json={}))
        assert got.status_code == 200, got.text
        self.record("lease", ms)
        claim = got.json()["claim"]
        ms, done = timed(lambda: self.http.patch(f"{self.base}/api/claims/{claim['id']}", json={"status": "confirmed"},
                                                 headers={"If-Match": got.headers["ETag"]}))
        assert done.status_code == 200, done.text
        self.record("decide (PATCH)", ms)

    def decide_and_next(self, n: int) -> None:
        if self.claim is None:
            self.claim = self.http.post(f"{self.base}/api/queue/lease", json={}).json()["claim"]
        ms, done = timed(lambda: self.http.post(f"{self.base}/api/queue/decide", json={
            "claim_id": self.claim["id"], "version": self.claim["version"],
            "status": ("confirmed", "inconclusive")[n % 2]}))
        assert done.status_code == 200, done.text
        self.record("POST /api/queue/decide", ms)
        self.claim = done.json()["next"]

    def read(self, kind: str, url: str) -> None:
        ms, got = timed(lambda: self.http.get(self.base + url))
        assert got.status_code == 200, (url, got.text)
        self.record(kind, ms)


def measure(clients: list[Client], targets: list[list]) -> None:
    """The same requests on every server, interleaved one by one, so that the machine's load
    (shared with others) weighs on every size alike."""
    for _ in range(REPEAT_WRITES):
        for client in clients:
            client.lease_and_patch()
    for n in range(REPEAT_WRITES):
        for client in clients:
            client.decide_and_next(n)
    for rows in zip(*targets):
        for page in ("first", "middle", "last"):
            for _ in range(REPEAT_READS):
                for client, (label, path, pages) in zip(clients, rows):
                    after = pages[page]
                    url = path + ("" if after is None else ("&" if path[-1] != "?" else "") + f"after={after}")
                    client.read(f"{label} [{page}]", url.rstrip("?"))


def list_targets(app) -> list[tuple[str, str, dict]]:
    """(label, path, {page: after}) for every list measured: the after values are found in SQL."""
    with app.app_context():
        session = db.session
        top = session.scalar(select(func.max(Claim.id)))
        middle_doc = session.scalar(select(func.max(Document.id))) // 2 + 1
        targets = []
        for query in ("", "status=unreviewed", "status=confirmed", "named=true", "named=false",
                      "source=trump", f"document_id={middle_doc}"):
            matching = select(Claim.id).where(*documents.claim_conditions(ClaimFilter(**_filter_args(query))))
            middle = session.scalar(matching.where(Claim.id > top // 2).order_by(Claim.id).limit(1))
            tail = session.scalar(matching.order_by(Claim.id.desc()).offset(50).limit(1))
            pages = {"first": None, "middle": (middle or 1) - 1, "last": tail}
            label = "document_id=<middle>" if query.startswith("document_id") else query or "(no filter)"
            targets.append((f"claims {label}", f"/api/claims?{query}", pages))
        top_doc = session.scalar(select(func.max(Document.id)))
        targets.append(("documents", "/api/documents?", {"first": None, "middle": top_doc // 2, "last": 21}))
        targets.append(("overview", "/api/queue?", {"first": None, "middle": top_doc // 2, "last": top_doc - 49}))
    return targets


def _filter_args(query: str) -> dict:
    if not query:
        return {}
    key, value = query.split("=", 1)
    if key in ("document_id",):
        return {key: int(value)}
    if key == "named":
        return {key: value == "true"}
    return {key: value}


def lease_in_process(built: list, repeat: int = REPEAT_WRITES) -> list[dict]:
    """The lease service call alone (no HTTP): lease, then release by a decision, ``repeat``
    times on each database in turn; milliseconds of ``queue.lease_next`` + commit."""
    from service import review

    times = [[] for _ in built]
    contexts = [app.app_context() for app, _token in built]
    for _ in range(repeat):
        for n, context in enumerate(contexts):
            with context:
                session = db.session
                user = session.scalar(select(User).where(User.name == "bench-analyst"))
                t0 = time.perf_counter()
                claim = queue.lease_next(session, user)
                session.commit()
                times[n].append((time.perf_counter() - t0) * 1000)
                review.decide(session, claim.id, user, review.Decision("confirmed"), based_on=[claim.version])
                session.commit()
                db.session.close()
                del session
    return [{"lease (service call, no HTTP)": values} for values in times]


def explain_lease(app) -> str:
    with app.app_context():
        session = db.session
        user = session.scalar(select(User).where(User.name == "bench-analyst"))
        query = queue.next_free_query(user.id, datetime.now(timezone.utc), None, "unreviewed")
        compiled = query.compile(dialect=db.engine.dialect)
        connection = session.connection()
        plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + str(compiled), compiled.params).all()
        session.rollback()
    return "\n".join("    " + row[0] for row in plan)


def build(name: str, database_url: str, size: int, articles) -> tuple[object, str]:
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "benchmark"})
    with app.app_context():
        _user, token = create_user(db.session, "bench-analyst", "analyst")
        db.session.commit()
    builder = Builder(app, articles, "bench-analyst")
    seconds = builder.grow_to(size)
    tables = ", ".join(f"{table} {spent:.0f} s" for table, spent in builder.seconds.items())
    print(f"{name}: {builder.claims} claims in {builder.copies} documents, built in {seconds:.0f} s "
          f"({builder.claims / max(seconds, 1e-9):.0f} claims/s; writing {tables})", flush=True)
    return app, token


def run_backend(name: str, urls: list[str], sizes: list[int], articles) -> None:
    built = [build(name, url, size, articles) for url, size in zip(urls, sizes)]
    try:
        targets = [list_targets(app) for app, _token in built]
        with contextlib.ExitStack() as stack:
            bases = [stack.enter_context(serving(url)) for url in urls]
            clients = [Client(base, token) for base, (_app, token) in zip(bases, built)]
            measure(clients, targets)
        for client, extra in zip(clients, lease_in_process(built)):
            client.times.update(extra)
        if name == "postgresql":
            for (app, _token), size in zip(built, sizes):
                print(f"  EXPLAIN ANALYZE of the lease query at {size} claims:\n" + explain_lease(app))
        report(name, sizes, clients)
    finally:
        for app, _token in built:
            with app.app_context():
                db.engine.dispose()


def report(name: str, sizes: list[int], clients: list[Client]) -> None:
    small, big = clients[0].times, clients[-1].times
    label = f"{sizes[-1]:,} vs {sizes[0]:,} claims"
    print(f"\n{name}: {label} (same run, requests interleaved)")
    print(f"  {'request':<42} {'p50 small':>9} {'p50 big':>8} {'ratio':>6}   {'p99 small':>9} {'p99 big':>8} {'ratio':>6}")
    for kind in small:
        (s50, s99), (b50, b99) = percentiles(small[kind]), percentiles(big[kind])
        print(f"  {kind:<42} {s50:9.2f} {b50:8.2f} {b50 / s50:6.2f}   {s99:9.2f} {b99:8.2f} {b99 / s99:6.2f}")
    sys.stdout.flush()


@contextlib.contextmanager
def postgres_databases(count: int):
    """``count`` new databases on the PostgreSQL server, dropped afterwards."""
    admin = create_engine(normalise_url(f"{PG_SERVER}/postgres"), isolation_level="AUTOCOMMIT")
    names = [f"bench_scale_{os.getpid()}_{n}" for n in range(count)]
    try:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield [f"{PG_SERVER}/{name}" for name in names]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--sizes", help="claim counts, comma-separated (default: 10000,1000000 on "
                                        "PostgreSQL, 10000,100000 on SQLite)")
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so that the databases are dropped
    started = time.perf_counter()
    articles = corpus()
    print(f"{len(articles)} PolNeAR dev articles, {sum(len(a.extraction.claims) for a in articles)} claims "
          f"per round; extracted once in {time.perf_counter() - started:.1f} s")
    custom = [int(n) for n in options.sizes.split(",")] if options.sizes else None
    if options.backend in ("postgresql", "both"):
        sizes = custom or [10_000, 1_000_000]
        with postgres_databases(len(sizes)) as urls:
            run_backend("postgresql", urls, sizes, articles)
    if options.backend in ("sqlite", "both"):
        sizes = custom or [10_000, 100_000]
        with tempfile.TemporaryDirectory() as folder:
            urls = [f"sqlite:///{folder}/scale-{size}.sqlite3" for size in sizes]
            run_backend("sqlite", urls, sizes, articles)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
