"""The review queue: lease requests and answers, the queue overview, the review page's JSON."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import MAX_ID, MAX_NOTE, ClaimSchema, DecisionSchema, Text, UtcDateTime
from schemas.common import StrictSchema
from schemas.ratings import credibility_field
from service.models import STATUSES

_ID = validate.Range(min=1, max=MAX_ID)


class LeaseRequestSchema(StrictSchema):
    document_id = fields.Integer(validate=_ID, metadata={"description": "Only claims of this document"})
    status = fields.String(
        load_default="unreviewed", validate=validate.OneOf(STATUSES),
        metadata={"description": "Claims in this status (default: unreviewed)"},
    )
    order = fields.String(
        load_default="default", validate=validate.OneOf(("default", "uncertain")),
        metadata={"description": "uncertain: claims whose attributions the extractor is least sure of first"},
    )


class LeaseSchema(StrictSchema):
    claim = fields.Nested(ClaimSchema, dump_only=True,
                          metadata={"description": "As GET /api/claims/<id> shows it"})
    leased_until = UtcDateTime(dump_only=True,
                               metadata={"description": "The lease ends then unless the claim is decided"})
    lease_seconds = fields.Integer(dump_only=True, metadata={"description": "Seconds left on the lease"})


class LeaseHolderSchema(StrictSchema):
    claim_id = fields.Integer(dump_only=True)
    document_id = fields.Integer(dump_only=True)
    leased_by = fields.String(dump_only=True, metadata={"description": "The analyst's name"})
    leased_until = UtcDateTime(dump_only=True)


class DocumentProgressSchema(StrictSchema):
    document_id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    decided = fields.Integer(dump_only=True, metadata={"description": "Claims no longer unreviewed"})
    total = fields.Integer(dump_only=True)


class QueueSchema(StrictSchema):
    statuses = fields.Dict(keys=fields.String(), values=fields.Integer(), dump_only=True,
                           metadata={"description": "Number of claims per status"})
    leases = fields.List(fields.Nested(LeaseHolderSchema), dump_only=True, metadata={"description": "Live leases"})
    documents = fields.List(fields.Nested(DocumentProgressSchema), dump_only=True)


class QueueDecideSchema(DecisionSchema):
    claim_id = fields.Integer(required=True, validate=_ID)
    version = fields.Integer(required=True, validate=_ID, metadata={"description": "The version you saw (its ETag)"})
    document_id = fields.Integer(validate=_ID, metadata={"description": "Next claim from this document while it has any"})
    order = fields.String(
        load_default="default", validate=validate.OneOf(("default", "uncertain")),
        metadata={"description": "The next claim's order, as in POST /api/queue/lease"},
    )


class QueueDecisionSchema(StrictSchema):
    decided = fields.Nested(ClaimSchema, dump_only=True, metadata={"description": "The claim as decided"})
    next = fields.Nested(ClaimSchema, dump_only=True, allow_none=True,
                         metadata={"description": "The claim now leased to you; null when none is left"})


# The review page's own JSON (session and CSRF header instead of a Bearer token).

class ReviewLeaseSchema(StrictSchema):
    document_id = fields.Integer(validate=_ID, allow_none=True)
    order = fields.String(load_default="default", validate=validate.OneOf(("default", "uncertain")))


class ReviewDecisionSchema(StrictSchema):
    claim_id = fields.Integer(required=True, validate=_ID)
    version = fields.Integer(required=True, validate=_ID, metadata={"description": "The version the analyst saw"})
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = Text(allow_none=True, validate=validate.Length(max=MAX_NOTE))
    document_id = fields.Integer(validate=_ID, allow_none=True, metadata={"description": "Next claim from here"})
    order = fields.String(load_default="default", validate=validate.OneOf(("default", "uncertain")))
    credibility = credibility_field(allow_none=True, metadata={
        "description": "Admiralty credibility 2-6; null: the status's default (service.ratings)"})
