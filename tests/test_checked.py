"""Checked extraction (deciding checks a claim's attributions; reviewed documents) and the queue's
uncertain-first order."""
from __future__ import annotations

from sqlalchemy import update

from service.db import db
from service.models import Attribution, Claim
from tests.conftest import bearer, ingested

TEXT = ("Zarif said Iran was ready. Officials said the talks failed. The weather was fine. "
        "Reuters reported that the border was closed.")
OTHER = "Nobody spoke. The talks went on."


def ingest(client, token, text, title):
    return ingested(client, token, {"text": text, "title": title})


def decide(client, token, claim_id, status="confirmed"):
    tag = client.get(f"/api/claims/{claim_id}", headers=bearer(token)).headers["ETag"]
    response = client.patch(f"/api/claims/{claim_id}", json={"status": status, "note": "why"},
                            headers=bearer(token) | {"If-Match": tag})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def listed(client, token, query=""):
    return [d["id"] for d in client.get(f"/api/documents{query}", headers=bearer(token)).get_json()]


def test_deciding_checks_the_claim_and_a_fully_checked_document_is_reviewed(client, editor_token, analyst_token):
    document = ingest(client, editor_token, TEXT, "checked")
    other = ingest(client, editor_token, OTHER, "other")
    assert listed(client, analyst_token, "?reviewed=true") == []
    assert listed(client, analyst_token, "?reviewed=false") == [other["id"], document["id"]]
    first, *rest = document["claims"]
    assert first["checked_at"] is None and first["checked_by"] is None
    decided = decide(client, analyst_token, first["id"])
    assert decided["checked_by"] == "ana" and decided["checked_at"] is not None
    reopened = decide(client, analyst_token, first["id"], "unreviewed")
    assert reopened["checked_at"] is None
    for claim in document["claims"]:
        decide(client, analyst_token, claim["id"], "disputed" if claim is first else "inconclusive")
    assert listed(client, analyst_token, "?reviewed=true") == [document["id"]]
    assert listed(client, analyst_token, "?reviewed=false") == [other["id"]]
    assert listed(client, analyst_token) == [other["id"], document["id"]]
    response = client.get("/api/documents?reviewed=maybe", headers=bearer(analyst_token))
    assert response.status_code == 422 and "reviewed" in response.get_json()["errors"]


def test_uncertain_order_leases_the_least_confident_attributions_first(app, client, editor_token, analyst_token):
    document = ingest(client, editor_token, TEXT, "uncertain")
    attributed = [c for c in document["claims"] if c["attributions"]]
    assert len(attributed) >= 3
    with app.app_context():
        for confidence, claim in zip((0.9, 0.2, 0.5), attributed):
            db.session.execute(update(Attribution).where(Attribution.claim_id == claim["id"]).values(confidence=confidence))
        db.session.commit()
    order = []
    for _ in range(len(document["claims"])):
        response = client.post("/api/queue/lease", json={"order": "uncertain"}, headers=bearer(analyst_token))
        claim = response.get_json()["claim"]
        order.append(claim["id"])
        decide(client, analyst_token, claim["id"])
    unattributed = [c["id"] for c in document["claims"] if not c["attributions"]]
    assert order[:3] == [attributed[1]["id"], attributed[2]["id"], attributed[0]["id"]]
    assert order[3:] == unattributed
    response = client.post("/api/queue/lease", json={"order": "random"}, headers=bearer(analyst_token))
    assert response.status_code == 422 and "order" in response.get_json()["errors"]
    with app.app_context():
        assert db.session.query(Claim).filter(Claim.checked_at.is_(None)).count() == 0
