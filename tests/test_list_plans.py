"""Claim lists read only what their page shows, on a desk whose oldest claims are decided.

A desk decides the oldest claims first, so the unreviewed ones come after all the decided ones in
id order. Planned by statistics alone, the first page of ``status=unreviewed`` walked the primary
key past every decided claim (at 1M claims: 200,000 rows, 142 ms); these tests read the plans the
databases choose with statistics gathered, and the pages they return."""
from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from service import bulk, documents
from service.db import db
from service.documents import ClaimFilter
from service.models import Claim, Document, utcnow

DECIDED, UNREVIEWED = 4000, 4000


@pytest.fixture
def worked_desk(app):
    """One document of DECIDED decided claims followed by UNREVIEWED unreviewed ones, analysed."""
    with app.app_context():
        session = db.session
        document = Document(text="Claims.", content_hash="f" * 64)
        session.add(document)
        session.flush()
        now = utcnow()
        bulk.insert_rows(session, Claim.__table__, [
            {"document_id": document.id, "index": n, "paragraph": 0, "start": 0, "end": 7, "text": "Claims.",
             "statement": "Claims.", "sourcing": 2, "status": "confirmed" if n < DECIDED else "unreviewed",
             "credibility": 6, "version": 1, "created_at": now, "updated_at": now}
            for n in range(DECIDED + UNREVIEWED)])
        session.commit()
        session.execute(text("ANALYZE claims"))
        session.commit()
    return app


def planned(session, call) -> tuple[str, object]:
    """The plan of the first statement ``call`` runs (the page's claims), and what it returns."""
    statements = []

    def seen(_connection, _cursor, statement, parameters, _context, _executemany):
        statements.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    statement, parameters = statements[0]
    explain = "EXPLAIN " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    rows = session.connection().exec_driver_sql(explain + statement, parameters).all()
    return "\n".join(str(row[-1]) for row in rows), result


@pytest.mark.parametrize("after", [None, DECIDED + UNREVIEWED // 2], ids=["first page", "middle page"])
def test_a_page_of_unreviewed_claims_reads_the_unreviewed_claims_index(worked_desk, after):
    with worked_desk.app_context():
        session = db.session
        plan, page = planned(session, lambda: documents.list_claims(
            session, ClaimFilter(status="unreviewed"), after, 50))
        first = DECIDED if after is None else after
        ids = list(session.scalars(select(Claim.id).order_by(Claim.id)))
        assert [claim.id for claim in page.items] == ids[first:first + 50]
        # PostgreSQL reads the partial index; SQLite searches (status, id)
        assert ("ix_claims_unreviewed_id" if db.is_postgres() else "ix_claims_status_id (status=?") in plan, plan
        assert "claims_pkey" not in plan and "Sort" not in plan and "TEMP B-TREE" not in plan, plan

