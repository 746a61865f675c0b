"""Corroboration: a claim's cluster (GET /api/claims/{id}/corroboration) and decisions on links
(/api/links/{id}, PATCH with If-Match: the link's ETag ``"link-<id>-<version>"``)."""
from __future__ import annotations


from flask import g, url_for
from flask_smorest import Blueprint

from schemas.corroboration import (
    CorroborationSchema,
    LinkCreateSchema,
    LinkDecisionSchema,
    LinkEventSchema,
    LinkSchema,
)
from service import clusters, links
from service.api import preconditions
from service.api.auth import requires
from service.api.claims import documented
from service.db import db

blp = Blueprint("corroboration", __name__, url_prefix="/api", description="Corroboration across documents")


def etag_of(link) -> str:
    return f'"link-{link.id}-{link.version}"'


def if_match_versions(link_id: int) -> set[int] | None:
    """The versions If-Match names for this link (service.api.preconditions)."""
    return preconditions.if_match_versions("link-", link_id, "link", f"/api/links/{link_id}",
                                           lambda: links.get_link(db.session, link_id))


@blp.route("/claims/<int:claim_id>/corroboration")
@requires("analyst")
@blp.response(200, CorroborationSchema)
@documented(401, 404)
def claim_corroboration(claim_id):
    """Who else reports this claim, from which origins, and how independently"""
    return clusters.corroboration(db.session, claim_id)


@blp.route("/links", methods=["POST"])
@requires("analyst")
@blp.arguments(LinkCreateSchema)
@blp.response(201, LinkSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documented(400, 401, 404, 409, 413, 422)
def create_link(data):
    """Link two claims the matcher missed: a confirmed link, with your note"""
    link = links.create_link(db.session, tuple(data["claim_ids"]), g.user, data.get("note"))
    db.session.commit()
    link = links.get_link(db.session, link.id)
    return link, {"ETag": etag_of(link), "Location": url_for("corroboration.get_link", link_id=link.id)}


@blp.route("/links/<int:link_id>")
@requires("analyst")
@blp.response(200, LinkSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documented(304, 401, 404)
def get_link(link_id):
    """Read one link between two claims; its ETag goes in If-Match when you decide it"""
    link = links.get_link(db.session, link_id)
    return preconditions.not_modified(etag_of(link)) or (link, {"ETag": etag_of(link)})


@blp.route("/links/<int:link_id>", methods=["PATCH"])
@requires("analyst")
@blp.arguments(LinkDecisionSchema)
@blp.response(200, LinkSchema, headers={"ETag": {"schema": {"type": "string"}}})
@blp.doc(parameters=[preconditions.if_match_parameter("link-", "link")])
@documented(400, 401, 404, 412, 413, 428)
def decide_link(decision, link_id):
    """Confirm or reject a match between two claims (If-Match: the link's ETag)"""
    link = links.decide_link(db.session, link_id, g.user, decision["status"], decision.get("note"),
                             based_on=if_match_versions(link_id))
    db.session.commit()
    link = links.get_link(db.session, link.id)
    return link, {"ETag": etag_of(link)}


@blp.route("/links/<int:link_id>/history")
@requires("analyst")
@blp.response(200, LinkEventSchema(many=True))
@documented(401, 404)
def link_history(link_id):
    """The link's decisions, oldest first"""
    return links.history(db.session, link_id)
