"""Benchmark: analysts draining the review queue over HTTP on a real waitress server.

The server runs in a child process; each analyst is a client thread here and loops: POST
/api/queue/lease, then PATCH /api/claims/<id> with the lease's ETag in If-Match, until the queue answers 204. Three copies of the seed article (distinct texts: a title
line is appended, since identical text is refused as a duplicate) are drained by 1, 8 and 32
analysts, on SQLite and on PostgreSQL (CLAIMDESK_TEST_DATABASE_URL, default
postgresql://postgres@127.0.0.1:5432/test, in a fresh schema). Every run checks that every claim
was decided exactly once, that no request got a 5xx and that nothing is left unreviewed.
The 1-analyst run is the baseline the others are compared with.

Run from the repository root:  python3 -m tests.benchmarks.review_queue  (bounded well under 3 minutes)
"""
from __future__ import annotations

import os
import sys

if __name__ == "__main__" and sys.path[0] == os.path.dirname(os.path.abspath(__file__)):
    # Run as a script: this directory on sys.path would make this file shadow the stdlib ``queue``.
    sys.path[0] = os.path.dirname(os.path.dirname(sys.path[0]))

import collections  # noqa: E402
import contextlib  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import requests  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from service import create_app  # noqa: E402
from service.db import db  # noqa: E402
from service.ingest import ingest_text  # noqa: E402
from service.models import Claim, ClaimEvent  # noqa: E402
from service.users import create_user  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "taliban-iran-2019-11-27.txt"
DECISIONS = ("confirmed", "inconclusive", "disputed")
TIME_LIMIT = 150  # seconds for the whole benchmark; each drain stops itself well before


def seed_copies(app, copies: int) -> int:
    """Ingest ``copies`` distinct copies of the seed article; return the number of claims."""
    text = SEED.read_text(encoding="utf-8").strip()
    with app.app_context():
        for n in range(copies):
            ingest_text(db.session, f"{text}\nCopy {n + 1} of the seed article.", title=f"Seed copy {n + 1}")
        db.session.commit()
        return db.session.scalar(select(func.count(Claim.id)))


def analysts(app, count: int) -> list[str]:
    with app.app_context():
        tokens = [create_user(db.session, f"analyst{n}", "analyst")[1] for n in range(count)]
        db.session.commit()
    return tokens


def drain(base_url: str, tokens: list[str], deadline: float) -> dict:
    """Let every analyst lease and decide until the queue is empty; return what happened."""
    statuses = collections.Counter()
    decided, errors = [], []
    lock = threading.Lock()

    def work(token: str, n: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with requests.Session() as http:
            while time.monotonic() < deadline:
                lease = http.post(f"{base_url}/api/queue/lease", json={}, headers=headers, timeout=60)
                with lock:
                    statuses[("lease", lease.status_code)] += 1
                if lease.status_code != 200:
                    return
                claim = lease.json()["claim"]
                status = DECISIONS[(claim["id"] + n) % len(DECISIONS)]
                answer = http.patch(
                    f"{base_url}/api/claims/{claim['id']}", headers={**headers, "If-Match": lease.headers["ETag"]},
                    json={"status": status, "note": "checked against the wire copy"}, timeout=60,
                )
                with lock:
                    statuses[("decide", answer.status_code)] += 1
                    if answer.status_code == 200:
                        decided.append(claim["id"])

    def guarded(token: str, n: int) -> None:
        try:
            work(token, n)
        except Exception as error:  # reported, not swallowed: the caller asserts there are none
            errors.append(repr(error))

    threads = [threading.Thread(target=guarded, args=(t, n)) for n, t in enumerate(tokens)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"seconds": time.perf_counter() - started, "statuses": statuses, "decided": decided, "errors": errors}


def check_drained(app, result: dict, total: int) -> None:
    """Every claim decided exactly once, by the HTTP answers and by the stored history."""
    assert result["errors"] == [], result["errors"]
    assert not [key for key in result["statuses"] if key[1] >= 500], result["statuses"]
    assert sorted(result["decided"]) == sorted(set(result["decided"])) and len(result["decided"]) == total
    with app.app_context():
        left = db.session.scalar(select(func.count(Claim.id)).where(Claim.status == "unreviewed"))
        events = db.session.execute(select(ClaimEvent.claim_id, func.count()).group_by(ClaimEvent.claim_id)).all()
    assert left == 0, f"{left} claims left unreviewed"
    assert len(events) == total and {count for _, count in events} == {1}


# The server runs in a process of its own, so the analysts' client threads do not compete with
# it for this interpreter's GIL.
SERVER = """
import logging, sys
from waitress.server import create_server
from service import create_app
logging.getLogger("waitress.queue").setLevel(logging.ERROR)
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "benchmark"})
server = create_server(app, host="127.0.0.1", port=0, threads=int(sys.argv[2]), connection_limit=256)
print(server.effective_port, flush=True)
server.run()
"""


@contextlib.contextmanager
def server_process(database_url: str, threads: int):
    """waitress serving the app at 127.0.0.1 on a free port, in a child process; yield its URL."""
    child = subprocess.Popen([sys.executable, "-c", SERVER, database_url, str(threads)],
                             stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        port = int(child.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(10)
        child.stdout.close()


def run_once(database_url: str, analyst_count: int, copies: int, deadline: float) -> dict:
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "benchmark"})
    try:
        total = seed_copies(app, copies)
        tokens = analysts(app, analyst_count)
        with server_process(database_url, threads=max(8, analyst_count)) as base_url:
            result = drain(base_url, tokens, deadline)
        check_drained(app, result, total)
        result["total"] = total
        return result
    finally:
        with app.app_context():
            db.engine.dispose()


def backends():
    with tempfile.TemporaryDirectory() as folder:
        for n in (1, 8, 32):
            yield "sqlite", f"sqlite:///{folder}/bench-{n}.sqlite3", n
    from tests.conftest import _postgres_schema_url

    base = os.environ.get("CLAIMDESK_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    for n in (1, 8, 32):
        url, drop = _postgres_schema_url(base)
        try:
            yield "postgresql", url, n
        finally:
            drop()


def main() -> None:
    deadline = time.monotonic() + TIME_LIMIT
    print("backend     analysts  claims  seconds  decisions/s  vs 1 analyst")
    baseline = {}
    for backend, url, count in backends():
        result = run_once(url, count, copies=3, deadline=deadline)
        rate = result["total"] / result["seconds"]
        baseline.setdefault(backend, rate)
        print(f"{backend:<11} {count:>8}  {result['total']:>6}  {result['seconds']:>7.2f}  {rate:>11.1f}"
              f"  {rate / baseline[backend]:>11.2f}x")
    print("every run: each claim decided exactly once, no 5xx, none left unreviewed")


if __name__ == "__main__":
    main()
