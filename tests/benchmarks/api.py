#!/usr/bin/env python3
"""The HTTP API under load, next to a bare Flask app served the same way in the same run.

SQLite in a temporary directory; each server is its own process (``claimdesk serve`` and this
script with ``--bare``), waitress with 8 threads on 127.0.0.1 on a free port, so the clients'
threads do not compete with the server for the GIL.
  1. ingest: POST every PolNeAR dev article to /api/documents, 1 client and then 8 clients;
     baseline: the same bodies POSTed to a bare Flask route that parses the JSON and answers.
     A second baseline: ``extract()`` alone on the same texts, in this process.
  2. review: 8 clients, each on its own claims, GET a claim then PATCH it with its ETag;
     baseline: GET and PATCH on bare Flask routes. Latency p50 / p99 per request kind.
  3. a PATCH while a 1 MB adversarial article (one endless sentence) is being ingested:
     PATCH latency during the ingest against the same client's PATCH p50 just before.

    python3 tests/benchmarks/api.py [--seconds 12]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import quantiles

import requests
from flask import Flask, jsonify, request

from service.cli.server import make_server

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "polnear-dev.jsonl"  # ../shared beside the repo
CLIENTS = 8


def bare_app() -> Flask:
    app = Flask("bare")

    @app.post("/api/documents")
    def ingest():
        body = request.get_json()
        return jsonify(id=1, length=len(body["text"])), 201

    @app.route("/api/claims/<int:claim_id>", methods=["GET", "PATCH"])
    def claim(claim_id):
        body = request.get_json() if request.method == "PATCH" else {}
        return jsonify(id=claim_id, status=body.get("status", "unreviewed"), version=1), 200, {"ETag": '"1-1"'}

    return app


@contextlib.contextmanager
def server_process(command: list[str]):
    """Start a server process that prints "serving on http://HOST:PORT/"; yield (base URL, output so far)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as server:
        lines = []
        for line in server.stdout:
            lines.append(line)
            if "serving on" in line:
                break
        else:
            raise SystemExit("server did not start:\n" + "".join(lines))
        # Keep reading (the access log writes a line per request): a full pipe would stall the server.
        drain = threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True)
        drain.start()
        try:
            yield line.split("serving on ")[1].split("/ ")[0].rstrip("/\n"), lines
        finally:
            server.terminate()
            drain.join(10)


def serve_bare() -> None:
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = make_server(bare_app(), "127.0.0.1", 0, 8)
    print(f"bare Flask serving on http://127.0.0.1:{server.effective_port}/", flush=True)
    server.run()


def post_all(base: str, token: str, articles: list[dict], clients: int) -> float:
    """Articles per second, posting ``articles`` from ``clients`` threads."""
    local = threading.local()

    def post(article):
        if not hasattr(local, "http"):
            local.http = requests.Session()
        response = local.http.post(f"{base}/api/documents", json=article, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code in (201, 409), response.text
        return response

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(post, articles))
    return len(articles) / (time.perf_counter() - started)


