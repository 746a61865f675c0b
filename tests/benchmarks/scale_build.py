"""N claims for tests/benchmarks/scale.py, built in minutes through the project's own bulk path.

The PolNeAR dev articles are extracted once and stored once each through ``ingest.store`` (the
whole ingest: the registry gets their sources, corroboration matches them against each other).
Every later document is a copy of one of them, as ingest would store the same article with a
line of its own appended: its rows are the stored article's rows with new ids, written by
``service.bulk`` (COPY on PostgreSQL, executemany on SQLite) for BATCH documents at a time, so
the cost per claim is that of its rows and not of an ingest's round trips. Each copy has

  - its own text, content hash, document id and ingest time (100 documents a day, ending now);
  - its claims and attributions, linked to the registry entries ingest linked the stored article
    to, and its own document-scoped short forms of names (``source_aliases``);
  - its claims' corroboration rows (the stored article's origins, one report each) and LSH band
    keys moved to keys of their own (see ``salted``);
  - as long as fewer than a fifth of N claims are written, decided claims: status, credibility,
    check and version as ``review.decide`` leaves them, and the history row it writes.

The stored articles' own claims in that first fifth are decided through ``review.decide``. On
PostgreSQL the foreign keys of the tables the copies write, and the band rows' indexes, are made
after the load (``checks_deferred``), and the database is vacuumed and analysed at the end.
1M claims: about 4 minutes on a shared 2-core machine; 100k on SQLite about 1 minute.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, text

from service import bulk, ingest, ratings, review, sources
from service.db import db
from service.ingest_rows import attribution_rows, claim_rows
from service.models import Attribution, Claim, ClaimEvent, Document, SourceAlias, User, utcnow
from service.models_corroboration import ClaimBand, ClaimCorroboration

BATCH = 250  # documents per transaction (about 10k claims)
DECIDED_SHARE = 0.2
PER_DAY = 100  # documents a day: the copies' ingest times
# The tables the copies write (their foreign keys checked after the load).
COPIED = ("claims", "attributions", "source_aliases", "claim_corroboration", "claim_bands", "claim_events")
STATUSES = ("confirmed", "disputed", "inconclusive")  # of decided claims, in turn


@dataclass(frozen=True)
class Template:
    """A stored article: the rows each copy of it repeats (ids, document and times left out)."""

    article: ingest.Article
    claims: list[dict]
    attributions: list[list[dict]]  # per claim
    corroboration: list[dict]  # per claim: its origin and matching words
    aliases: list[dict]  # the document's short forms


class Builder:
    """Grows one database to N claims."""

    def __init__(self, app, articles: list[ingest.Article], analyst: str):
        self.app, self.articles, self.analyst = app, articles, analyst
        self.templates: list[Template] = []
        self.copies = self.claims = 0
        self.seconds: dict[str, float] = {}  # per table written

    def grow_to(self, target: int) -> float:
        started = time.perf_counter()
        self.decided = int(target * DECIDED_SHARE)
        per_document = sum(len(a.extraction.claims) for a in self.articles) / len(self.articles)
        self.start = utcnow() - timedelta(days=target / per_document / PER_DAY)
        with self.app.app_context():
            session = db.session
            self.user = session.scalar(select(User).where(User.name == self.analyst))
            if not self.templates:
                t0 = time.perf_counter()
                self.store_originals(session)
                self.seconds["ingest of the originals"] = time.perf_counter() - t0
            with checks_deferred(session):
                while self.claims < target:
                    self.write_copies(session, target)
                    session.commit()
            if db.is_postgres():  # what autovacuum does after a bulk load
                t0 = time.perf_counter()
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(text("VACUUM ANALYZE"))
                self.seconds["VACUUM ANALYZE"] = time.perf_counter() - t0
            self.claims = session.scalar(select(func.count()).select_from(Claim))
        return time.perf_counter() - started

    def store_originals(self, session) -> None:
        """The articles through ingest, one transaction each (as batch ingest stores them), read
        back as templates; then the claims in the first fifth are decided."""
        analysed, decisions = 0, []
        for article in self.articles:
            document = ingest.store(session, article)
            document.ingested_at = at = self.ingest_time()
            self.copies += 1
            claims = document.new_claims
            ids = [claim.id for claim in claims]
            origins = {row.claim_id: row for row in session.execute(
                select(ClaimCorroboration.claim_id, ClaimCorroboration.origin_key, ClaimCorroboration.origin_name,
                       ClaimCorroboration.words).where(ClaimCorroboration.claim_id.in_(ids)))}
            aliases = session.execute(select(SourceAlias.source_id, SourceAlias.key, SourceAlias.name,
                                             SourceAlias.origin)
                                      .where(SourceAlias.scope == sources.document_scope(document.id)))
            self.templates.append(Template(
                article, claim_rows(claims), [attribution_rows(claim.attributions) for claim in claims],
                [{"origin_key": origins[i].origin_key, "origin_name": origins[i].origin_name,
                  "words": origins[i].words} for i in ids],
                [dict(row._mapping) for row in aliases]))
            for claim_id in ids:
                if self.claims < self.decided:
                    decisions.append((claim_id, STATUSES[self.claims % 3], at))
                self.claims += 1
            session.commit()
            if db.is_postgres() and self.claims > 1.5 * analysed:
                # What autovacuum's ANALYZE does as tables grow (it is off on the benchmark
                # machine): without statistics, matching a new article took 0.3 s instead of 0.02 s.
                session.execute(text("ANALYZE"))
                session.commit()
                analysed = self.claims
        for claim_id, status, at in decisions:
            review.decide(session, claim_id, self.user, review.Decision(status, note=note_for(status)),
                          based_on=[1], now=at)
        session.commit()

    def ingest_time(self):
        return self.start + timedelta(days=self.copies / PER_DAY)

    def write_copies(self, session, target: int) -> None:
        """One batch of copies: their documents, then their claims, then the claims' rows."""
        documents, chosen = [], []
        while len(documents) < BATCH and self.claims + sum(len(t.claims) for _c, t in chosen) < target:
            template = self.templates[self.copies % len(self.templates)]
            article, copied = template.article, f"{template.article.text}\n\nCopy {self.copies}."
            documents.append({"title": article.title, "url": article.url, "outlet": article.outlet,
                              "published": article.published, "text": copied,
                              "content_hash": ingest.content_hash(copied), "ingested_at": self.ingest_time(),
                              "extractor": article.extractor})
            chosen.append((self.copies, template))
            self.copies += 1
        document_ids = self.write(session, Document, documents, with_ids=True)
        claims, decided = [], []
        for document_id, document, (_copy, template) in zip(document_ids, documents, chosen):
            at = document["ingested_at"]
            for row in template.claims:
                claims.append(dict(row, document_id=document_id, created_at=at, updated_at=at, checked_at=None,
                                   checked_by_id=None))
                decided.append(self.claims < self.decided and self.decide(claims[-1], at))
                self.claims += 1
        claim_ids = self.write(session, Claim, claims, with_ids=True)
        in_order = iter(claim_ids)  # last in each zip below, so that no id is drawn past a document's end
        attributions, corroboration, bands, aliases = [], [], [], []
        for document_id, (copy, template) in zip(document_ids, chosen):
            salt = salted(copy)
            aliases.extend(dict(alias, scope=sources.document_scope(document_id)) for alias in template.aliases)
            for links, origin, keys, claim_id in zip(template.attributions, template.corroboration,
                                                     template.article.draft.keys, in_order):
                attributions.extend(dict(a, claim_id=claim_id) for a in links)
                corroboration.append(dict(origin, claim_id=claim_id, reports=1, independent_origins=1,
                                          circular=False))
                bands.extend({"key": key ^ salt, "claim_id": claim_id} for key in set(keys))
        events = [dict(event, claim_id=claim_id) for claim_id, event in zip(claim_ids, decided) if event]
        for model, rows in ((Attribution, attributions), (SourceAlias, aliases),
                            (ClaimCorroboration, corroboration), (ClaimBand, bands), (ClaimEvent, events)):
            self.write(session, model, rows)

    def decide(self, claim: dict, at) -> dict:
        """Make the claim row one that review.decide has decided; return its history row."""
        status = STATUSES[self.claims % 3]
        credibility = ratings.credibility_for(status, None)
        claim.update(status=status, credibility=credibility, version=2, updated_at=at, checked_at=at,
                     checked_by_id=self.user.id)
        return {"version": 2, "actor_id": self.user.id, "at": at, "action": "decide", "from_status": "unreviewed",
                "to_status": status, "note": note_for(status), "evidence": [], "credibility": credibility}

    def write(self, session, model, rows: list[dict], with_ids: bool = False) -> list[int] | None:
        t0 = time.perf_counter()
        table = model.__table__
        if with_ids:
            result = bulk.insert_returning_ids(session, table, rows)
        else:
            result = bulk.insert_rows(session, table, rows)
        self.seconds[table.name] = self.seconds.get(table.name, 0) + time.perf_counter() - t0
        return result


