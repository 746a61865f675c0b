"""/api/queue: lease the next claim to review, give it back, see the queue at a glance."""
from __future__ import annotations

from flask import Response, current_app, g
from flask_smorest import Blueprint

from schemas.queue import LeaseRequestSchema, LeaseSchema, QueueSchema
from service import documents, queue
from service.api.auth import requires
from service.api.claims import etag_of
from service.db import db
from service.models import utcnow

blp = Blueprint("queue", __name__, url_prefix="/api/queue", description="The review queue and its leases")


@blp.route("")
@requires("analyst")
@blp.response(200, QueueSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
def overview():
    """Claims per status, live leases (who, until when), progress per document"""
    return queue.overview(db.session)


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
    db.session.commit()
    if claim is None:
        return Response(status=204)
    until = queue.aware(claim.leased_until)
    body = {"claim": documents.get_claim(db.session, claim.id), "leased_until": until,
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
