"""The Admiralty code as the API shows it on claims: each source's registry entry, the claim's
credibility and rating, and MISP machine tags. Used by schemas.claims."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.common import StrictSchema
from service import ratings

RELIABILITIES = tuple(ratings.RELIABILITY)
RATING_PATTERN = r"^[A-F][1-6]$"


class SourceEntrySchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True, metadata={"description": "The entry's canonical name"})
    kind = fields.String(dump_only=True, metadata={"description": "person, organization, media, other or collective"})
    reliability = fields.Function(ratings.reliability_of, dump_only=True,
                                  metadata={"description": "A-F; F for an ungraded entry"})
    graded = fields.Function(lambda entry: entry.reliability is not None, dump_only=True)
    tags = fields.Function(lambda entry: [ratings.misp_reliability(ratings.reliability_of(entry))], dump_only=True,
                           metadata={"description": "MISP admiralty-scale machine tag"})


def entry_view(attribution):
    """The registry entry to nest (SourceEntrySchema dumps it), or None for an anonymous source."""
    return attribution.source if attribution.source_id is not None else None


def credibility_field(**kwargs):
    return fields.Integer(validate=validate.Range(min=1, max=6), **kwargs)


class RatingQueryMixin:
    """GET /api/claims filters; each may repeat (?reliability=A&reliability=B matches either)."""

    reliability = fields.List(fields.String(validate=validate.OneOf(RELIABILITIES)),
                              metadata={"description": "The main source's reliability, A-F (F: anonymous or ungraded)"})
    credibility = fields.List(credibility_field(), metadata={"description": "The claim's credibility, 1-6"})
    rating = fields.List(fields.String(validate=validate.Regexp(RATING_PATTERN, error="A letter A-F and a digit 1-6, e.g. B2.")),
                         metadata={"description": "Reliability and credibility together, e.g. B2"})