@contextlib.contextmanager
def checks_deferred(session):
    """On PostgreSQL, what the copies write is checked and indexed after the load, as pg_restore
    loads a dump: the foreign keys of the tables they write, and the two indexes of the band
    rows (16 a claim), are dropped and then made again, each in one pass over its table. Row by
    row, the foreign key checks were three quarters of the cost of writing a band row, and
    inserts at random places of the band key index outgrow the server's buffers. (If the load
    fails, the database is dropped as it is.)"""
    if not db.is_postgres():
        yield
        return
    constraints = session.execute(text(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(:copied) "
        "OR contype = 'p' AND conrelid::regclass::text = :bands ORDER BY contype DESC, 1, 2"),
        {"copied": list(COPIED), "bands": ClaimBand.__tablename__}).all()
    indexes = session.execute(text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :bands "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY 1"),
        {"bands": ClaimBand.__tablename__}).all()
    for table, name, _definition in constraints:
        session.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for name, _definition in indexes:
        session.execute(text(f'DROP INDEX "{name}"'))
    session.commit()
    yield
    t0 = time.perf_counter()
    for _name, definition in indexes:
        session.execute(text(definition))
    for table, name, definition in constraints:  # the primary key first, then the foreign keys
        session.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    session.commit()
    print(f"  indexes made and foreign keys checked after the load in {time.perf_counter() - t0:.0f} s", flush=True)


def note_for(status: str) -> str | None:
    return "Contradicted by the record." if status == "disputed" else None


def salted(copy: int) -> int:
    """The XOR salt of a copy's LSH band keys. Every copy of a dev article has the same sentences,
    so, left alone, each claim would share its bands with the same claim in every earlier copy: a
    desk where every article was reprinted hundreds of times. Real news collides in the index only
    where words do (corroboration at 1M claims is measured that way by
    tests/benchmarks/corroboration.py). Below 2^62, so each key stays a signed 64-bit integer."""
    return (copy * 0x9E3779B97F4A7C15) & ((1 << 62) - 1)
