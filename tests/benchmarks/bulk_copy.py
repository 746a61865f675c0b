#!/usr/bin/env python3
"""service.bulk on PostgreSQL: one INSERT of a JSON parameter vs COPY, by the number of rows.

Stores the same claims (the seed article's, repeated) and their LSH band rows both ways, in a
database of its own (created here, dropped at the end), the two ways interleaved so the machine's
load weighs on both alike: claims with their new ids (``insert_returning_ids``), band rows
without (``insert_rows``). Prints the median milliseconds of each and their ratio; where COPY
wins is where ``bulk.COPY_FROM`` belongs.

    python3 tests/benchmarks/bulk_copy.py [--sizes 30,100,300,1000,3000,30000] [--repeat 7]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from service import bulk, create_app, ingest, ingest_rows  # noqa: E402
from service.db import db, normalise_url  # noqa: E402
from service.models import Claim, Document  # noqa: E402
from service.models_corroboration import ClaimBand  # noqa: E402

PG_SERVER = os.environ.get("CLAIMDESK_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
SEED = REPO / "tests" / "data" / "taliban-iran-2019-11-27.txt"


@contextlib.contextmanager
def database():
    admin = create_engine(normalise_url(f"{PG_SERVER}/postgres"), isolation_level="AUTOCOMMIT")
    name = f"bench_bulk_{os.getpid()}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def store(session, claims: list[dict], keys: list[list[int]], copy: bool) -> tuple[float, float]:
    """Milliseconds for the claims (ids returned) and for their band rows, the way chosen."""
    bulk.COPY_FROM = 0 if copy else 10**12
    document = Document(text="bulk", content_hash=f"bulk-{time.perf_counter_ns()}")
    session.add(document)
    session.flush()
    rows = [dict(row, document_id=document.id, index=n) for n, row in enumerate(claims)]
    t0 = time.perf_counter()
    ids = bulk.insert_returning_ids(session, Claim.__table__, rows)
    t1 = time.perf_counter()
    bulk.insert_rows(session, ClaimBand.__table__,
                     [{"key": key, "claim_id": claim_id} for claim_id, ks in zip(ids, keys) for key in set(ks)])
    t2 = time.perf_counter()
    session.commit()
    return (t1 - t0) * 1000, (t2 - t1) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="30,100,300,1000,3000,30000", help="claims per insert")
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    article = ingest.prepare(SEED.read_text(encoding="utf-8"))
    claims, keys = ingest_rows.claim_rows(article.draft.claims), article.draft.keys
    print(f"{len(claims)} claims in the seed article, {sum(map(len, keys)) / len(keys):.1f} band rows per claim")
    with database() as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark"})
        try:
            with app.app_context():
                print(f"{'claims':>7} {'bands':>7}   {'claims: json':>12} {'copy':>7} {'ratio':>6}   "
                      f"{'bands: json':>11} {'copy':>7} {'ratio':>6}   (ms, median of {options.repeat})")
                for size in (int(n) for n in options.sizes.split(",")):
                    rows = [claims[n % len(claims)] for n in range(size)]
                    row_keys = [keys[n % len(keys)] for n in range(size)]
                    times = {False: [], True: []}
                    for _ in range(options.repeat):
                        for copy in (False, True):
                            times[copy].append(store(db.session, rows, row_keys, copy))
                    (cj, bj), (cc, bc) = ([statistics.median(t[i] for t in times[copy]) for i in (0, 1)]
                                          for copy in (False, True))
                    bands = sum(len(set(k)) for k in row_keys)
                    print(f"{size:7d} {bands:7d}   {cj:12.2f} {cc:7.2f} {cc / cj:6.2f}   "
                          f"{bj:11.2f} {bc:7.2f} {bc / bj:6.2f}", flush=True)
        finally:
            with app.app_context():
                db.session.close()
                db.engine.dispose()


if __name__ == "__main__":
    main()
