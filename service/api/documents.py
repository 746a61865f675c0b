"""/api/documents: ingest an article (editors), list documents, read one with its claims."""
from __future__ import annotations

from flask import current_app, g, url_for
from flask_smorest import Blueprint
from marshmallow import RAISE

from schemas.documents import DocumentCreateSchema, DocumentSchema, DocumentSummarySchema
from schemas.pages import LINK_HEADER, DocumentListQuerySchema
from service import documents, ingest, offload
from service.api.auth import requires
from service.api.claims import documented
from service.api.paging import next_link
from service.db import db

blp = Blueprint("documents", __name__, url_prefix="/api/documents", description="Articles and their claims")


@blp.route("", methods=["POST"])
@requires("editor")
@blp.arguments(DocumentCreateSchema)
@blp.response(201, DocumentSchema)
@documented(400, 401, 403, 409, 413)
def create_document(article):
    """Ingest an article: split it into claims with their sources"""
    db.session.commit()  # end the authentication read: no write lock is held while extracting
    config = current_app.config
    extract = offload.extractor(config["EXTRACT_PROCESSES"], config["EXTRACT_OFFLOAD_CHARS"])
    document = ingest.ingest_text(db.session, article.pop("text"), user=g.user, extract=extract, **article)
    body = documents.with_first_claims(db.session, document)
    db.session.commit()
    return body, {"Location": url_for("documents.get_document", document_id=document.id)}


@blp.route("")
@requires("analyst")
@blp.arguments(DocumentListQuerySchema, location="query", unknown=RAISE)
@blp.response(200, DocumentSummarySchema(many=True), headers=LINK_HEADER)
@documented(401)
def list_documents(query):
    """List documents, newest first; pages follow Link"""
    page = documents.list_documents(db.session, query.get("after"), query["page_size"])
    return page.items, next_link(page)


@blp.route("/<int:document_id>")
@requires("analyst")
@blp.response(200, DocumentSchema)
@documented(401, 404)
def get_document(document_id):
    """Read a document with its text and its first claims (the rest: claims_next)"""
    return documents.get_document(db.session, document_id)
