"""Corroboration as the API shows it: a claim's cluster, its origins, links and link decisions."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import MAX_NOTE, Text, UtcDateTime
from schemas.common import StrictSchema
from service.models import STATUSES
from service.models_corroboration import LINK_STATUSES


class LinkSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    claim_ids = fields.Function(lambda link: [link.claim_a_id, link.claim_b_id], dump_only=True)
    score = fields.Float(dump_only=True, metadata={"description": "Matcher similarity in [0, 1]"})
    status = fields.String(dump_only=True, metadata={"description": " | ".join(LINK_STATUSES)})
    version = fields.Integer(dump_only=True)
    note = fields.String(dump_only=True, allow_none=True)
    decided_by = fields.Function(lambda link: link.decided_by.name if link.decided_by else None, dump_only=True)
    decided_at = UtcDateTime(dump_only=True, allow_none=True)


class ReportSchema(StrictSchema):
    claim_id = fields.Integer(dump_only=True)
    document_id = fields.Integer(dump_only=True)
    score = fields.Float(dump_only=True, metadata={"description": "1 for the claim asked about; else the score of its link with that claim, or (tied in through others) the best score of a link that ties it in"})
    origin = fields.String(dump_only=True, metadata={"description": "The source the report traces back to"})
    origin_key = fields.String(dump_only=True, metadata={"description": "What 'same origin' compares"})
    status = fields.String(dump_only=True, metadata={"description": "The report's review status: " + " | ".join(STATUSES)})
    outlet = fields.String(dump_only=True, allow_none=True)
    title = fields.String(dump_only=True, allow_none=True)
    url = fields.String(dump_only=True, allow_none=True, metadata={"description": "The article, where known"})
    text = fields.String(dump_only=True)


class OriginSchema(StrictSchema):
    key = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    reports = fields.Integer(dump_only=True, metadata={"description": "Reports resting on this origin"})


class OfferSchema(StrictSchema):
    claim_id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True, metadata={"description": "The decision taken on that report, offered here"})


class CorroborationSchema(StrictSchema):
    claim_id = fields.Integer(dump_only=True)
    reports = fields.List(fields.Nested(ReportSchema), dump_only=True)
    origins = fields.List(fields.Nested(OriginSchema), dump_only=True)
    independent_origins = fields.Integer(dump_only=True)
    circular = fields.Boolean(dump_only=True, metadata={"description": "An origin stands behind two or more reports"})
    truncated = fields.Boolean(dump_only=True)
    suggested_credibility = fields.Integer(dump_only=True, allow_none=True, metadata={
        "description": "1 (confirmed by other sources) when two or more independent origins report it"})
    disputed_elsewhere = fields.Boolean(dump_only=True)
    offers = fields.List(fields.Nested(OfferSchema), dump_only=True, metadata={
        "description": "Decisions on other reports, offered for this claim; never applied by themselves"})
    links = fields.List(fields.Nested(LinkSchema), dump_only=True)


class LinkDecisionSchema(StrictSchema):
    status = fields.String(required=True, validate=validate.OneOf(LINK_STATUSES))
    note = Text(allow_none=True, validate=validate.Length(max=MAX_NOTE))


class LinkCreateSchema(StrictSchema):
    claim_ids = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)), required=True,
        validate=validate.Length(equal=2), metadata={"description": "Two claims of different documents"},
    )
    note = Text(allow_none=True, validate=validate.Length(max=MAX_NOTE))


class LinkEventSchema(StrictSchema):
    version = fields.Integer(dump_only=True)
    analyst = fields.Function(lambda event: event.actor.name if event.actor else None, dump_only=True)
    at = UtcDateTime(dump_only=True)
    from_ = fields.String(attribute="from_status", data_key="from", dump_only=True)
    to = fields.String(attribute="to_status", dump_only=True)
    note = fields.String(dump_only=True, allow_none=True)


class ReviewLinkDecisionSchema(LinkDecisionSchema):
    """The review page's link decision: the version it saw travels in the body (no headers)."""

    version = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
