"""Keyset paging: the query fields every list takes (``after``, ``page_size``) and the list
queries that combine them with a resource's filters."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import MAX_ID, ClaimQuerySchema
from schemas.common import StrictSchema
from schemas.documents import DocumentQuerySchema


def page_fields(default: int, maximum: int) -> dict:
    return {
        "after": fields.Integer(
            validate=validate.Range(min=0, max=MAX_ID),
            metadata={"description": "Start after the item with this id: the value the previous "
                                     "page's Link rel=\"next\" carries. Absent: the first page."},
        ),
        "page_size": fields.Integer(
            load_default=default, validate=validate.Range(min=1, max=maximum),
            metadata={"description": f"Items per page (default {default}, at most {maximum})"},
        ),
    }


ClaimListQuerySchema = type("ClaimListQuerySchema", (ClaimQuerySchema,), page_fields(50, 500))
DocumentListQuerySchema = type("DocumentListQuerySchema", (DocumentQuerySchema,), page_fields(20, 200))
QueueQuerySchema = type("QueueQuerySchema", (StrictSchema,), page_fields(50, 500))

LINK_HEADER = {
    "Link": {
        "description": "<URL of the next page>; rel=\"next\" -- absent on the last page",
        "schema": {"type": "string"},
    }
}