def review_load_once(base: str, token: str, claim_ids: list[int], seconds: float) -> dict:
    """8 clients: GET a claim, PATCH it with the ETag; latencies in ms per kind, and failures."""
    latencies = {"GET": [], "PATCH": []}
    failures = []
    deadline = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}"}

    def client(mine: list[int]):
        with requests.Session() as http:
            turn = 0
            while time.perf_counter() < deadline:
                claim_id = mine[turn % len(mine)]
                status = ("confirmed", "inconclusive")[(turn // len(mine)) % 2]
                turn += 1
                t0 = time.perf_counter()
                got = http.get(f"{base}/api/claims/{claim_id}", headers=headers)
                t1 = time.perf_counter()
                changed = http.patch(f"{base}/api/claims/{claim_id}", json={"status": status},
                                     headers={**headers, "If-Match": got.headers["ETag"]})
                t2 = time.perf_counter()
                latencies["GET"].append((t1 - t0) * 1000)
                latencies["PATCH"].append((t2 - t1) * 1000)
                if got.status_code != 200 or changed.status_code != 200:
                    failures.append((got.status_code, changed.status_code))

    shares = [claim_ids[i::CLIENTS] for i in range(CLIENTS)]
    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "failures": failures, "rate": len(latencies["GET"]) * 2 / elapsed}


def review_load(bases: list[str], token: str, claim_ids: list[int], seconds: float, rounds: int = 4) -> list[dict]:
    """``review_load_once`` on each server in turn, ``rounds`` times, so that the machine's
    changing load (it is shared) weighs on both alike; the results merged per server."""
    merged = [{"latencies": {"GET": [], "PATCH": []}, "failures": [], "pairs": 0, "seconds": 0.0} for _ in bases]
    for _ in range(rounds):
        for base, total in zip(bases, merged):
            result = review_load_once(base, token, claim_ids, seconds / rounds)
            for kind, values in result["latencies"].items():
                total["latencies"][kind].extend(values)
            total["failures"].extend(result["failures"])
            total["pairs"] += len(result["latencies"]["GET"])
            total["seconds"] += len(result["latencies"]["GET"]) * 2 / result["rate"]
    for total in merged:
        total["rate"] = total["pairs"] * 2 / total["seconds"]
    return merged


def summary(name: str, result: dict) -> str:
    parts = [f"{name:<10} {result['rate']:7.0f} req/s"]
    for kind, values in result["latencies"].items():
        cuts = quantiles(values, n=100)
        parts.append(f"{kind} p50 {cuts[49]:6.1f} ms  p99 {cuts[98]:6.1f} ms")
    return "  ".join(parts) + f"  (n={len(result['latencies']['GET'])} pairs, failures={len(result['failures'])})"


def ingest_against_extract(base: str, token: str, articles: list[dict]) -> tuple[float, float]:
    """Articles per second through POST /api/documents (1 client) and through ``extract()`` alone
    in this process, article by article in turn (the same texts, the same moments of load)."""
    from service.extraction import extract

    posting = extracting = 0.0
    with requests.Session() as http:
        for article in articles:
            t0 = time.perf_counter()
            response = http.post(f"{base}/api/documents", json=article, headers={"Authorization": f"Bearer {token}"})
            t1 = time.perf_counter()
            extract(article["text"])
            t2 = time.perf_counter()
            assert response.status_code in (201, 409), response.text
            posting, extracting = posting + t1 - t0, extracting + t2 - t1
    return len(articles) / posting, len(articles) / extracting


def ingest_cpu_in_process(articles: list[dict], tmp: str) -> tuple[float, float]:
    """CPU ms per article of POST /api/documents through the Flask test client (this thread's CPU
    time: on a shared machine, less noisy than wall time) and of ``extract()`` alone, in turn."""
    from service import create_app
    from service.app import ready_to_serve
    from service.db import db
    from service.extraction import extract
    from service.users import create_user

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/in-process.sqlite3", "SECRET_KEY": "benchmark"})
    app.instance_path = f"{tmp}/in-process"
    ready_to_serve()  # as claimdesk serve does before its first request
    with app.app_context():
        token = create_user(db.session, "bench", "editor")[1]
        db.session.commit()
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    posting = extracting = 0.0
    for article in articles:
        t0 = time.thread_time()
        response = client.post("/api/documents", json=article, headers=headers)
        t1 = time.thread_time()
        extract(article["text"])
        t2 = time.thread_time()
        assert response.status_code == 201, response.get_data(as_text=True)
        posting, extracting = posting + t1 - t0, extracting + t2 - t1
    with app.app_context():
        db.engine.dispose()
    return posting / len(articles) * 1000, extracting / len(articles) * 1000


def patch_during_big_ingest(base: str, token: str, claim_ids: list[int]) -> dict:
    """One client PATCHes claims one after another: first alone (the usual p50), then while
    another client posts a 1 MB article that is one endless sentence."""
    headers = {"Authorization": f"Bearer {token}"}
    article = {"text": ("word " * 200_000)[:999_000] + "end."}

    def patches(http, until) -> list[float]:
        times, turn = [], 0
        while not until():
            claim_id = claim_ids[turn % len(claim_ids)]
            status = ("confirmed", "inconclusive")[(turn // len(claim_ids)) % 2]
            turn += 1
            etag = http.get(f"{base}/api/claims/{claim_id}", headers=headers).headers["ETag"]
            t0 = time.perf_counter()
            answer = http.patch(f"{base}/api/claims/{claim_id}", json={"status": status},
                                headers={**headers, "If-Match": etag})
            times.append((time.perf_counter() - t0) * 1000)
            assert answer.status_code == 200, answer.text
        return times

    with requests.Session() as http:
        # A first long article starts the extraction worker process (once per server).
        warm = http.post(f"{base}/api/documents", json={"text": "warm " * 30_000 + "up."}, headers=headers)
        assert warm.status_code == 201, warm.text
        stop_at = time.perf_counter() + 4
        usual = patches(http, lambda: time.perf_counter() > stop_at)
        done = threading.Event()
        posted = {}

        def post():
            with requests.Session() as poster:
                t0 = time.perf_counter()
                posted["response"] = poster.post(f"{base}/api/documents", json=article, headers=headers)
                posted["seconds"] = time.perf_counter() - t0
            done.set()

        threading.Thread(target=post).start()
        time.sleep(0.3)  # the body is uploaded and parsed; extraction is under way
        during = patches(http, done.is_set)
    assert posted["response"].status_code == 201, posted["response"].text
    return {"usual": usual, "during": during, "ingest_seconds": posted["seconds"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="length of each review-load phase")
    parser.add_argument("--bare", action="store_true", help="serve the bare Flask app (used by the benchmark)")
    options = parser.parse_args()
    if options.bare:
        return serve_bare()
    seconds = options.seconds
    articles = [{"text": r["text"], "outlet": r.get("publisher")} for r in map(json.loads, DEV.open(encoding="utf-8"))]
    words = sum(len(a["text"].split()) for a in articles)
    print(f"{len(articles)} PolNeAR dev articles ({words} words); SQLite; waitress threads=8; {CLIENTS} clients")
    with tempfile.TemporaryDirectory() as tmp:
        claimdesk = [sys.executable, "-c", "from service.cli import cli; cli()", "serve", "--port", "0",
                     "--database", f"sqlite:///{tmp}/bench.sqlite3"]
        bare = [sys.executable, str(Path(__file__).resolve()), "--bare"]
        with server_process(claimdesk) as (base, output), server_process(bare) as (bare_base, _):
            token = next(line for line in output if "Admin token" in line).split()[-1]
            half = len(articles) // 2
            one, extracted = ingest_against_extract(base, token, articles[:half])
            eight = post_all(base, token, articles[half:], CLIENTS)
            bare_one = post_all(bare_base, token, articles, 1)
            bare_eight = post_all(bare_base, token, articles, CLIENTS)
            print("\ningest (POST /api/documents: extraction + storage of every claim and attribution)")
            print(f"  claimdesk   1 client {one:7.1f} articles/s   {CLIENTS} clients {eight:7.1f} articles/s")
            print(f"  bare Flask  1 client {bare_one:7.1f} articles/s   {CLIENTS} clients {bare_eight:7.1f} articles/s")
            print(f"  extract() alone on the same texts, in turn with the posts: {extracted:7.1f} articles/s;"
                  f" ingest 1 client / extract() = {one / extracted:.2f}")
            posting, extracting = ingest_cpu_in_process(articles, tmp)
            print(f"  in process (Flask test client, CPU time): POST {posting:.1f} ms/article, extract() "
                  f"{extracting:.1f} ms/article; extract() / POST = {extracting / posting:.2f}")
            with requests.Session() as http:
                listed = http.get(f"{base}/api/claims?page_size=500", headers={"Authorization": f"Bearer {token}"})
            claim_ids = [claim["id"] for claim in listed.json()]
            print(f"\nreview load: GET /api/claims/<id> then PATCH with If-Match, {seconds:.0f} s each,"
                  " in 4 alternating rounds")
            ours, theirs = review_load([base, bare_base], token, claim_ids, seconds)
            print("  " + summary("claimdesk", ours))
            print("  " + summary("bare Flask", theirs))
            print(f"  GET+PATCH throughput, claimdesk / bare Flask = {ours['rate'] / theirs['rate']:.2f}")
            big = patch_during_big_ingest(base, token, claim_ids[:50])
            usual, during = quantiles(big["usual"], n=100)[49], sorted(big["during"])
            print(f"\nPATCH while a 1 MB one-sentence article is ingested ({big['ingest_seconds']:.1f} s):")
            print(f"  usual p50 {usual:.1f} ms (n={len(big['usual'])});  during: n={len(during)}, "
                  f"p50 {during[len(during) // 2]:.1f} ms, max {during[-1]:.1f} ms;  "
                  f"max / usual p50 = {during[-1] / usual:.2f}")


if __name__ == "__main__":
    main()
