"""service.ingest and service.sources: rows as extracted, duplicates, one savepoint per article."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from service import extraction, source_names, sources
from service.db import db
from service.errors import Duplicate, RuleViolation
from service.extraction import Attribution as Found, Claim as FoundClaim, Source as FoundSource, Span
from service.ingest import ATTRIBUTED, UNATTRIBUTED, UNNAMED_SOURCE, ingest_text, sourcing_of
from service.models import Attribution, Claim, Document, Source, User
from service.users import create_user


def counts(session) -> dict:
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Document, Claim, Attribution, Source)}


def test_ingest_stores_what_the_extractor_finds(app, seed_text):
    with app.app_context():
        session = db.session
        user, _ = create_user(session, "eddie", "editor")
        document = ingest_text(session, seed_text, title=" Seed ", published="2019-11-27", user=user)
        session.commit()
        expected = extraction.extract(seed_text)
        stored = session.get(Document, document.id)
        assert stored.title == "Seed" and stored.published == date(2019, 11, 27)
        assert stored.ingested_by_id == user.id
        assert stored.content_hash == hashlib.sha256(seed_text.encode()).hexdigest()
        assert [(c.index, c.start, c.end, c.paragraph, c.statement) for c in stored.claims] == [
            (c.index, c.sentence.start, c.sentence.end, c.paragraph, c.statement) for c in expected.claims]
        assert sum(len(c.attributions) for c in stored.claims) > 0  # the seed article cites sources
        for claim, found in zip(stored.claims, expected.claims):
            assert claim.sourcing == sourcing_of(found) and claim.status == "unreviewed" and claim.version == 1
            assert len(claim.attributions) == len(found.attributions)
            for row in claim.attributions:
                assert stored.text[row.cue_start:row.cue_end] == row.cue_text
                assert all(0 <= s < e <= len(stored.text) for s, e in row.content)
                assert (row.source_id is not None) == (sources.mention_of(row) is not None)


def test_the_same_text_twice_is_a_duplicate_naming_the_first(app):
    with app.app_context():
        first = ingest_text(db.session, "One sentence. Two sentences.")
        db.session.commit()
        with pytest.raises(Duplicate) as raised:
            ingest_text(db.session, "One sentence. Two sentences.", title="Other")
        assert raised.value.errors == {"document_id": first.id}
        assert counts(db.session)["Document"] == 1


def test_a_failed_ingest_leaves_nothing_and_the_transaction_usable(app, seed_text):
    with app.app_context():
        session = db.session
        kept, _ = create_user(session, "kept", "analyst")
        ghost = User(id=987654, name="ghost", role="editor", token_hash="0" * 64)  # never stored
        with pytest.raises(IntegrityError):
            ingest_text(session, seed_text, user=ghost)  # the foreign key fails at flush
        session.commit()
        assert counts(session) == {"Document": 0, "Claim": 0, "Attribution": 0, "Source": 0}
        assert session.scalar(select(User.name).where(User.id == kept.id)) == "kept"
        assert ingest_text(session, seed_text).id  # nothing half-stored blocks a retry


@pytest.mark.parametrize("kwargs, field", [
    ({"text": ""}, "text"), ({"text": " \n\t"}, "text"), ({"text": None}, "text"),
    ({"text": "A.", "published": "yesterday"}, "published"), ({"text": "A.", "title": 5}, "title"),
    ({"text": "A.", "url": "u" * 2001}, "url"), ({"text": "A.", "outlet": "o" * 201}, "outlet"),
    ({"text": "A \x00 B."}, "text"), ({"text": "A \ud800."}, "text"), ({"text": "A.", "title": "\udfff"}, "title"),
])
def test_bad_input_is_a_rule_violation_and_stores_nothing(app, kwargs, field):
    with app.app_context():
        with pytest.raises(RuleViolation) as raised:
            ingest_text(db.session, **kwargs)
        assert field in raised.value.errors
        db.session.commit()
        assert counts(db.session)["Document"] == 0


def _attribution(source: FoundSource) -> Found:
    return Found(source=source, cue=Span(0, 4, "said"), content=(Span(5, 9, "that"),), rule="t",
                 cue_lemma="say", confidence=0.5)


NAMED = FoundSource(Span(0, 5, "Zarif"), "person", True)
UNNAMED = FoundSource(Span(0, 7, "reports"), "other", False)
IMPLICIT = FoundSource(None)


@pytest.mark.parametrize("found, expected", [
    ((), UNATTRIBUTED), ((NAMED,), ATTRIBUTED), ((NAMED, NAMED), ATTRIBUTED), ((UNNAMED,), UNNAMED_SOURCE),
    ((NAMED, IMPLICIT), UNNAMED_SOURCE), ((IMPLICIT,), UNNAMED_SOURCE),
    ((FoundSource(None, "person", True),), UNNAMED_SOURCE),
])
def test_sourcing(found, expected):
    claim = FoundClaim(0, Span(0, 4, "Text"), 0, "Text", tuple(_attribution(s) for s in found))
    assert sourcing_of(claim) == expected


@pytest.mark.parametrize("names", [
    ("Zarif", "zarif", " ZARIF "), ("The Taliban", "the taliban's", "Taliban"),
    ("Tasnim News", "tasnim  news", "Tasnim News,"), ("Café Société", "cafe societe"),
])
def test_source_keys_ignore_case_articles_possessives_and_accents(names):
    assert len({source_names.key(name) for name in names}) == 1


def test_registry_is_get_or_create_per_name(app):
    with app.app_context():
        session = db.session
        first = sources.get_or_create(session, "Mike Pompeo", "person")
        assert sources.get_or_create(session, "mike pompeo's", "person") is first
        # the extractor's kind is a guess: the same name is the same entry whatever kind it got
        assert sources.get_or_create(session, "Mike Pompeo", "organization") is first
        assert sources.get_or_create(session, "Pompeo", "person") is not first
        assert sources.get_or_create(session, " ' ", "person") is None
        session.commit()
        assert first.name == "Mike Pompeo" and first.named is True
        assert sources.find_by_name(session, "MIKE POMPEO", "person").id == first.id
        assert counts(session)["Source"] == 2


def test_articles_citing_one_source_share_its_registry_entry(app, seed_text):
    with app.app_context():
        session = db.session
        first = ingest_text(session, seed_text)
        second = ingest_text(session, seed_text + "\n\nOne more sentence.")
        session.commit()

        def registry_ids(document):
            return {a.source_id for c in document.claims for a in c.attributions if a.source_id}

        assert registry_ids(first) and registry_ids(first) == registry_ids(second)


def test_a_long_text_is_extracted_and_drafted_in_a_worker_process_alike(seed_text):
    """The worker's (extraction, draft) for a text over the offload bound equals the thread's."""
    from service import ingest_rows, offload

    in_worker = offload.extractor(1, 100)
    try:
        found, draft = in_worker(seed_text)
    finally:
        offload.shutdown()
    here, here_draft = ingest_rows.extract_and_draft(seed_text)
    assert found == here
    assert ingest_rows.claim_rows(draft.claims) == [
        {**row, "created_at": d.created_at, "updated_at": d.updated_at}
        for row, d in zip(ingest_rows.claim_rows(here_draft.claims), draft.claims)]
    assert ingest_rows.attribution_rows(draft.attributions) == ingest_rows.attribution_rows(here_draft.attributions)
    assert (draft.words, draft.keys, draft.relayed) == (here_draft.words, here_draft.keys, here_draft.relayed)
