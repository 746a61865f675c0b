"""service.bulk: rows stored the same whichever way they travel (a JSON parameter or COPY on
PostgreSQL, executemany on SQLite), new ids in the rows' order, and the claim tallies' trigger
counting them."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from service import bulk, ingest, queue
from service.db import db
from service.ingest_rows import ATTRIBUTION_COLUMNS, CLAIM_COLUMNS, attribution_rows, claim_rows
from service.models import Attribution, Claim, ClaimTally, Document

CHANGED_AT = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)


def stored(session, model, columns, document_id):
    query = select(*(model.__table__.c[name] for name in columns))
    if model is Claim:
        query = query.where(Claim.document_id == document_id).order_by(Claim.id)
    else:
        query = query.join(Claim, Claim.id == Attribution.claim_id).where(Claim.document_id == document_id) \
            .order_by(Attribution.id)
    return [dict(row._mapping) for row in session.execute(query)]


def store(session, text: str, copy: int = 0) -> tuple[int, list[int]]:
    """The article's claims and attributions as ingest drafts them, with ``bulk``."""
    article = ingest.prepare(text)
    document = Document(text=article.text, content_hash=ingest.content_hash(f"{article.text} {copy}"))
    session.add(document)
    session.flush()
    claims = [dict(row, document_id=document.id) for row in claim_rows(article.draft.claims)]
    ids = bulk.insert_returning_ids(session, Claim.__table__, claims)
    attributions = []
    for claim_id, claim in zip(ids, article.draft.claims):
        for attribution in attribution_rows(claim.attributions):
            # a timestamp with microseconds, and one value of every kind a column holds
            attributions.append(dict(attribution, claim_id=claim_id, changed_at=CHANGED_AT))
    bulk.insert_rows(session, Attribution.__table__, attributions)
    return document.id, ids


@pytest.mark.parametrize("copy_from", [1, 10**9], ids=["copy", "json"])
def test_rows_are_stored_as_given_with_their_ids_in_order(app, seed_text, monkeypatch, copy_from):
    with app.app_context():
        session = db.session
        monkeypatch.setattr(bulk, "COPY_FROM", copy_from)
        document_id, ids = store(session, seed_text)
        session.commit()
        article = ingest.prepare(seed_text)
        assert ids == sorted(ids) and len(set(ids)) == len(article.draft.claims) > 20
        claims = stored(session, Claim, ("id", "index", *CLAIM_COLUMNS), document_id)
        assert [claim["id"] for claim in claims] == ids
        assert [claim["index"] for claim in claims] == [claim.index for claim in article.draft.claims]
        assert [(c["text"], c["statement"], c["sourcing"], c["status"], c["credibility"]) for c in claims] == [
            (c.text, c.statement, c.sourcing, c.status, c.credibility) for c in article.draft.claims]
        attributions = stored(session, Attribution, ATTRIBUTION_COLUMNS, document_id)
        expected = [dict(row, changed_at=CHANGED_AT) for row in attribution_rows(article.draft.attributions)]
        assert len(attributions) == len(expected) > 5
        for got, want in zip(attributions, expected):
            got["changed_at"] = got["changed_at"].replace(tzinfo=timezone.utc)  # SQLite returns it naive
            assert {k: v for k, v in got.items() if k != "claim_id"} == {
                k: v for k, v in want.items() if k != "claim_id"}
        assert any(row["antecedent_text"] is None for row in attributions)  # NULLs went as NULLs
        assert any(row["source_named"] for row in attributions) and not all(row["source_named"] for row in attributions)


def test_copy_and_json_store_the_same_rows_and_the_tallies_count_both(app, seed_text, monkeypatch):
    with app.app_context():
        session = db.session
        documents = []
        for copy, copy_from in enumerate((1, 10**9)):
            monkeypatch.setattr(bulk, "COPY_FROM", copy_from)
            documents.append(store(session, seed_text, copy))
        session.commit()
        (first, first_ids), (second, second_ids) = documents
        for model, columns in ((Claim, CLAIM_COLUMNS), (Attribution, ATTRIBUTION_COLUMNS)):
            kept = [name for name in columns if name not in ("document_id", "claim_id", "created_at", "updated_at")]
            assert stored(session, model, kept, first) == stored(session, model, kept, second)
        assert min(second_ids) > max(first_ids)
        tallied = session.scalar(select(func.sum(ClaimTally.claims)).where(ClaimTally.status == "unreviewed"))
        assert tallied == session.scalar(select(func.count()).select_from(Claim)) == 2 * len(first_ids)
        assert queue.status_counts(session)["unreviewed"] == tallied
