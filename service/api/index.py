"""GET /api: where everything is, so the startup line's link leads somewhere useful."""
from __future__ import annotations

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import fields

from schemas.common import StrictSchema
from service import __version__

blp = Blueprint("index", __name__, url_prefix="/api", description="The API's entry point")


class IndexSchema(StrictSchema):
    name = fields.String(dump_only=True)
    version = fields.String(dump_only=True)
    links = fields.Dict(keys=fields.String(), values=fields.String(), dump_only=True,
                        metadata={"description": "Resource name → path"})


@blp.route("")
@blp.response(200, IndexSchema)
@blp.doc(security=[])
def index():
    """The API's links: its resources, the OpenAPI document and the reference page"""
    links = {
        "health": url_for("health.health"),
        "documents": url_for("documents.list_documents"),
        "claims": url_for("claims.list_claims"),
        "queue": url_for("queue.overview"),
        "lease": url_for("queue.lease"),
        "users": url_for("users.list_users"),
        "openapi": url_for("api-docs.openapi_json"),
        "reference": url_for("apidocs.reference"),
        "review_page": url_for("web.review_page"),
    }
    return {"name": "claimdesk", "version": __version__, "links": links}
