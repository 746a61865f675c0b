"""Attribution edits as the API takes them: spans as document offsets, like the extractor's."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import MAX_ID, AttributionSchema, ClaimSchema
from schemas.common import StrictSchema

MAX_PIECES = 50


class OffsetSpanSchema(StrictSchema):
    start = fields.Integer(required=True, validate=validate.Range(min=0, max=MAX_ID),
                           metadata={"description": "Code-point offset into the document text"})
    end = fields.Integer(required=True, validate=validate.Range(min=0, max=MAX_ID),
                         metadata={"description": "Exclusive"})


class AttributionEditSchema(StrictSchema):
    """PATCH: only the fields given change."""

    source = fields.Nested(OffsetSpanSchema, allow_none=True, metadata={"description": "null: implicit source"})
    cue = fields.Nested(OffsetSpanSchema, metadata={"description": "Must lie inside the claim's sentence"})
    content = fields.List(fields.Nested(OffsetSpanSchema), validate=validate.Length(min=1, max=MAX_PIECES),
                          metadata={"description": "One or more pieces"})
    kind = fields.String(validate=validate.Length(min=1, max=20),
                         metadata={"description": "person, organization, media or other (default: classified)"})
    named = fields.Boolean(metadata={"description": "Default: classified from the source text"})
    antecedent = fields.Nested(OffsetSpanSchema, allow_none=True,
                               metadata={"description": "For a pronoun source: the mention it refers to"})


class AttributionCreateSchema(AttributionEditSchema):
    cue = fields.Nested(OffsetSpanSchema, required=True, metadata={"description": "Must lie inside the claim's sentence"})
    content = fields.List(fields.Nested(OffsetSpanSchema), required=True,
                          validate=validate.Length(min=1, max=MAX_PIECES))


class AttributionChangeSchema(StrictSchema):
    attribution = fields.Nested(AttributionSchema, dump_only=True)
    claim = fields.Nested(ClaimSchema, dump_only=True, metadata={"description": "The claim after the change"})


# The review page's own JSON: the version the analyst saw travels in the body, not in If-Match.

class _PageFields:
    claim_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    version = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The claim version the analyst saw"})


class ReviewAttributionEditSchema(AttributionEditSchema):
    claim_id = _PageFields.claim_id
    version = _PageFields.version


class ReviewAttributionCreateSchema(AttributionCreateSchema):
    claim_id = _PageFields.claim_id
    version = _PageFields.version


class ReviewAttributionRemoveSchema(StrictSchema):
    claim_id = _PageFields.claim_id
    version = _PageFields.version
