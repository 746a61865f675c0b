"""/api/exports/{format}: the claims GET /api/claims would list, as one streamed file."""
from __future__ import annotations

from flask import Response, current_app, stream_with_context
from flask_smorest import Blueprint

from schemas.claims import ClaimQuerySchema
from service import documents, exports
from service.api.auth import requires
from service.api.claims import documented
from service.db import db
from service.models import utcnow

blp = Blueprint("exports", __name__, url_prefix="/api/exports", description="Claims exported for sharing")

_FORMATS = "; ".join(f"{f.name}: {f.description}" for f in exports.FORMATS.values())


@blp.route("/<string:format_name>")
@requires("analyst")
@blp.arguments(ClaimQuerySchema, location="query")
@blp.doc(responses={"200": {"description": f"The export, streamed. Formats: {_FORMATS}.",
                            "content": {f.media_type.split(";")[0]: {"schema": {"type": "string"}}
                                        for f in exports.FORMATS.values()}}})
@documented(401, 404, 422)
def export_claims(query, format_name):
    """Export the claims a filter selects (the filters of GET /api/claims) as csv, jsonl, claimreview or misp"""
    chosen = exports.get_format(format_name)
    settings = exports.ExportSettings.from_config(current_app.config, utcnow())
    where = documents.ClaimFilter(**query)

    def body():
        # The request's session is closed once the view returns; the stream takes a session of
        # its own when it starts, which the streaming context's teardown closes.
        yield from exports.stream(db.session, chosen.name, where, settings)

    filename = f"claims-{settings.generated_at:%Y%m%d-%H%M%S}.{chosen.extension}"
    return Response(stream_with_context(body()), content_type=chosen.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
