"""/api/claims: list and read claims, decide them (PATCH with If-Match), read their history.

ETags live here, in one place: ``"<claim id>-<version>"``. The version is the claim's
optimistic-lock counter, bumped by every change, so the tag changes exactly when the claim does.
"""
from __future__ import annotations

from http import HTTPStatus

from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

from schemas.claims import ClaimEventSchema, ClaimSchema, DecisionSchema
from schemas.pages import LINK_HEADER, ClaimListQuerySchema
from service import claim_views, documents, review
from service.api import preconditions
from service.api.auth import requires
from service.api.paging import next_link
from service.db import db

blp = Blueprint("claims", __name__, url_prefix="/api/claims", description="Claims and their review")


def documented(*codes: int, **doc):
    """Add the error responses a view can give to its OpenAPI entry: flask-smorest's response
    components, whose schema has the same fields as ours ({code, status, message, errors});
    ``doc``: more of the entry, as for ``blp.doc``.

    Only the documentation is kept: each of those decorators also wraps the view in a function
    that merely calls it (through ``current_app.ensure_sync``), a cost on every request."""

    def decorator(view):
        for code in codes:
            view = _doc_only(view, blp.alt_response(code, response=HTTPStatus(code).name))
        return _doc_only(view, blp.doc(**doc)) if doc else view

    return decorator


def _doc_only(view, documenting):
    view._apidoc = documenting(view)._apidoc  # flask-smorest reads a view's docs from here
    return view


def etag_of(claim) -> str:
    return f'"{claim.id}-{claim.version}"'


IF_MATCH = preconditions.if_match_parameter("", "claim")


def if_match_versions(claim_id: int) -> set[int] | None:
    """The versions If-Match names for this claim (service.api.preconditions)."""
    return preconditions.if_match_versions("", claim_id, "claim", f"/api/claims/{claim_id}",
                                           lambda: documents.get_claim(db.session, claim_id))


@blp.route("")
@requires("analyst")
@blp.arguments(ClaimListQuerySchema, location="query", unknown=RAISE)
@blp.response(200, ClaimSchema(many=True), headers=LINK_HEADER)
@documented(401)
def list_claims(query):
    """List claims in ingest order, filtered by document, status or source; pages follow Link"""
    after, page_size = query.pop("after", None), query.pop("page_size")
    page = documents.list_claims(db.session, documents.ClaimFilter(**query), after, page_size)
    return page.items, next_link(page)


@blp.route("/<int:claim_id>")
@requires("analyst")
@blp.response(200, ClaimSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documented(304, 401, 404)
def get_claim(claim_id):
    """Read one claim; its ETag goes in If-Match when you change it"""
    claim = claim_views.read_claim(db.connection(), claim_id)
    return preconditions.not_modified(etag_of(claim)) or (claim, {"ETag": etag_of(claim)})


@blp.route("/<int:claim_id>", methods=["PATCH"])
@db.writes_late  # review.decide takes the writer lock for its compare-and-set only
@requires("analyst")
@blp.arguments(DecisionSchema())  # one instance: webargs would build one per request
@blp.response(200, ClaimSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documented(400, 401, 404, 409, 412, 413, 415, 428, parameters=[IF_MATCH])
def decide_claim(decision, claim_id):
    """Confirm, dispute or mark a claim inconclusive (If-Match: its ETag)"""
    claim = review.decide(
        db.connection(), claim_id, g.user, review.Decision(**decision),
        based_on=if_match_versions(claim_id),
    )
    db.commit()
    return claim, {"ETag": etag_of(claim)}


@blp.route("/<int:claim_id>/history")
@requires("analyst")
@blp.response(200, ClaimEventSchema(many=True))
@documented(401, 404)
def claim_history(claim_id):
    """The claim's changes, oldest first: who, when, from and to which status, why"""
    return review.history(db.session, claim_id)
