"""/api/claims/<id>/attributions: analysts correct who said what (If-Match: the claim's ETag)."""
from __future__ import annotations

from flask import Response, g, url_for
from flask_smorest import Blueprint

from schemas.attributions import AttributionChangeSchema, AttributionCreateSchema, AttributionEditSchema
from service import corrections, documents
from service.api.auth import requires
from service.api.claims import IF_MATCH_PATTERN, documented, etag_of, if_match_versions
from service.db import db

blp = Blueprint("attributions", __name__, url_prefix="/api/claims",
                description="Correcting a claim's attributions")
IF_MATCH = [{"in": "header", "name": "If-Match", "required": True,
             "description": "The claim's ETag from GET (weak or strong); `*` counts as absent",
             "schema": {"type": "string", "pattern": IF_MATCH_PATTERN}}]
ETAG = {"ETag": {"schema": {"type": "string"}}}


def _changed(attribution_id: int, claim_id: int):
    claim = documents.get_claim(db.session, claim_id)
    attribution = next(a for a in claim.attributions if a.id == attribution_id)
    return {"attribution": attribution, "claim": claim}, {"ETag": etag_of(claim)}


@blp.route("/<int:claim_id>/attributions", methods=["POST"])
@requires("analyst")
@blp.arguments(AttributionCreateSchema)
@blp.response(201, AttributionChangeSchema, headers=ETAG)
@blp.doc(parameters=IF_MATCH)
@documented(401, 404, 409, 412, 428)
def add_attribution(body, claim_id):
    """Add an attribution to a claim (analysts: on a claim they hold on lease)"""
    attribution = corrections.add_attribution(db.session, claim_id, g.user, corrections.AttributionEdit.of(body),
                                              based_on=if_match_versions(claim_id))
    db.session.commit()
    answer, headers = _changed(attribution.id, claim_id)
    headers["Location"] = url_for("attributions.change_attribution", claim_id=claim_id, attribution_id=attribution.id)
    return answer, headers


@blp.route("/<int:claim_id>/attributions/<int:attribution_id>", methods=["PATCH"])
@requires("analyst")
@blp.arguments(AttributionEditSchema)
@blp.response(200, AttributionChangeSchema, headers=ETAG)
@blp.doc(parameters=IF_MATCH)
@documented(401, 404, 409, 412, 428)
def change_attribution(body, claim_id, attribution_id):
    """Change an attribution's spans, kind, named flag or antecedent (only the fields given)"""
    corrections.change_attribution(db.session, claim_id, attribution_id, g.user,
                                   corrections.AttributionEdit.of(body), based_on=if_match_versions(claim_id))
    db.session.commit()
    return _changed(attribution_id, claim_id)


@blp.route("/<int:claim_id>/attributions/<int:attribution_id>", methods=["DELETE"])
@requires("analyst")
@blp.response(204, headers=ETAG)
@blp.doc(parameters=IF_MATCH)
@documented(401, 404, 409, 412, 428)
def remove_attribution(claim_id, attribution_id):
    """Remove an attribution; with none left the sentence speaks in the outlet's own voice"""
    claim = corrections.remove_attribution(db.session, claim_id, attribution_id, g.user,
                                           based_on=if_match_versions(claim_id))
    db.session.commit()
    return Response(status=204, headers={"ETag": etag_of(claim)})
