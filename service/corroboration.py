"""Matching at ingest: each new claim against the stored claims of other documents.

Ingest calls :func:`match_claims` once the document's claims are inserted, with their words, band
keys and origins worked out before its transaction began; :func:`rematch` re-reads a stored one. Candidates come from
the LSH band index (``claim_bands``, an indexed table, so it survives restarts and is shared by
every process); each candidate is scored (:mod:`service.similarity`) and a pair at or above the
threshold becomes a ``suggested`` link. An existing link is never touched: a person's confirm or
reject sticks however often the claims are matched again (:func:`rematch` too).
"""
from __future__ import annotations

import functools
from collections import defaultdict

from sqlalchemy import bindparam, func, select, true, tuple_
from sqlalchemy.orm import Session, aliased, join, selectinload

from service import bulk, clusters, similarity
from service.models import Attribution, Claim, Document, utcnow
from service.models_corroboration import ClaimBand, ClaimCorroboration, ClaimLink
from service.origins import Origin, matching_text, origin_of

# Per new claim, score at most this many candidates (those sharing the most band keys): a bound on
# the work whatever the store holds. True matches share most bands, so they rank first.
MAX_CANDIDATES = 10
# Per band key, the newest stored claims that share it, at most (PostgreSQL; see _candidates).
PER_KEY = 200
# SQLite allows 32766 bound parameters; stay far below it.
CHUNK = 900
_NEW, _STORED = aliased(ClaimBand, name="new"), aliased(ClaimBand, name="stored")  # band rows of both sides


def statement_words(claim: Claim) -> list[str]:
    return similarity.words(matching_text(claim.text, claim.statement))


def match_document(session: Session, document: Document) -> list[tuple[int, int, float]]:
    """Index a stored document's claims, record their origins and link them to matching claims of
    other documents (:func:`rematch`); returns the new links as (claim id, claim id, score)."""
    # One query for the claims and one for their attributions (origins read them).
    claims = list(session.scalars(
        select(Claim).where(Claim.document_id == document.id).order_by(Claim.index)
        .options(selectinload(Claim.attributions).selectinload(Attribution.source))
    ))  # the sources too: origins resolve through the registry, and held here they cost no query
    if not claims:
        return []
    words = [statement_words(claim) for claim in claims]
    origins = [origin_of(claim, document) for claim in claims]
    ids = [claim.id for claim in claims]
    return match_claims(session, document.id, ids, words, similarity.band_keys(words), origins, fresh=False)


def match_claims(session: Session, document_id: int, ids: list[int], words: list[list[str]], keys: list[list[int]],
                 origins: list[Origin], *, fresh: bool = True) -> list[tuple[int, int, float]]:
    """Index claims of one document (their words, band keys and origins worked out by the
    caller; ``ids`` all of the document's claims), and link them to matching claims of other
    documents; returns the new links.
    ``fresh``: the claims were inserted just now, so no link of theirs can exist yet."""
    if not ids:
        return []
    # Every claim starts as its own single-report cluster; linked ones are summarised below.
    bulk.insert_rows(session, ClaimCorroboration.__table__, [
        {"claim_id": claim_id, "origin_key": origin.key, "origin_name": origin.name, "words": " ".join(ws),
         "reports": 1, "independent_origins": 1, "circular": False}
        for claim_id, origin, ws in zip(ids, origins, words)
    ])
    bulk.insert_rows(session, ClaimBand.__table__,
                     [{"key": key, "claim_id": claim_id} for claim_id, ks in zip(ids, keys) for key in set(ks)])
    candidates = {}
    for start in range(0, len(ids), CHUNK):
        candidates.update(_candidates(session, document_id, ids[start:start + CHUNK]))
    links = _link(session, ids, words, candidates, fresh)
    clusters.refresh(session, sorted({end for a, b, _score in links for end in (a, b)}))
    return links


def _candidates(session: Session, document_id: int, ids: list[int]) -> dict:
    """For each new claim id (its band rows inserted), the ids of stored claims of other
    documents sharing its band keys, most shared keys first (then the newest), at most
    MAX_CANDIDATES (the query: :func:`_candidates_query`)."""
    found = defaultdict(list)
    query = _candidates_query(session.get_bind().dialect.name)
    values = {"document_id": document_id, "ids": ids, "per_key": PER_KEY, "best": MAX_CANDIDATES}
    for claim_id, other_id in session.connection().execute(query, values):
        found[claim_id].append(other_id)
    return found


