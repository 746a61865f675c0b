#!/usr/bin/env python3
"""Instructions per request under callgrind: GET and PATCH /api/claims/<id>, POST /api/queue/decide,
and the bare Flask routes the load benchmarks compare them with (tests/benchmarks/api.py,
bare_app.py), each called in process through the WSGI interface, with the access log on.

Instruction counts do not depend on what else the machine runs, unlike wall-clock or CPU time,
so two versions of the code can be compared on a shared machine. Each kind runs in its own
``valgrind --tool=callgrind`` process with instrumentation off; a small C library (compiled here
with gcc against valgrind's callgrind.h) switches it on after the set-up and a warm-up, for the
measured requests only.

    python3 tests/benchmarks/request_cost.py [--requests 100] [--postgres URL] [--kinds get,patch]
    python3 tests/benchmarks/request_cost.py --profile decide   (cProfile instead, top functions;
        SORT=tottime TOP=60 in the environment change the listing's order and length)

Needs valgrind, its headers (valgrind/callgrind.h) and gcc. SQLite in a temporary directory, or
PostgreSQL in a schema of its own that is dropped afterwards.
"""
from __future__ import annotations

import os
import sys

if __name__ == "__main__" and sys.path[0] == os.path.dirname(os.path.abspath(__file__)):
    # Run as a script: the repository, not this directory, goes on sys.path (tests.benchmarks.*).
    sys.path[0] = os.path.dirname(os.path.dirname(sys.path[0]))

import argparse  # noqa: E402
import ctypes  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "taliban-iran-2019-11-27.txt"
KINDS = ("get", "patch", "decide", "bare-get", "bare-patch", "bare-decide")
WARM_UP = 30
TOGGLE = """#include <valgrind/callgrind.h>
void measure_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void measure_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("measured"); }
"""


def environ(method: str, path: str, body: dict | None = None, if_match: str | None = None) -> dict:
    """A WSGI environ as waitress would make it for a client of tests/benchmarks/api.py."""
    data = json.dumps(body).encode() if body is not None else b""
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
           "SERVER_PORT": "8080", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
           "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(data), "wsgi.errors": sys.stderr,
           "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False, "wsgi.version": (1, 0),
           "HTTP_HOST": "127.0.0.1:8080", "HTTP_ACCEPT": "*/*", "HTTP_AUTHORIZATION": f"Bearer {TOKEN[0]}"}
    if body is not None:
        env.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(data)))
    if if_match:
        env["HTTP_IF_MATCH"] = if_match
    return env


TOKEN = ["-"]  # the analyst's token, once made


def call(app, env: dict) -> tuple[str, dict, bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(app(env, start_response))
    return answer["status"], answer["headers"], body


def claimdesk(kind: str, postgres: str | None):
    """The app on a fresh database with seed copies and an analyst; a function that drops it."""
    from sqlalchemy import create_engine, text

    from service import create_app, logs
    from service.db import db, normalise_url
    from service.ingest import ingest_text
    from service.users import create_user

    folder = tempfile.mkdtemp()
    url, schema = f"sqlite:///{folder}/claimdesk.sqlite3", "cost_" + uuid.uuid4().hex[:10]
    admin = create_engine(normalise_url(postgres), isolation_level="AUTOCOMMIT") if postgres else None
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{postgres}?options=-csearch_path%3D{schema}"

    def drop():
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "request-cost"})
    app.instance_path = f"{folder}/instance"
    logs.configure("INFO")  # as claimdesk serve: one access line per request
    seed = re.sub(r"\A\s*date\s+\d{4}-\d{2}-\d{2}\s*", "", SEED.read_text(encoding="utf-8")).strip()
    with app.app_context():
        for n in range(12 if kind == "decide" else 1):  # decide takes a fresh claim each time
            ingest_text(db.session, f"{seed}\nCopy {n + 1}.", title=f"Copy {n + 1}")
        TOKEN[0] = create_user(db.session, "ana", "analyst")[1]
        db.session.commit()
    return app, drop


