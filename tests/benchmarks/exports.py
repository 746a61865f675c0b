"""Benchmark: peak memory of an export, 1k claims (the baseline) against 100k claims.

Two SQLite databases are filled directly with rows shaped like an ingest's (documents of 100
claims, an attribution to a registered source each, every tenth claim decided with a note and
evidence). Each export runs in a child process (``claimdesk export --format F -o FILE``, and the
API's csv stream through the test client); the child's peak RSS comes from ``wait4``. Exports
stream, so 100k claims should need about what 1k need: the target is a ratio within 2x.

Run from the repository root:  python3 -m tests.benchmarks.exports  (about a minute)
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import insert

from service import create_app
from service.db import db
from service.models import Attribution, Claim, ClaimEvent, Document, Source, User

FORMATS = ("csv", "jsonl", "claimreview", "misp")
CLAIMS_PER_DOCUMENT = 100
SENTENCE = "Officials in the city of {n} said the new bridge number {n} would open in {month}."
MONTHS = ("January", "March", "May", "July", "September", "November")


def fill(url: str, claims: int) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    now = datetime.now(timezone.utc)
    with app.app_context():
        session = db.session
        session.execute(insert(User), [{"id": 1, "name": "bench", "role": "analyst", "token_hash": "0" * 64, "active": True, "created_at": now}])
        session.execute(insert(Source), [{"id": s, "key": f"official {s}", "name": f"Official {s}", "kind": "person",
                                          "named": True, "reliability": "ABCDEF"[s % 6] if s % 2 else None}
                                         for s in range(1, 101)])
        claim_id = 0
        for d in range(1, claims // CLAIMS_PER_DOCUMENT + 1):
            sentences = [SENTENCE.format(n=d * 1000 + i, month=MONTHS[i % 6]) for i in range(CLAIMS_PER_DOCUMENT)]
            text = "\n".join(sentences)
            session.execute(insert(Document), [{"id": d, "title": f"Bridges {d}", "url": f"https://news.example/{d}",
                                                "outlet": "Bench News", "text": text, "content_hash": f"{d:064d}",
                                                "ingested_at": now}])
            claim_rows, attribution_rows, event_rows, offset = [], [], [], 0
            for i, sentence in enumerate(sentences):
                claim_id += 1
                decided = claim_id % 10 == 0
                claim_rows.append({"id": claim_id, "document_id": d, "index": i, "paragraph": i, "start": offset,
                                   "end": offset + len(sentence), "text": sentence, "statement": sentence[24:],
                                   "sourcing": 1, "status": "confirmed" if decided else "unreviewed",
                                   "version": 2 if decided else 1, "created_at": now, "updated_at": now})
                attribution_rows.append({"claim_id": claim_id, "source_id": claim_id % 100 + 1, "source_start": offset,
                                         "source_end": offset + 9, "source_text": "Officials", "source_kind": "person",
                                         "source_named": True, "cue_start": offset + 26, "cue_end": offset + 30,
                                         "cue_text": "said", "cue_lemma": "say",
                                         "content": [[offset + 31, offset + len(sentence)]], "rule": "bench", "confidence": 0.9})
                if decided:
                    event_rows.append({"claim_id": claim_id, "version": 2, "actor_id": 1, "at": now, "action": "decide",
                                       "from_status": "unreviewed", "to_status": "confirmed",
                                       "note": "Checked against the council minutes.", "evidence": ["https://council.example/m"]})
                offset += len(sentence) + 1
            session.execute(insert(Claim), claim_rows)
            session.execute(insert(Attribution), attribution_rows)
            if event_rows:
                session.execute(insert(ClaimEvent), event_rows)
        session.commit()
    with app.app_context():
        db.engine.dispose()


API_CHILD = """
import sys
from service import create_app
from service.db import db
from service.users import create_user
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "bench"})
with app.app_context():
    _user, token = create_user(db.session, "reader", "analyst")
    db.session.commit()
response = app.test_client().get("/api/exports/" + sys.argv[2], headers={"Authorization": "Bearer " + token},
                                 buffered=False)
size = sum(len(chunk) for chunk in response.response)
response.close()
print(size)
"""


def run_child(command: list[str]) -> tuple[float, float]:
    """Start, wait with wait4 (which gives this child's own peak RSS), return (MB, seconds)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command[:6])} failed: {child.stderr.read().decode()[-800:]}")
    return usage.ru_maxrss / 1024, seconds


def main() -> None:
    sizes = {"1k": 1_000, "100k": 100_000}
    with tempfile.TemporaryDirectory() as folder:
        urls = {}
        for label, count in sizes.items():
            urls[label] = f"sqlite:///{Path(folder) / f'{label}.sqlite3'}"
            started = time.perf_counter()
            fill(urls[label], count)
            print(f"filled {label}: {count} claims in {time.perf_counter() - started:.1f}s", flush=True)
        print(f"\n{'export':<16}{'1k MB':>9}{'100k MB':>10}{'ratio':>8}{'1k s':>8}{'100k s':>9}")
        worst = 0.0
        for name in (*FORMATS, "api-csv"):
            row = {}
            for label in sizes:
                if name == "api-csv":
                    command = [sys.executable, "-c", API_CHILD, urls[label], "csv"]
                else:
                    target = Path(folder) / f"{label}.{name}"
                    command = [sys.executable, "-c", "from service.cli import cli; cli()", "export",
                               "--format", name, "-o", str(target), "--database", urls[label]]
                row[label] = run_child(command)
            ratio = row["100k"][0] / row["1k"][0]
            worst = max(worst, ratio)
            print(f"{name:<16}{row['1k'][0]:>9.1f}{row['100k'][0]:>10.1f}{ratio:>7.2f}x"
                  f"{row['1k'][1]:>8.2f}{row['100k'][1]:>9.2f}", flush=True)
        print(f"\nworst peak-RSS ratio 100k/1k: {worst:.2f}x (target: within 2x)")


if __name__ == "__main__":
    main()
