"""/api/queue: lease the next claim to review, give it back, see the queue at a glance."""
from __future__ import annotations

from flask import Response, current_app, g
from flask_smorest import Blueprint
from marshmallow import RAISE

from schemas.pages import LINK_HEADER, QueueQuerySchema
from schemas.queue import (
    LeaseRequestSchema, LeaseSchema, QueueDecideSchema, QueueDecisionSchema, QueueSchema,
)
from service import desk, documents, queue, review
from service.api.auth import requires
from service.api.claims import documented, etag_of
from service.api.paging import next_link
from service.documents import Page
from service.db import db
from service.models import utcnow

blp = Blueprint("queue", __name__, url_prefix="/api/queue", description="The review queue and its leases")


@blp.route("")
@requires("analyst")
@blp.arguments(QueueQuerySchema, location="query", unknown=RAISE)
@blp.response(200, QueueSchema, headers=LINK_HEADER)
@blp.alt_response(401, response="UNAUTHORIZED")
def overview(query):
    """Claims per status, live leases (who, until when), a page of progress per document"""
    body = queue.overview(db.session, after=query.get("after"), limit=query["page_size"])
    page = Page(body["documents"], body.pop("next_after"))
    return body, next_link(page)


@blp.route("/decide", methods=["POST"])
@db.writes_late  # review.decide takes the writer lock for its compare-and-set; the lease follows
@requires("analyst")
@blp.arguments(QueueDecideSchema())  # an instance: a class would be instantiated on every request
@blp.response(200, QueueDecisionSchema)
@documented(401, 404, 409, 412, 413)
def decide_and_next(decision):
    """Decide a claim and lease the next one, in one step"""
    claim_id, version = decision.pop("claim_id"), decision.pop("version")
    document_id, order = decision.pop("document_id", None), decision.pop("order")
    outcome = desk.decide_and_take_next(db.connection(), g.user, claim_id, version, review.Decision(**decision),
                                        seconds=current_app.config["LEASE_SECONDS"], document_id=document_id,
                                        order=order)
    db.commit()
    return {"decided": outcome.decided, "next": outcome.next}


@blp.route("/lease", methods=["POST"])
@requires("analyst")
@blp.arguments(LeaseRequestSchema, required=False)
@blp.response(200, LeaseSchema, headers={"ETag": {"schema": {"type": "string"}}})
@blp.alt_response(204, description="Nothing left to review")
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
def lease(request_body):
    """Lease the next claim to review (the one you hold, if any); 204 when none is left"""
    now = utcnow()
    claim = queue.lease_next(db.session, g.user, seconds=current_app.config["LEASE_SECONDS"], now=now,
                             document_id=request_body.get("document_id"),
                             status=request_body.get("status", "unreviewed"),
                             order=request_body.get("order", "default"))
    if claim is not None:
        documents.load_span_texts(db.session, [claim])
    db.session.commit()
    if claim is None:
        return Response(status=204)
    until = queue.aware(claim.leased_until)
    body = {"claim": claim, "leased_until": until,
            "lease_seconds": max(0, round((until - now).total_seconds()))}
    return body, {"ETag": etag_of(claim)}


@blp.route("/lease", methods=["DELETE"])
@requires("analyst")
@blp.response(204)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(404, response="NOT_FOUND")
def give_back():
    """Skip: give back the claim you hold; others get it before you are offered it again"""
    queue.skip(db.session, g.user)
    db.session.commit()
