"""/api/sources: the source registry. Analysts read; editors grade, rename, alias, merge, split
and revert, each with If-Match (the entry's ETag ``"s<id>-<version>"``) and a reason."""
from __future__ import annotations


from flask import g, url_for
from flask_smorest import Blueprint

from schemas.claims import ClaimSchema
from schemas.sources import (
    DistinctSchema, MergeSchema, RevertSchema, SourcePatchSchema, SourceQuerySchema, SourceEventSchema, SourceSchema,
    SourceSummarySchema, SplitSchema, SuggestionQuerySchema, SuggestionSchema,
)
from service import source_edits, source_queries, source_suggestions
from service.api import preconditions
from service.api.auth import requires
from service.api.claims import documented
from service.db import db

blp = Blueprint("sources", __name__, url_prefix="/api/sources", description="The source registry and its grades")
IF_MATCH = preconditions.if_match_parameter("s", "source")
ETAG = {"ETag": {"schema": {"type": "string"}}}


def etag_of(source) -> str:
    return f'"s{source.id}-{source.version}"'


def if_match_versions(source_id: int) -> set[int] | None:
    """The versions If-Match names for this entry (service.api.preconditions)."""
    return preconditions.if_match_versions("s", source_id, "source", f"/api/sources/{source_id}",
                                           lambda: source_queries.get_source(db.session, source_id))


def shown(source_id: int):
    source = source_queries.get_source(db.session, source_id)
    return source_queries.detail(db.session, source), {"ETag": etag_of(source)}


@blp.route("")
@requires("analyst")
@blp.arguments(SourceQuerySchema, location="query")
@blp.response(200, SourceSummarySchema(many=True))
@blp.paginate(page_size=50, max_page_size=500)
@documented(401)
def list_sources(query, pagination_parameters):
    """List and search sources by name or alias, kind and grade; most cited first by default"""
    where = source_queries.SourceFilter(**{**query, "reliability": tuple(query.get("reliability") or ())})
    found, total = source_queries.list_sources(
        db.session, where, pagination_parameters.first_item, pagination_parameters.page_size)
    pagination_parameters.item_count = total
    return found


@blp.route("/suggestions")
@requires("analyst")
@blp.arguments(SuggestionQuerySchema, location="query")
@blp.response(200, SuggestionSchema(many=True))
@documented(401)
def list_suggestions(query):
    """Merge candidates: entries that are probably one source, with the rule and evidence"""
    return source_suggestions.suggestions(db.session, query.get("source_id"))


@blp.route("/<int:source_id>")
@requires("analyst")
@blp.response(200, SourceSchema, headers=ETAG)
@documented(304, 401, 404)
def get_source(source_id):
    """One source: names, kind, grade with its history, suggested grade, track record, documents"""
    body, headers = shown(source_id)
    return preconditions.not_modified(headers["ETag"]) or (body, headers)


@blp.route("/<int:source_id>/claims")
@requires("analyst")
@blp.response(200, ClaimSchema(many=True))
@blp.paginate(page_size=50, max_page_size=500)
@documented(401, 404)
def source_claims(source_id, pagination_parameters):
    """The claims that cite the source, in reading order"""
    claims, total = source_queries.source_claims(
        db.session, source_id, pagination_parameters.first_item, pagination_parameters.page_size)
    pagination_parameters.item_count = total
    return claims


@blp.route("/<int:source_id>/history")
@requires("analyst")
@blp.response(200, SourceEventSchema(many=True))
@documented(401, 404)
def source_history(source_id):
    """Every change of the source, oldest first: who, when, why, before and after"""
    source_queries.get_source(db.session, source_id)
    return source_queries.history(db.session, source_id)


@blp.route("/<int:source_id>", methods=["PATCH"])
@requires("editor")
@blp.arguments(SourcePatchSchema)
@blp.response(200, SourceSchema, headers=ETAG)
@blp.doc(parameters=[IF_MATCH])
@documented(400, 401, 403, 404, 409, 412, 413, 428)
def update_source(changes, source_id):
    """Grade (A-F), rename, re-kind or change aliases of a source, with a reason (If-Match)"""
    reason = changes.pop("reason")
    source_edits.update_source(db.session, source_id, g.user, changes, reason=reason,
                               based_on=if_match_versions(source_id))
    db.session.commit()
    return shown(source_id)


@blp.route("/<int:source_id>/merge", methods=["POST"])
@requires("editor")
@blp.arguments(MergeSchema)
@blp.response(200, SourceSchema, headers=ETAG)
@blp.doc(parameters=[IF_MATCH])
@documented(400, 401, 403, 404, 409, 412, 413, 428)
def merge_source(body, source_id):
    """Merge this source into another (If-Match: this source's ETag); answers with the survivor"""
    target = source_edits.merge(db.session, source_id, body["into"], g.user, reason=body["reason"],
                                based_on=if_match_versions(source_id))
    db.session.commit()
    return shown(target.id)


@blp.route("/<int:source_id>/distinct", methods=["POST"])
@requires("editor")
@blp.arguments(DistinctSchema)
@blp.response(200, SourceSchema, headers=ETAG)
@blp.doc(parameters=[IF_MATCH])
@documented(400, 401, 403, 404, 409, 412, 413, 428)
def mark_distinct(body, source_id):
    """Mark this source and another as different sources: no merge suggestion pairs them again (If-Match)"""
    source_edits.keep_apart(db.session, source_id, body["other"], g.user, reason=body["reason"],
                            based_on=if_match_versions(source_id))
    db.session.commit()
    return shown(source_id)


@blp.route("/<int:source_id>/split", methods=["POST"])
@requires("editor")
@blp.arguments(SplitSchema)
@blp.response(201, SourceSchema, headers=ETAG)
@blp.doc(parameters=[IF_MATCH])
@documented(400, 401, 403, 404, 409, 412, 413, 428)
def split_source(body, source_id):
    """Split names (and the claims citing them) off into a new source (If-Match)"""
    fresh = source_edits.split(db.session, source_id, g.user, aliases=body["aliases"], name=body.get("name"),
                               kind=body.get("kind"), reason=body["reason"], based_on=if_match_versions(source_id))
    db.session.commit()
    body, headers = shown(fresh.id)
    return body, {**headers, "Location": url_for("sources.get_source", source_id=fresh.id)}


@blp.route("/<int:source_id>/history/<int:event_id>/revert", methods=["POST"])
@requires("editor")
@blp.arguments(RevertSchema)
@blp.response(200, SourceSchema, headers=ETAG)
@blp.doc(parameters=[IF_MATCH])
@documented(400, 401, 403, 404, 409, 412, 413, 428)
def revert_change(body, source_id, event_id):
    """Undo one change of the source: an edit, a merge into it or a split from it (If-Match)"""
    source_edits.revert(db.session, source_id, event_id, g.user, reason=body["reason"],
                        based_on=if_match_versions(source_id))
    db.session.commit()
    return shown(source_id)