@functools.cache
def _candidates_query(dialect: str):
    """One query: the new claims' band rows (by the claim_id index), each joined to the rows of the
    same key (the (key, claim_id) primary key), counted per pair and cut to the best
    MAX_CANDIDATES per new claim inside the database. The document's own claims are left out.

    Built once per dialect, with the document, the claim ids and the caps as parameters: constructing it
    per ingest (and so computing its cache key) cost more than SQLite spent running it."""
    own = select(Claim.id).where(Claim.document_id == bindparam("document_id"))
    if dialect == "postgresql":
        # A LATERAL probe of the primary key per band row, newest sharers first and at most
        # PER_KEY of them. Written as a plain join, PostgreSQL hashed every band row of the table
        # instead (a parallel sequential scan: 118 ms per document at 30k claims, growing with the
        # table; the probes took 0.9 ms). The cap also bounds a key that thousands of stored
        # claims share (a boilerplate sentence). SQLite probes the index per band row by itself.
        sharer = (select(_STORED.claim_id).where(_STORED.key == _NEW.key, _STORED.claim_id.not_in(own))
                  .order_by(_STORED.claim_id.desc()).limit(bindparam("per_key")).lateral("sharer"))
        other, pairs, not_own = sharer.c.claim_id, join(_NEW, sharer, true()), true()
    else:
        other, pairs = _STORED.claim_id, join(_NEW, _STORED, _STORED.key == _NEW.key)
        not_own = _STORED.claim_id.not_in(own)
    mine = _NEW.claim_id
    counted = (
        select(mine.label("mine"), other.label("other"),
               func.row_number().over(partition_by=mine, order_by=(func.count().desc(), other.desc())).label("rank"))
        .select_from(pairs)
        .where(mine.in_(bindparam("ids", expanding=True)), not_own)
        .group_by(mine, other)
        .subquery()
    )
    return select(counted.c.mine, counted.c.other).where(counted.c.rank <= bindparam("best")) \
        .order_by(counted.c.mine, counted.c.rank)


def _link(session: Session, ids: list[int], words: list[list[str]], candidates: dict, fresh: bool) -> list[tuple]:
    wanted = sorted({other for others in candidates.values() for other in others})
    if not wanted:
        return []
    stored = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        query = select(ClaimCorroboration.claim_id, ClaimCorroboration.words).where(
            ClaimCorroboration.claim_id.in_(chunk), ClaimCorroboration.words.is_not(None))
        stored.update((claim_id, ws.split()) for claim_id, ws in session.connection().execute(query))
    missing = [claim_id for claim_id in wanted if claim_id not in stored]
    for start in range(0, len(missing), CHUNK):
        query = select(Claim.id, Claim.text, Claim.statement).where(Claim.id.in_(missing[start:start + CHUNK]))
        for claim_id, text, statement in session.execute(query):
            stored[claim_id] = similarity.words(matching_text(text, statement))
    scored = {}
    for claim_id, mine in zip(ids, words):
        for other in candidates.get(claim_id, ()):
            value = similarity.score(mine, stored[other])
            if value >= similarity.THRESHOLD:
                scored[(min(claim_id, other), max(claim_id, other))] = value
    existing = set() if fresh else _existing_pairs(session, list(scored))
    now = utcnow()
    links = [{"claim_a_id": a, "claim_b_id": b, "score": value, "status": "suggested", "version": 1,
              "created_at": now}
             for (a, b), value in scored.items() if (a, b) not in existing]
    bulk.insert_rows(session, ClaimLink.__table__, links)
    return [(link["claim_a_id"], link["claim_b_id"], link["score"]) for link in links]


def _existing_pairs(session: Session, pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    found = set()
    for start in range(0, len(pairs), CHUNK // 2):
        chunk = pairs[start:start + CHUNK // 2]
        query = select(ClaimLink.claim_a_id, ClaimLink.claim_b_id).where(
            tuple_(ClaimLink.claim_a_id, ClaimLink.claim_b_id).in_(chunk)
        )
        found.update(tuple(row) for row in session.execute(query))
    return found


def rematch(session: Session, document: Document) -> list[tuple[int, int, float]]:
    """Match a stored document again (after a threshold change, or one ingested before matching
    existed): rebuilds its index rows and origins; links people decided stay as they are."""
    ids = [claim.id for claim in document.claims]
    if ids:
        session.query(ClaimBand).filter(ClaimBand.claim_id.in_(ids)).delete(synchronize_session=False)
        session.query(ClaimCorroboration).filter(ClaimCorroboration.claim_id.in_(ids)).delete(
            synchronize_session=False
        )
        session.flush()
    links = match_document(session, document)
    # The document's claims start over as single reports; their clusters (old links) say otherwise.
    clusters.refresh(session, ids)
    return links
