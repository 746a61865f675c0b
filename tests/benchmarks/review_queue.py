"""Benchmark: analysts draining the review queue over HTTP on a real server.

The server runs in a child process; each analyst is a client thread here. Part 1: each analyst
loops POST /api/queue/lease, then PATCH /api/claims/<id> with the lease's ETag in If-Match, until
the queue answers 204; three copies of the seed article (distinct texts: a line is appended, since
identical text is refused as a duplicate) drained by 1, 8 and 32 analysts, on SQLite and on
PostgreSQL (CLAIMDESK_TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test, in a
fresh schema); the 1-analyst run is the baseline. Part 2: 32 analysts with the combined call
POST /api/queue/decide (decide + next lease), twelve copies, against a bare Flask route served the
same way (same server, same threads) hammered by 32 clients right after: decisions/s over the bare
route's requests/s. ``--gunicorn`` adds PostgreSQL behind gunicorn with 1 and 2 worker processes
(32 and 2 x 16 threads, a pool of that many connections per process). Every run checks that every
claim was decided exactly once, that no request got a 5xx and that nothing is left unreviewed.

Run from the repository root:  python3 -m tests.benchmarks.review_queue [--gunicorn]
[--part 1|2] [--postgres-only] [--threads N] (part 2 only, PostgreSQL only, server threads in all).
"""
from __future__ import annotations

import os
import sys

if __name__ == "__main__" and sys.path[0] == os.path.dirname(os.path.abspath(__file__)):
    # Run as a script: this directory on sys.path would make this file shadow the stdlib ``queue``.
    sys.path[0] = os.path.dirname(os.path.dirname(sys.path[0]))

import argparse  # noqa: E402
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


def drain(base_url: str, tokens: list[str], deadline: float, combined: bool = False) -> dict:
    """Let every analyst lease and decide until the queue is empty; return what happened.

    ``combined``: one POST /api/queue/decide per decision (it leases the next claim too) instead of
    a lease and a PATCH."""
    statuses = collections.Counter()
    decided, errors = [], []
    lock = threading.Lock()

    def work(token: str, n: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with requests.Session() as http:
            claim = None
            while time.monotonic() < deadline:
                if claim is None:
                    lease = http.post(f"{base_url}/api/queue/lease", json={}, headers=headers, timeout=60)
                    with lock:
                        statuses[("lease", lease.status_code)] += 1
                    if lease.status_code != 200:
                        return
                    claim = lease.json()["claim"]
                status = DECISIONS[(claim["id"] + n) % len(DECISIONS)]
                body = {"status": status, "note": "checked against the wire copy"}
                if combined:
                    answer = http.post(f"{base_url}/api/queue/decide", headers=headers, timeout=60,
                                       json={"claim_id": claim["id"], "version": claim["version"], **body})
                else:
                    answer = http.patch(f"{base_url}/api/claims/{claim['id']}", json=body, timeout=60,
                                        headers={**headers, "If-Match": f'"{claim["id"]}-{claim["version"]}"'})
                with lock:
                    statuses[("decide", answer.status_code)] += 1
                    if answer.status_code == 200:
                        decided.append(claim["id"])
                claim = answer.json()["next"] if combined and answer.status_code == 200 else None
                if combined and claim is None and answer.status_code == 200:
                    return

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


def bare_rate(threads: int, clients: int, seconds: float, workers: int = 0) -> float:
    """Requests per second of a bare Flask route (POST JSON in, a small JSON out) served the same
    way, hammered by ``clients`` threads: the ceiling of what the server and HTTP cost alone."""
    with bare_process(threads, workers) as base_url:
        count = [0]
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def hammer():
            done = 0
            with requests.Session() as http:
                while time.monotonic() < stop:
                    answer = http.post(f"{base_url}/api/queue/decide", json={"claim_id": 1, "version": 1,
                                       "status": "confirmed", "note": "checked against the wire copy"}, timeout=60)
                    assert answer.status_code == 200
                    done += 1
            with lock:
                count[0] += done

        workers = [threading.Thread(target=hammer) for _ in range(clients)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return count[0] / (time.perf_counter() - started)


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
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "benchmark", "DATABASE_POOL_SIZE": int(sys.argv[2])})
server = create_server(app, host="127.0.0.1", port=0, threads=int(sys.argv[2]), connection_limit=256)
print(server.effective_port, flush=True)
server.run()
"""

BARE = """
import logging, sys
from waitress.server import create_server
from tests.benchmarks.bare_app import app
logging.getLogger("waitress.queue").setLevel(logging.ERROR)
server = create_server(app, host="127.0.0.1", port=0, threads=int(sys.argv[1]), connection_limit=256)
print(server.effective_port, flush=True)
server.run()
"""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def child_server(command: list[str], port: int | None = None, env: dict | None = None):
    """A server in a child process; its port comes from its first line of output, or is given."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
                             env={**os.environ, **(env or {})})
    try:
        if port is None:
            port = int(child.stdout.readline())
        else:
            wait_until_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(20)
        child.stdout.close()


