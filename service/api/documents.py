"""/api/documents: ingest an article (editors), list documents, read one with its claims."""
from __future__ import annotations

from flask import current_app, g, url_for
from flask_smorest import Blueprint
from marshmallow import RAISE

from schemas.documents import (
    DocumentCreatedSchema,
    DocumentCreateSchema,
    DocumentDeletionSchema,
    DocumentSchema,
    DocumentSummarySchema,
)
from schemas.pages import LINK_HEADER, DocumentListQuerySchema
from service import deletion, documents, ingest, learning, offload, url_ingest
from service.api.auth import requires
from service.api.claims import documented
from service.api.paging import next_link
from service.db import db
from service.fetch import FetchPolicy

blp = Blueprint("documents", __name__, url_prefix="/api/documents", description="Articles and their claims")


@blp.route("", methods=["POST"])
@requires("editor")
@blp.arguments(DocumentCreateSchema)
@blp.response(201, DocumentCreatedSchema)
@documented(400, 401, 403, 409, 413, 415, 422, 502)
def create_document(article):
    """Ingest an article, given as text or as a URL to fetch: split it into claims with their sources (listed at claims_url)"""
    model = learning.instance_model(current_app.instance_path)
    if article.get("text") is None:
        document = _ingest_url(article.pop("url"), article, model)
    else:
        db.session.commit()  # end the authentication read: no write lock is held while extracting
        document = ingest.ingest_text(db.session, article.pop("text"), user=g.user, model=model,
                                      extract=_extractor(), **article)
    body = ingest.as_created(document)  # from the rows just inserted: no reload
    db.session.commit()
    return body, {"Location": url_for("documents.get_document", document_id=document.id)}


def _extractor():
    config = current_app.config
    return offload.extractor(config["EXTRACT_PROCESSES"], config["EXTRACT_OFFLOAD_CHARS"])


def _ingest_url(url: str, given: dict, model):
    url_ingest.refuse_known(db.session, url)  # a known URL costs no fetch
    db.end_session()  # no write lock while the site answers: fetch and extraction need no database
    article = url_ingest.read_page(url, FetchPolicy.from_config(current_app.config))
    return url_ingest.store_page(db.session, article, user=g.user, model=model, extract=_extractor(), **given)


@blp.route("")
@requires("analyst")
@blp.arguments(DocumentListQuerySchema, location="query", unknown=RAISE)
@blp.response(200, DocumentSummarySchema(many=True), headers=LINK_HEADER)
@documented(401)
def list_documents(query):
    """List documents, newest first (reviewed=true: those whose every claim is checked); pages follow Link"""
    page = documents.list_documents(db.session, query.get("after"), query["page_size"], query.get("reviewed"))
    return page.items, next_link(page)


@blp.route("/<int:document_id>")
@requires("analyst")
@blp.response(200, DocumentSchema)
@documented(401, 404)
def get_document(document_id):
    """Read a document with its text and its first claims (the rest: claims_next)"""
    return documents.get_document(db.session, document_id)


@blp.route("/<int:document_id>", methods=["DELETE"])
@requires("editor")
@blp.response(204)
@documented(401, 403, 404)
def delete_document(document_id):
    """Delete a document and its claims; an audit record keeps who deleted it and when"""
    deletion.delete_document(db.session, document_id, g.user)
    db.session.commit()


@blp.route("/deletions")
@requires("editor")
@blp.response(200, DocumentDeletionSchema(many=True))
@blp.paginate(page_size=20, max_page_size=200)
@documented(401, 403)
def list_deletions(pagination_parameters):
    """The audit record of deleted documents, newest first: what, by whom, when"""
    found, total = deletion.list_deletions(
        db.session, pagination_parameters.first_item, pagination_parameters.page_size
    )
    pagination_parameters.item_count = total
    return found
