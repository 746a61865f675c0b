"""The queue's service layer: order, leases, expiry, skips, the decision check, concurrency."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from service import queue
from service.db import db
from service.errors import LeaseHeld, NotFound
from service.ingest import ingest_text
from service.models import Claim, Document, User
from service.users import create_user

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


def add_document(session, name: str, sourcings: list[int], ingested_at: datetime = T0) -> Document:
    """A document whose claim i has sourcing ``sourcings[i]`` (rows as ingest stores them)."""
    text = " ".join(f"{name} sentence {i}." for i in range(len(sourcings)))
    document = Document(title=name, text=text, content_hash=name.ljust(64, "0"), ingested_at=ingested_at)
    session.add(document)
    session.flush()
    offset = 0
    for i, sourcing in enumerate(sourcings):
        sentence = f"{name} sentence {i}."
        session.add(Claim(document_id=document.id, index=i, paragraph=0, start=offset, end=offset + len(sentence),
                          text=sentence, statement=sentence, sourcing=sourcing, status="unreviewed", version=1))
        offset += len(sentence) + 1
    session.flush()
    return document


def users(session, count: int, role: str = "analyst") -> list[User]:
    made = [create_user(session, f"{role}{i}", role)[0] for i in range(count)]
    session.flush()
    return made


def describe(claim: Claim | None):
    return None if claim is None else (claim.document.title, claim.index)


def test_order_documents_first_in_then_sourcing_then_index(app):
    # "First in" is the order documents were stored in (their ids), whatever ingested_at says.
    with app.app_context():
        session = db.session
        add_document(session, "first", [2, 1, 0, 2, 0], ingested_at=T0 + timedelta(minutes=1))
        add_document(session, "later", [0, 0])
        analysts = users(session, 8)
        leased = [describe(queue.lease_next(session, a, now=T0)) for a in analysts]
    assert leased == [("first", 2), ("first", 4), ("first", 1), ("first", 0), ("first", 3),
                      ("later", 0), ("later", 1), None]


def test_analyst_holding_a_lease_gets_it_back(app):
    with app.app_context():
        session = db.session
        add_document(session, "doc", [2, 2])
        ana, bob = users(session, 2)
        first = queue.lease_next(session, ana, seconds=60, now=T0)
        again = queue.lease_next(session, ana, seconds=60, now=T0 + timedelta(seconds=30))
        other = queue.lease_next(session, bob, now=T0)
        assert (again.id, again.leased_by_id, queue.aware(again.leased_until)) == (
            first.id, ana.id, T0 + timedelta(seconds=60))
        assert other.id != first.id


def test_expired_lease_is_free_without_any_sweeper(app):
    with app.app_context():
        session = db.session
        add_document(session, "doc", [2])
        ana, bob = users(session, 2)
        claim = queue.lease_next(session, ana, seconds=60, now=T0)
        assert queue.lease_next(session, bob, now=T0 + timedelta(seconds=59)) is None
        taken = queue.lease_next(session, bob, seconds=60, now=T0 + timedelta(seconds=61))
        assert (taken.id, taken.leased_by_id) == (claim.id, bob.id)
        assert queue.held_lease(session, ana, T0 + timedelta(seconds=61)) is None


def test_skip_passes_the_claim_to_others_first(app):
    with app.app_context():
        session = db.session
        add_document(session, "doc", [2, 2, 2])
        ana, bob = users(session, 2)
        first = queue.lease_next(session, ana, now=T0)
        assert queue.skip(session, ana, now=T0).id == first.id
        assert (first.leased_by_id, first.leased_until) == (None, None)
        assert describe(queue.lease_next(session, ana, now=T0)) == ("doc", 1)
        assert describe(queue.lease_next(session, bob, now=T0)) == ("doc", 0)  # bob never skipped it
        queue.skip(session, bob, now=T0)
        queue.skip(session, ana, now=T0 + timedelta(seconds=1))
        # ana skipped index 0 before index 1: unskipped index 2 first, then her oldest skip.
        assert describe(queue.lease_next(session, ana, now=T0)) == ("doc", 2)
        queue.skip(session, ana, now=T0 + timedelta(seconds=2))
        assert describe(queue.lease_next(session, ana, now=T0)) == ("doc", 0)


def test_skip_without_a_lease_is_not_found(app):
    with app.app_context():
        (ana,) = users(db.session, 1)
        with pytest.raises(NotFound, match="no lease"):
            queue.skip(db.session, ana, now=T0)


@pytest.mark.parametrize("status, document, expected", [
    ("unreviewed", "b", ("b", 0)),
    ("unreviewed", None, ("a", 1)),
    ("disputed", None, ("a", 0)),
    ("confirmed", None, None),
])
def test_filters_by_status_and_document(app, status, document, expected):
    with app.app_context():
        session = db.session
        first = add_document(session, "a", [2, 2])
        second = add_document(session, "b", [2], ingested_at=T0 + timedelta(seconds=1))
        first.claims[0].status = "disputed"
        (ana,) = users(session, 1)
        document_id = {"a": first.id, "b": second.id, None: None}[document]
        assert describe(queue.lease_next(session, ana, document_id=document_id, status=status, now=T0)) == expected


def test_changing_filters_releases_the_held_lease(app):
    with app.app_context():
        session = db.session
        first = add_document(session, "a", [2])
        second = add_document(session, "b", [2], ingested_at=T0 + timedelta(seconds=1))
        (ana,) = users(session, 1)
        old = queue.lease_next(session, ana, now=T0)
        new = queue.lease_next(session, ana, document_id=second.id, now=T0)
        assert (old.document_id, old.leased_by_id, new.document_id, new.leased_by_id) == (
            first.id, None, second.id, ana.id)


@pytest.mark.parametrize("holder, caller, offset, expected", [
    (None, "analyst", 0, False),          # no lease
    ("caller", "analyst", 0, False),      # the caller's own lease
    ("other", "analyst", 700, False),     # another's lease, expired
    ("other", "admin", 0, True),          # admin takes over a live lease
    ("other", "admin", 700, False),       # nothing to take over once expired
    ("other", "analyst", 0, LeaseHeld),   # another's live lease blocks
    ("other", "editor", 0, LeaseHeld),
])
def test_check_decision_allowed(app, holder, caller, offset, expected):
    with app.app_context():
        session = db.session
        add_document(session, "doc", [2])
        other = users(session, 1)[0]
        me = create_user(session, "me", caller)[0]
        claim = session.query(Claim).one()
        if holder:
            claim.leased_by_id = (me if holder == "caller" else other).id
            claim.leased_until = T0 + timedelta(seconds=600)
            session.flush()
        now = T0 + timedelta(seconds=offset)
        if expected is LeaseHeld:
            with pytest.raises(LeaseHeld, match="analyst0"):
                queue.check_decision_allowed(session, claim, me, now)
        else:
            assert queue.check_decision_allowed(session, claim, me, now) is expected


def test_lease_claim_takes_back_a_claim_and_ends_other_leases(app):
    with app.app_context():
        session = db.session
        add_document(session, "doc", [2, 2])
        ana, bob = users(session, 2)
        held = queue.lease_next(session, ana, now=T0)
        other = queue.lease_next(session, bob, now=T0)
        with pytest.raises(LeaseHeld):
            queue.lease_claim(session, other, ana, now=T0)
        queue.release_lease(other)
        queue.lease_claim(session, other, ana, seconds=30, now=T0)
        session.refresh(held)
        assert (held.leased_by_id, other.leased_by_id, queue.aware(other.leased_until)) == (
            None, ana.id, T0 + timedelta(seconds=30))


def test_overview_counts_statuses_leases_and_progress(app):
    with app.app_context():
        session = db.session
        doc = add_document(session, "doc", [2, 2, 2])
        doc.claims[1].status = "confirmed"
        (ana,) = users(session, 1)
        leased = queue.lease_next(session, ana, seconds=60, now=T0)
        seen = queue.overview(session, now=T0)
        assert queue.progress(session) == {"decided": 1, "total": 3}
        assert queue.progress(session, doc.id) == {"decided": 1, "total": 3}
        expired = queue.overview(session, now=T0 + timedelta(seconds=61))
    assert seen == {
        "statuses": {"unreviewed": 2, "confirmed": 1, "disputed": 0, "inconclusive": 0},
        "leases": [{"claim_id": leased.id, "document_id": doc.id, "leased_by": "analyst0",
                    "leased_until": T0 + timedelta(seconds=60)}],
        "documents": [{"document_id": doc.id, "title": "doc", "total": 3, "decided": 1}],
        "next_after": None,
    }
    assert expired["leases"] == []


def test_32_concurrent_analysts_never_share_a_claim(app):
    with app.app_context():
        add_document(db.session, "doc", [i % 3 for i in range(40)])
        ids = [u.id for u in users(db.session, 32)]
        db.session.commit()
    results, failures = {}, []
    start = threading.Barrier(len(ids))

    def lease(user_id):
        try:
            # A POST request context: db.session opens with BEGIN IMMEDIATE on SQLite, as in the API.
            with app.test_request_context("/api/queue/lease", method="POST"):
                start.wait()
                claim = queue.lease_next(db.session, db.session.get(User, user_id))
                db.session.commit()
                results[user_id] = claim.id
        except Exception as error:  # collected: an assertion in a thread would be lost
            failures.append(repr(error))

    threads = [threading.Thread(target=lease, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(results) == 32 and len(set(results.values())) == 32
    with app.app_context():
        leased = dict(db.session.query(Claim.id, Claim.leased_by_id).where(Claim.leased_by_id.is_not(None)).all())
    assert leased == {claim: user for user, claim in results.items()}


def test_8_analysts_drain_the_seed_article_over_http(app, live_server, seed_text):
    """The benchmark's drain, smaller: every claim decided exactly once, no 5xx, none left."""
    from tests.benchmarks.review_queue import analysts, check_drained, drain

    with app.app_context():
        total = len(ingest_text(db.session, seed_text, title="seed").claims)
        db.session.commit()
    result = drain(live_server, analysts(app, 8), deadline=time.monotonic() + 60)
    check_drained(app, result, total)
    assert result["statuses"][("lease", 204)] == 8  # each analyst stopped on an empty queue
