"""Documents as the API takes them in (an article's text and metadata) and shows them."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import ClaimSchema, Text, UtcDateTime
from schemas.common import HttpUrl, StrictSchema

MAX_TEXT = 1_000_000  # characters; the request body limit (MAX_CONTENT_LENGTH) usually bites first


class DocumentCreateSchema(StrictSchema):
    text = Text(required=True, blank=False, validate=validate.Length(min=1, max=MAX_TEXT))
    title = Text(allow_none=True, validate=validate.Length(max=500))
    url = HttpUrl(allow_none=True)
    outlet = Text(allow_none=True, validate=validate.Length(max=200))
    published = fields.Date(allow_none=True, metadata={"description": "YYYY-MM-DD"})


class DocumentQuerySchema(StrictSchema):
    reviewed = fields.Boolean(metadata={"description": "true: only documents whose every claim is checked; "
                                                       "false: the others"})


class DocumentSummarySchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    url = fields.String(dump_only=True, allow_none=True)
    outlet = fields.String(dump_only=True, allow_none=True)
    published = fields.Date(dump_only=True, allow_none=True)
    content_hash = fields.String(dump_only=True, metadata={"description": "SHA-256 of the text"})
    ingested_at = UtcDateTime(dump_only=True)
    claim_count = fields.Integer(dump_only=True)
    extractor = fields.String(dump_only=True, allow_none=True,
                              metadata={"description": "What made the claims: rules, or rules+crf and the model"})


class DocumentSchema(DocumentSummarySchema):
    text = fields.String(dump_only=True)
    claim_count = fields.Function(lambda document: len(document.claims), dump_only=True)
    claims = fields.List(fields.Nested(ClaimSchema), dump_only=True)


class DocumentDeletionSchema(StrictSchema):
    document_id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    url = fields.String(dump_only=True, allow_none=True)
    content_hash = fields.String(dump_only=True)
    claim_count = fields.Integer(dump_only=True, metadata={"description": "Claims deleted with it"})
    decisions = fields.List(fields.Dict(), dump_only=True,
                            metadata={"description": "Decided claims at deletion: index, status, version"})
    deleted_by = fields.Function(lambda record: record.deleted_by.name if record.deleted_by else None,
                                 dump_only=True)
    deleted_at = UtcDateTime(dump_only=True)
