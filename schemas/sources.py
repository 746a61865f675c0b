"""The source registry as the API shows it and takes changes to it (PATCH, merge, split, revert)."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from schemas.claims import MAX_ID, MAX_NOTE, Text, UtcDateTime
from schemas.common import StrictSchema
from service import ratings
from service.source_edits import GRADES, KINDS
from service.source_queries import SORTS

_ID = validate.Range(min=1, max=MAX_ID)
_NAME = validate.Length(min=1, max=300)
MAX_ALIASES = 50


def _reason(**kwargs):
    return Text(validate=validate.Length(min=1, max=MAX_NOTE), metadata={"description": "Why: kept in the history"},
                **kwargs)


class SourceQuerySchema(StrictSchema):
    q = Text(validate=_NAME, metadata={"description": "A name or alias contains this (any case, titles ignored)"})
    kind = fields.String(validate=validate.OneOf(KINDS))
    reliability = fields.List(fields.String(validate=validate.OneOf(GRADES)),
                              metadata={"description": "Graded so (F includes ungraded); may repeat"})
    sort = fields.String(load_default="-claims", validate=validate.OneOf(SORTS),
                         metadata={"description": "claims (fewest first), -claims (most first), name, -name, id"})


class RecordSchema(StrictSchema):
    confirmed = fields.Integer(dump_only=True)
    disputed = fields.Integer(dump_only=True)
    inconclusive = fields.Integer(dump_only=True)
    unreviewed = fields.Integer(dump_only=True)
    decided = fields.Integer(dump_only=True)
    claims = fields.Integer(dump_only=True)


class SourceSummarySchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True, metadata={"description": "Canonical name"})
    kind = fields.String(dump_only=True, metadata={"description": " | ".join(KINDS)})
    named = fields.Boolean(dump_only=True, metadata={"description": "false for a collective ('Iranian media')"})
    reliability = fields.Function(ratings.reliability_of, dump_only=True,
                                  metadata={"description": "Admiralty A-F; F (cannot be judged) until graded"})
    graded = fields.Function(lambda s: s.reliability is not None, dump_only=True)
    claim_count = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
    tags = fields.Function(lambda s: [ratings.misp_reliability(ratings.reliability_of(s))], dump_only=True)


class GradeSchema(StrictSchema):
    reliability = fields.String(dump_only=True)
    graded = fields.Boolean(dump_only=True)
    reason = fields.String(dump_only=True, allow_none=True)
    by = fields.String(dump_only=True, allow_none=True)
    at = UtcDateTime(dump_only=True)
    event_id = fields.Integer(dump_only=True)
    action = fields.String(dump_only=True)


class DocumentRefSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    outlet = fields.String(dump_only=True, allow_none=True)
    claims = fields.Integer(dump_only=True)


class SourceSchema(SourceSummarySchema):
    """One entry: built from service.source_queries.detail()."""

    aliases = fields.List(fields.String(), dump_only=True)
    reliability_reason = fields.String(dump_only=True, allow_none=True)
    reliability_history = fields.List(fields.Nested(GradeSchema), dump_only=True)
    suggested_reliability = fields.String(dump_only=True, metadata={
        "description": "Derived from the track record (docs/sources.md); never applied by itself"})
    record = fields.Nested(RecordSchema, dump_only=True)
    documents = fields.List(fields.Nested(DocumentRefSchema), dump_only=True)
    merged_into_id = fields.Integer(dump_only=True, allow_none=True)
    updated_at = UtcDateTime(dump_only=True, allow_none=True)

    # plain values here: service.source_queries.detail() computes them
    reliability = fields.String(dump_only=True, metadata={"description": "Admiralty A-F; F until graded"})
    graded = fields.Boolean(dump_only=True)
    tags = fields.List(fields.String(), dump_only=True, metadata={"description": "MISP admiralty-scale machine tag"})


class SourcePatchSchema(StrictSchema):
    reliability = fields.String(allow_none=True, validate=validate.OneOf(GRADES),
                                metadata={"description": "A-F; null withdraws the grade"})
    kind = fields.String(validate=validate.OneOf(KINDS))
    name = Text(validate=_NAME, metadata={"description": "New canonical name"})
    add_aliases = fields.List(Text(validate=_NAME), validate=validate.Length(max=MAX_ALIASES))
    remove_aliases = fields.List(Text(validate=_NAME), validate=validate.Length(max=MAX_ALIASES))
    reason = _reason(required=True)

    @validates_schema
    def _something_to_change(self, data, **kwargs):
        if not set(data) - {"reason"}:
            raise ValidationError("Send at least one of reliability, kind, name, add_aliases, remove_aliases.",
                                  "_schema")


class MergeSchema(StrictSchema):
    into = fields.Integer(required=True, validate=_ID, metadata={"description": "The entry to keep"})
    reason = _reason(required=True)


class DistinctSchema(StrictSchema):
    other = fields.Integer(required=True, validate=_ID, metadata={"description": "The entry that is a different source"})
    reason = _reason(required=True)


class SplitSchema(StrictSchema):
    aliases = fields.List(Text(validate=_NAME), required=True, validate=validate.Length(min=1, max=MAX_ALIASES),
                          metadata={"description": "Names that go to the new entry, with the claims citing them"})
    name = Text(validate=_NAME, metadata={"description": "The new entry's canonical name (default: the first alias)"})
    kind = fields.String(validate=validate.OneOf(KINDS))
    reason = _reason(required=True)


class RevertSchema(StrictSchema):
    reason = _reason(required=True)


class SourceEventSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True, metadata={"description": "The entry's version after the change"})
    action = fields.String(dump_only=True, metadata={"description": "edit, merge, merged, split, split-from, revert, distinct"})
    editor = fields.Function(lambda e: e.actor.name if e.actor else None, dump_only=True)
    at = UtcDateTime(dump_only=True)
    reason = fields.String(dump_only=True, allow_none=True)
    payload = fields.Dict(dump_only=True, metadata={"description": "Before/after values, moved aliases and claims"})
    reverts = fields.Integer(attribute="reverts_id", dump_only=True, allow_none=True)


class EntryRefSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    kind = fields.String(dump_only=True)


class SuggestionSchema(StrictSchema):
    source = fields.Nested(EntryRefSchema, dump_only=True, metadata={"description": "Merge this one …"})
    into = fields.Nested(EntryRefSchema, dump_only=True, metadata={"description": "… into this one"})
    rule = fields.String(dump_only=True, metadata={"description": "short-form, same-core or same-name"})
    evidence = fields.String(dump_only=True)


class SuggestionQuerySchema(StrictSchema):
    source_id = fields.Integer(validate=_ID, metadata={"description": "Only suggestions involving this entry"})
