"""Documents as the API takes them in (an article's text and metadata) and shows them."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from schemas.claims import ClaimSchema, Text, UtcDateTime
from schemas.common import HttpUrl, StrictSchema
from service.documents import INLINE_CLAIMS

MAX_TEXT = 1_000_000  # characters; the request body limit (MAX_CONTENT_LENGTH) usually bites first


class DocumentCreateSchema(StrictSchema):
    text = Text(
        blank=False, validate=validate.Length(min=1, max=MAX_TEXT),
        metadata={"description": "The article's text; without it, the page at url is fetched and read"},
    )
    title = Text(allow_none=True, validate=validate.Length(max=500))
    url = HttpUrl(
        allow_none=True,
        metadata={"description": "Where the article is; fetched when no text is given (title, date, "
                                 "outlet and author then come from the page unless given here)"},
    )
    outlet = Text(allow_none=True, validate=validate.Length(max=200))
    published = fields.Date(allow_none=True, metadata={"description": "YYYY-MM-DD"})

    @validates_schema
    def _text_or_url(self, data, **kwargs):
        if data.get("text") is None and not data.get("url"):
            raise ValidationError("Give the article's text, or the url to fetch it from.", "text")


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
    author = fields.String(dump_only=True, allow_none=True)
    final_url = fields.String(dump_only=True, allow_none=True, metadata={"description": "Ingested by URL: where the redirects ended"})
    fetched_at = UtcDateTime(dump_only=True, allow_none=True, metadata={"description": "Ingested by URL: when the page was fetched"})


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


class DocumentCreatedSchema(DocumentSummarySchema):
    """What POST /api/documents answers: the stored document and where to read its claims. Not
    the claims themselves: shown in full they were most of the work of an ingest after the
    extraction, for a client that mostly wants the id (GET of ``Location`` shows them inline)."""

    text = fields.String(dump_only=True, metadata={"description": "The text as stored (its normal form): every offset counts into it"})
    claims_url = fields.Method(
        "_claims_url", dump_only=True,
        metadata={"description": "URL of the list of the document's claims, in reading order"},
    )

    def _claims_url(self, document):
        return f"/api/claims?document_id={document.id}"


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