def wait_until_listening(port: int) -> None:
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        with contextlib.suppress(requests.RequestException):  # refused, or too slow to answer yet
            requests.get(f"http://127.0.0.1:{port}/", timeout=5)
            return
        time.sleep(0.2)
    raise SystemExit(f"no server on port {port}")


def gunicorn_command(target: str, workers: int, threads: int, port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", target]


def server_process(database_url: str, threads: int, workers: int = 0):
    """The app served at 127.0.0.1 on a free port: waitress in one child process (workers 0), or
    gunicorn with ``workers`` processes of ``threads`` threads, each with a pool of ``threads``."""
    if not workers:
        return child_server([sys.executable, "-c", SERVER, database_url, str(threads)])
    port = free_port()
    env = {"CLAIMDESK_DATABASE_URL": database_url, "CLAIMDESK_SECRET_KEY": "benchmark",
           "CLAIMDESK_DATABASE_POOL_SIZE": str(threads)}
    return child_server(gunicorn_command("service.wsgi:app", workers, threads, port), port, env)


def bare_process(threads: int, workers: int = 0):
    if not workers:
        return child_server([sys.executable, "-c", BARE, str(threads)])
    port = free_port()
    return child_server(gunicorn_command("tests.benchmarks.bare_app:app", workers, threads, port), port)


def run_once(database_url: str, analyst_count: int, copies: int, deadline: float, combined: bool = False,
             workers: int = 0, threads: int | None = None) -> dict:
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "benchmark"})
    try:
        total = seed_copies(app, copies)
        tokens = analysts(app, analyst_count)
        threads = (threads or max(8, analyst_count)) // max(1, workers)
        with server_process(database_url, threads=threads, workers=workers) as base_url:
            result = drain(base_url, tokens, deadline, combined)
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


ANALYSTS = 32
BARE_SECONDS = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gunicorn", action="store_true",
                        help="also: PostgreSQL behind gunicorn with 1 and 2 worker processes")
    parser.add_argument("--part", type=int, choices=(1, 2), help="run only part 1 or only part 2")
    parser.add_argument("--postgres-only", action="store_true", help="part 2 without its SQLite run")
    parser.add_argument("--threads", type=int, default=ANALYSTS,
                        help=f"part 2: server threads in all (default {ANALYSTS}), for the app and the bare route alike")
    options = parser.parse_args()
    deadline = time.monotonic() + TIME_LIMIT + (120 if options.gunicorn else 0)
    if options.part != 2:
        part_one(deadline)
    if options.part != 1:
        part_two(deadline, options.gunicorn, options.postgres_only, options.threads)
    print("every run: each claim decided exactly once, no 5xx, none left unreviewed")


def part_one(deadline: float) -> None:
    print("backend     analysts  claims  seconds  decisions/s  vs 1 analyst   (lease + PATCH per decision)")
    baseline = {}
    for backend, url, count in backends():
        result = run_once(url, count, copies=3, deadline=deadline)
        rate = result["total"] / result["seconds"]
        baseline.setdefault(backend, rate)
        print(f"{backend:<11} {count:>8}  {result['total']:>6}  {result['seconds']:>7.2f}  {rate:>11.1f}"
              f"  {rate / baseline[backend]:>11.2f}x", flush=True)


def part_two(deadline: float, with_gunicorn: bool, postgres_only: bool, threads: int) -> None:
    print(f"\n{ANALYSTS} analysts, POST /api/queue/decide (decide + next lease in one call), against a bare Flask "
          "route served the same way")
    print("server                           claims  decisions/s  bare route req/s  ratio")
    for label, backend, workers in combined_runs(with_gunicorn):
        if postgres_only and backend == "sqlite":
            continue
        with database(backend) as url:
            result = run_once(url, ANALYSTS, copies=12, deadline=deadline, combined=True, workers=workers,
                              threads=threads)
        rate = result["total"] / result["seconds"]
        bare = bare_rate(threads // max(1, workers), ANALYSTS, BARE_SECONDS, workers)
        print(f"{label:<32} {result['total']:>6}  {rate:>11.1f}  {bare:>16.1f}  {rate / bare:5.2f}", flush=True)


def combined_runs(with_gunicorn: bool):
    yield "sqlite, waitress", "sqlite", 0
    yield "postgresql, waitress", "postgresql", 0
    if with_gunicorn:
        yield "postgresql, gunicorn 1 process", "postgresql", 1
        yield "postgresql, gunicorn 2 processes", "postgresql", 2


@contextlib.contextmanager
def database(backend: str):
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    from tests.conftest import _postgres_schema_url

    url, drop = _postgres_schema_url(
        os.environ.get("CLAIMDESK_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    try:
        yield url
    finally:
        drop()


if __name__ == "__main__":
    main()