def requests_of(kind: str, app):
    """Environs one after another; each request's answer is sent back in (versions, next claims)."""
    if kind in ("get", "bare-get"):
        while True:
            yield environ("GET", "/api/claims/1")
    elif kind == "patch":
        etag, n = call(app, environ("GET", "/api/claims/1"))[1]["ETag"], 0
        while True:
            n += 1
            answer = yield environ("PATCH", "/api/claims/1", {"status": ("unreviewed", "confirmed")[n % 2]}, etag)
            etag = answer[1]["ETag"]
    elif kind == "decide":
        claim = json.loads(call(app, environ("POST", "/api/queue/lease", {}))[2])["claim"]
        while True:
            answer = yield environ("POST", "/api/queue/decide",
                                   {"claim_id": claim["id"], "version": claim["version"], "status": "confirmed"})
            claim = json.loads(answer[2])["next"]
    elif kind == "bare-patch":
        while True:
            yield environ("PATCH", "/api/claims/1", {"status": "confirmed"}, '"1-1"')
    else:
        while True:
            yield environ("POST", "/api/queue/decide", {"claim_id": 1, "version": 1, "status": "confirmed"})


def run(kind: str, requests: int, postgres: str | None, toggle: str | None, profile: bool) -> None:
    """In the measured process: set up, warm up, then the measured requests."""
    drop = lambda: None  # noqa: E731
    if kind.startswith("bare"):
        from service import logs
        from tests.benchmarks import api, bare_app

        logs.configure("INFO")
        app = bare_app.app if kind == "bare-decide" else api.bare_app()
    else:
        app, drop = claimdesk(kind, postgres)
    sys.stderr = open(os.devnull, "w")  # the access log, written as a server writes it
    made = requests_of(kind, app)
    env = next(made)
    for n in range(WARM_UP + requests):
        if n == WARM_UP:
            if profile:
                import cProfile
                profiler = cProfile.Profile()
                profiler.enable()
            else:
                ctypes.CDLL(toggle).measure_start()
        answer = call(app, env)
        assert answer[0].startswith("200"), answer
        env = made.send(answer)
    if profile:
        profiler.disable()
        import pstats
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("TOP", "40")))
    else:
        ctypes.CDLL(toggle).measure_stop()
    drop()


def measure(kind: str, requests: int, postgres: str | None, folder: str, toggle: str) -> float:
    """Millions of instructions per request of ``kind``, from a callgrind run of this script."""
    out = f"{folder}/callgrind.{kind}"
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}.%p",
               sys.executable, str(Path(__file__).resolve()), "--child", kind, "--requests", str(requests),
               "--toggle", toggle] + (["--postgres", postgres] if postgres else [])
    subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dump = next(Path(folder).glob(f"callgrind.{kind}.*.1"))  # the dump of the measured requests
    totals = next(line for line in dump.read_text().splitlines() if line.startswith("totals:"))
    return int(totals.split()[1]) / requests / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--profile", choices=KINDS, help="cProfile one kind instead")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--toggle", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child or args.profile:
        return run(args.child or args.profile, args.requests, args.postgres, args.toggle, bool(args.profile))
    with tempfile.TemporaryDirectory() as folder:
        toggle = f"{folder}/toggle.so"
        Path(f"{folder}/toggle.c").write_text(TOGGLE)
        subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", toggle, f"{folder}/toggle.c"], check=True)
        print(f"millions of instructions per request, {args.requests} requests each, "
              f"{'PostgreSQL' if args.postgres else 'SQLite'}, in process (WSGI), access log on")
        for kind in args.kinds.split(","):
            print(f"  {kind:12s} {measure(kind, args.requests, args.postgres, folder, toggle):6.2f} M", flush=True)


if __name__ == "__main__":
    main()
