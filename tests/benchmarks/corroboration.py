"""Ingest with matching at 10k and 1M stored claims (PostgreSQL): the cost of corroboration.

For each size, a dedicated database is created (``bench_corr``), migrated, and filled by bulk COPY
with that many stored claims: synthetic statements whose words follow the word frequencies of the
PolNeAR train articles (so common words collide in the index as real news does), indexed exactly
as ingest indexes them (the same band keys, origins rows). Edited copies of a third of the
workload's sentences are planted among them, so matching finds and links real pairs at every size.

Then the same workload — PolNeAR dev articles, read at run time — is ingested through
``ingest_text`` (extraction, storage, matching), one commit per article, and timed; the time spent
in matching alone is timed too. The database is dropped at the end.

    python tests/benchmarks/corroboration.py [--sizes 10000 1000000] [--articles 30]
        [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]
"""
from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import psycopg

from service import corroboration, similarity
from service.app import create_app
from service.db import db
from service.ingest import ingest_text

sys.path.insert(0, str(Path(__file__).parent))
from corroboration_quality import edited_copy  # noqa: E402

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"
DATABASE = "bench_corr"
PER_DOCUMENT = 20
CHUNK = 50_000


def vocabulary() -> tuple[list[str], np.ndarray]:
    counts = Counter()
    with (SHARED / "polnear-train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            counts.update(similarity.words(json.loads(line)["text"]))
    words = [w for w, n in counts.items() if n >= 2]
    weights = np.array([counts[w] for w in words], dtype=np.float64)
    return words, weights / weights.sum()


def workload(count: int) -> list[str]:
    with (SHARED / "polnear-dev.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle][: count + 1]


def planted(texts: list[str], rng: random.Random) -> list[str]:
    from service import extraction

    out = []
    for text in texts:
        claims = [c for c in extraction.extract(text).claims if len(c.statement.split()) >= 8]
        out.extend(edited_copy(c.statement, rng) for c in claims[::3])
    return out


def admin(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def fill(url: str, size: int, vocab, plants: list[str], seed: int) -> float:
    """Bulk-load ``size`` stored claims (plants included); returns the seconds it took."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    words, weights = vocab
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # no FK triggers during the load
        conn.execute("ALTER TABLE claim_bands DROP CONSTRAINT claim_bands_pkey")
        conn.execute("DROP INDEX ix_claim_bands_claim_id")
        for start in range(0, size, CHUNK):
            n = min(CHUNK, size - start)
            lengths = rng.integers(8, 21, n)
            picks = rng.choice(len(words), size=int(lengths.sum()), p=weights)
            statements, offset = [], 0
            for length in lengths:
                statements.append(" ".join(words[i] for i in picks[offset:offset + length]).capitalize() + ".")
                offset += length
            for i in range(min(len(plants), n)) if start == 0 else ():
                statements[i * (n // max(1, len(plants)))] = plants[i]
            _copy_chunk(conn, start, statements)
        conn.execute("ALTER TABLE claim_bands ADD PRIMARY KEY (key, claim_id)")
        conn.execute("CREATE INDEX ix_claim_bands_claim_id ON claim_bands (claim_id)")
        conn.execute("SELECT setval('documents_id_seq', (SELECT max(id) FROM documents))")
        conn.execute("SELECT setval('claims_id_seq', (SELECT max(id) FROM claims))")
        conn.execute("SET session_replication_role = DEFAULT")
        # A loaded table is vacuumed in steady state (autovacuum's insert threshold): the
        # visibility map it sets is what lets the band lookup read the index alone.
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _copy_chunk(conn, start: int, statements: list[str]) -> None:
    documents, claims, bands, origins = io.StringIO(), io.StringIO(), io.StringIO(), io.StringIO()
    words = [similarity.words(s) for s in statements]
    keys = similarity.band_keys(words)
    for first in range(0, len(statements), PER_DOCUMENT):
        doc_id = (start + first) // PER_DOCUMENT + 1
        texts = statements[first:first + PER_DOCUMENT]
        documents.write(f"{doc_id}\tstored {doc_id}\toutlet {doc_id % 500}\t{' '.join(texts)}\tbench-{doc_id}\t"
                        "2026-01-01T00:00:00+00:00\n")
        position = 0
        for index, text in enumerate(texts):
            cid = start + first + index + 1
            claims.write(f"{cid}\t{doc_id}\t{index}\t0\t{position}\t{position + len(text)}\t{text}\t{text}\t2\t"
                         "unreviewed\t1\t2026-01-01T00:00:00+00:00\t2026-01-01T00:00:00+00:00\n")
            position += len(text) + 1
            origins.write(f"{cid}\toutlet {doc_id % 500}\tOutlet {doc_id % 500}\t{' '.join(words[first + index])}"
                          "\t1\t1\tf\n")
            for key in keys[first + index]:
                bands.write(f"{key}\t{cid}\n")
    for table, columns, buffer in (
        ("documents", "id, title, outlet, text, content_hash, ingested_at", documents),
        ("claims", 'id, document_id, index, paragraph, start, "end", text, statement, sourcing, status, '
                   "version, created_at, updated_at", claims),
        ("claim_corroboration", "claim_id, origin_key, origin_name, words, reports, independent_origins, circular",
         origins),
        ("claim_bands", "key, claim_id", bands),
    ):
        with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())


def measure(url: str, texts: list[str]) -> dict:
    """Ingest each text (one commit each), timing the whole ingest and the matching inside it."""
    matching = []
    original = corroboration.match_document

    def timed(session, document):
        started = time.perf_counter()
        try:
            return original(session, document)
        finally:
            matching.append(time.perf_counter() - started)

    corroboration.match_document = timed
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    totals, links = [], 0
    try:
        with app.app_context():
            for number, text in enumerate(texts):
                started = time.perf_counter()
                document = ingest_text(db.session, text, title=f"workload {number}", outlet=f"wire {number % 7}")
                db.session.commit()
                elapsed = time.perf_counter() - started
                if number:  # the first warms caches and is not counted
                    totals.append(elapsed)
                else:
                    matching.clear()
                links += len(clustered_claims(document))
            db.session.close()
            db.engine.dispose()
    finally:
        corroboration.match_document = original
    return {"ingest_ms": 1000 * statistics.fmean(totals), "matching_ms": 1000 * statistics.fmean(matching),
            "ingest_median_ms": 1000 * statistics.median(totals), "linked_claims": links}


def clustered_claims(document) -> list:
    from service.models_corroboration import ClaimCorroboration

    ids = [c.id for c in document.claims]
    rows = db.session.query(ClaimCorroboration).filter(ClaimCorroboration.claim_id.in_(ids),
                                                        ClaimCorroboration.reports > 1)
    return rows.all()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    base = args.admin_url.rsplit("/", 1)[0]
    url = f"{base}/{DATABASE}"
    texts = workload(args.articles)
    plants = planted(texts, random.Random(args.seed))
    vocab = vocabulary()
    print(f"workload: {len(texts) - 1} PolNeAR dev articles (+1 warm-up); {len(plants)} edited copies planted; "
          f"vocabulary {len(vocab[0])} words")
    results = {}
    for size in args.sizes:
        admin(args.admin_url, f"DROP DATABASE IF EXISTS {DATABASE}")
        admin(args.admin_url, f"CREATE DATABASE {DATABASE}")
        try:
            create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"}).extensions["claimdesk.db"].dispose()  # migrates
            loaded = fill(url, size, vocab, plants, args.seed)
            results[size] = measure(url, texts)
        finally:
            admin(args.admin_url, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        r = results[size]
        print(f"{size:>9} stored claims (loaded in {loaded:.0f} s): ingest {r['ingest_ms']:.1f} ms/article "
              f"(median {r['ingest_median_ms']:.1f}), of which matching {r['matching_ms']:.1f} ms; "
              f"claims in multi-report clusters {r['linked_claims']}")
    if len(results) >= 2:
        small, large = min(results), max(results)
        print(f"ratio {large} / {small}: ingest with matching {results[large]['ingest_ms'] / results[small]['ingest_ms']:.2f}x "
              f"(target <= 2x), matching alone {results[large]['matching_ms'] / results[small]['matching_ms']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
