"""/api/exports/gold: the reviewed documents as gold annotations, streamed as JSON lines."""
from __future__ import annotations

from flask import Response, stream_with_context
from flask_smorest import Blueprint

from service.api.auth import requires
from service.api.claims import documented
from service.db import db
from service.exports import gold

blp = Blueprint("gold_export", __name__, url_prefix="/api/exports",
                description="The desk's reviewed documents as gold annotations")


@blp.route("/gold")
@requires("analyst")
@blp.response(200, content_type="application/x-ndjson",
              description="One gold document a line (format: docs/extraction.md)")
@documented(401)
def export_gold():
    """Every reviewed document in the evaluation's gold format, one JSON object a line"""
    lines = gold.gold_lines(db.session)
    return Response(stream_with_context(lines), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="claimdesk-gold.jsonl"'})
