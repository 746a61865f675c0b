"""Documents as the API takes them in (an article's text and metadata) and shows them."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import ClaimSchema, Text, UtcDateTime
from schemas.common import StrictSchema
from service.documents import INLINE_CLAIMS

MAX_TEXT = 1_000_000  # characters; the request body limit (MAX_CONTENT_LENGTH) usually bites first


class DocumentCreateSchema(StrictSchema):
    text = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    title = Text(allow_none=True, validate=validate.Length(max=500))
    url = fields.Url(allow_none=True, schemes={"http", "https"}, validate=validate.Length(max=2000))
    outlet = Text(allow_none=True, validate=validate.Length(max=200))
    published = fields.Date(allow_none=True, metadata={"description": "YYYY-MM-DD"})


class DocumentSummarySchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    url = fields.String(dump_only=True, allow_none=True)
    outlet = fields.String(dump_only=True, allow_none=True)
    published = fields.Date(dump_only=True, allow_none=True)
    content_hash = fields.String(dump_only=True, metadata={"description": "SHA-256 of the text"})
    ingested_at = UtcDateTime(dump_only=True)
    claim_count = fields.Integer(dump_only=True)


class DocumentSchema(DocumentSummarySchema):
    text = fields.String(dump_only=True)
    claims = fields.List(
        fields.Nested(ClaimSchema), attribute="inline_claims", dump_only=True,
        metadata={"description": f"The first claims in reading order, at most {INLINE_CLAIMS}"},
    )
    claims_next = fields.Method(
        "_claims_next", dump_only=True, allow_none=True,
        metadata={"description": "URL of the list of the document's further claims; null: all are above"},
    )

    def _claims_next(self, document):
        if document.claims_after is None:
            return None
        return f"/api/claims?document_id={document.id}&after={document.claims_after}"
