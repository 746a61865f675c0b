"""GET /api: where everything is, so the startup line's link leads somewhere useful."""
from __future__ import annotations

from flask import current_app, url_for
from flask_smorest import Blueprint
from marshmallow import fields

from schemas.common import StrictSchema
from service import __version__

blp = Blueprint("index", __name__, url_prefix="/api", description="The API's entry point")

# name → endpoint; paths and methods are read from the app's URL map, so they cannot drift.
LINKS = {
    "health": "health.health",
    "documents": "documents.list_documents",
    "document_deletions": "documents.list_deletions",
    "claims": "claims.list_claims",
    "queue": "queue.overview",
    "lease": "queue.lease",
    "users": "users.list_users",
    "openapi": "api-docs.openapi_json",
    "reference": "apidocs.reference",
    "review_page": "web.review_page",
}


class ApiLinkSchema(StrictSchema):
    href = fields.String(dump_only=True)
    methods = fields.List(fields.String(), dump_only=True)


class IndexSchema(StrictSchema):
    name = fields.String(dump_only=True)
    version = fields.String(dump_only=True)
    links = fields.Dict(keys=fields.String(), values=fields.Nested(ApiLinkSchema), dump_only=True,
                        metadata={"description": "Resource name → its path and HTTP methods"})


def _methods(path: str) -> list[str]:
    methods = set()
    for rule in current_app.url_map.iter_rules():
        if rule.rule == path:
            methods |= rule.methods - {"HEAD", "OPTIONS"}
    return sorted(methods)


@blp.route("")
@blp.response(200, IndexSchema)
@blp.doc(security=[])
def index():
    """The API's links: its resources, the OpenAPI document and the reference page"""
    links = {}
    for name, endpoint in LINKS.items():
        href = url_for(endpoint)
        links[name] = {"href": href, "methods": _methods(href)}
    return {"name": "claimdesk", "version": __version__, "links": links}
