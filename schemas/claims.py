"""Claims, their attributions and their history, as the API shows them; the decision a PATCH sends."""
from __future__ import annotations

from datetime import timezone

from marshmallow import ValidationError, fields, pre_dump, validate

from schemas.common import NO_NUL, NOT_BLANK, HttpUrl, StrictSchema, anchored
from schemas.ratings import RatingQueryMixin, SourceEntrySchema, credibility_field, entry_view
from service import ratings
from service.models import STATUSES

MAX_ID = 2**31 - 1
MAX_NOTE = 5000
MAX_EVIDENCE = 20


class Text(fields.String):
    """A string the databases can store: no NUL characters (PostgreSQL refuses them) and no lone
    surrogates (JSON's "\\ud800" decodes to one; it cannot be encoded as UTF-8). ``blank=False``:
    the service refuses one of only white space, and the OpenAPI pattern says so."""

    def __init__(self, *, blank: bool = True, **kwargs):
        self.blank = blank
        pattern = anchored(NO_NUL if blank else NOT_BLANK)
        super().__init__(metadata={"pattern": pattern, **kwargs.pop("metadata", {})}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in value:
            raise ValidationError("Must not contain NUL characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Must be valid Unicode (no lone surrogates).") from None
        if not self.blank and not value.strip():
            raise ValidationError("Must not be empty or only white space.")
        return value


class UtcDateTime(fields.DateTime):
    """SQLite returns naive datetimes; they are UTC, and the API says so (ISO 8601 with offset)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class SpanSchema(StrictSchema):
    start = fields.Integer(dump_only=True)
    end = fields.Integer(dump_only=True)
    text = fields.String(dump_only=True)


class CueSchema(SpanSchema):
    lemma = fields.String(dump_only=True, metadata={"description": "The cue's base form: say, according to…"})


class SourceSpanSchema(SpanSchema):
    start = fields.Integer(dump_only=True, allow_none=True)
    end = fields.Integer(dump_only=True, allow_none=True)
    text = fields.String(dump_only=True, allow_none=True, metadata={"description": "null: implicit source"})
    kind = fields.String(dump_only=True, metadata={"description": "person, organization, media or other"})
    named = fields.Boolean(dump_only=True)
    antecedent = fields.String(dump_only=True, allow_none=True, metadata={"description": "What a pronoun refers to"})
    antecedent_start = fields.Integer(dump_only=True, allow_none=True, metadata={"description": "Where the antecedent stands"})
    antecedent_end = fields.Integer(dump_only=True, allow_none=True)
    registry_id = fields.Integer(dump_only=True, allow_none=True, metadata={"description": "Source registry entry (named sources)"})
    entry = fields.Nested(SourceEntrySchema, dump_only=True, allow_none=True,
                          metadata={"description": "The registry entry; null for an anonymous or implicit source"})
    anonymous = fields.Boolean(dump_only=True, metadata={"description": "Names nobody: reliability F"})


class AttributionSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    source = fields.Nested(SourceSpanSchema, dump_only=True)
    cue = fields.Nested(CueSchema, dump_only=True)
    content = fields.List(fields.Nested(SpanSchema), dump_only=True, metadata={"description": "May be discontinuous"})
    rule = fields.String(dump_only=True, metadata={"description": "The extraction pattern that found it"})
    confidence = fields.Float(dump_only=True)
    origin = fields.String(dump_only=True, metadata={"description": "extracted or analyst"})
    changed_by = fields.String(dump_only=True, allow_none=True, metadata={"description": "Who last changed it"})
    changed_at = UtcDateTime(dump_only=True, allow_none=True)

    @pre_dump
    def _nest_spans(self, attribution, **kwargs):
        # Stored flat with offsets only; shown as nested spans with their text.
        return _attribution_view(attribution, _span_texts(attribution))


class ClaimSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    document_id = fields.Integer(dump_only=True)
    index = fields.Integer(dump_only=True, metadata={"description": "Reading order in the document, from 0"})
    paragraph = fields.Integer(dump_only=True)
    start = fields.Integer(dump_only=True, metadata={"description": "Offset of the sentence in the document text"})
    end = fields.Integer(dump_only=True)
    text = fields.String(dump_only=True, metadata={"description": "The sentence as printed"})
    statement = fields.String(dump_only=True, metadata={"description": "The sentence without its attribution"})
    sourcing = fields.Integer(dump_only=True, metadata={"description": "0 unnamed/implicit source, 1 attributed, 2 unattributed"})
    status = fields.String(dump_only=True, metadata={"description": " | ".join(STATUSES)})
    version = fields.Integer(dump_only=True)
    attributions = fields.List(fields.Nested(AttributionSchema), dump_only=True)
    credibility = fields.Integer(dump_only=True, metadata={"description": "Admiralty information credibility, 1-6"})
    rating = fields.Function(lambda claim: ratings.rating_of(claim).code, dump_only=True,
                             metadata={"description": "Main source's reliability and the credibility, e.g. B2"})
    tags = fields.Function(lambda claim: ratings.rating_of(claim).tags, dump_only=True,
                           metadata={"description": "MISP admiralty-scale machine tags"})
    updated_at = UtcDateTime(dump_only=True)
    checked_at = UtcDateTime(dump_only=True, allow_none=True,
                             metadata={"description": "When the deciding analyst checked its attributions"})
    checked_by = fields.Function(lambda claim: claim.checked_by.name if claim.checked_by else None,
                                 dump_only=True, allow_none=True)


def _span_texts(attribution) -> list[str]:
    """The content spans' texts: as service.documents.load_span_texts cut them (no document text
    loaded), or else sliced from the document."""
    texts = getattr(attribution, "span_texts", None)
    if texts is None:
        text = attribution.claim.document.text
        texts = [text[s:e] for s, e in attribution.content]
    return texts


def _attribution_view(attribution, texts: list[str]) -> dict:
    return {
        "id": attribution.id,
        "source": {
            "start": attribution.source_start, "end": attribution.source_end,
            "text": attribution.source_text, "kind": attribution.source_kind,
            "named": attribution.source_named, "antecedent": attribution.antecedent_text,
            "antecedent_start": attribution.antecedent_start, "antecedent_end": attribution.antecedent_end,
            "registry_id": attribution.source_id,
            "entry": entry_view(attribution), "anonymous": attribution.source_id is None,
        },
        "cue": {"start": attribution.cue_start, "end": attribution.cue_end,
                "text": attribution.cue_text, "lemma": attribution.cue_lemma},
        "content": [{"start": s, "end": e, "text": piece} for (s, e), piece in zip(attribution.content, texts)],
        "rule": attribution.rule,
        "confidence": attribution.confidence,
        "origin": attribution.origin or "extracted",
        "changed_by": attribution.changed_by.name if attribution.changed_by else None,
        "changed_at": attribution.changed_at,
    }


class ClaimQuerySchema(RatingQueryMixin, StrictSchema):
    document_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    status = fields.String(validate=validate.OneOf(STATUSES))
    source = Text(
        validate=validate.Length(min=1, max=300),
        metadata={"description": "Claims with a source whose text contains this (any case)"},
    )
    named = fields.Boolean(
        metadata={"description": "true: claims citing a named source; false: an unnamed or implicit one"}
    )
    corroborated = fields.Boolean(
        metadata={"description": "true: reported from two or more independent origins; false: not"}
    )
    circular = fields.Boolean(
        metadata={"description": "true: its cluster has an origin behind two or more reports"}
    )
    single_source = fields.Boolean(
        metadata={"description": "true: every report of it traces back to one origin; false: to several"}
    )


class DecisionSchema(StrictSchema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = Text(
        allow_none=True, validate=validate.Length(max=MAX_NOTE),
        metadata={"description": "Why; required when disputing"},
    )
    evidence = fields.List(
        HttpUrl(),
        load_default=list, validate=validate.Length(max=MAX_EVIDENCE),
        metadata={"description": "Links that support the decision"},
    )
    credibility = credibility_field(allow_none=True, metadata={
        "description": "Admiralty credibility 2-6 (1 needs corroboration); default by status, see docs/sources.md"})


class ClaimEventSchema(StrictSchema):
    version = fields.Integer(dump_only=True, metadata={"description": "The claim's version after the change"})
    action = fields.String(dump_only=True, metadata={"description": "decide, reopen, annotate, takeover, attribution-add, attribution-edit or attribution-delete"})
    analyst = fields.Function(lambda event: event.actor.name if event.actor else None, dump_only=True)
    at = UtcDateTime(dump_only=True)
    from_ = fields.String(attribute="from_status", data_key="from", dump_only=True)
    to = fields.String(attribute="to_status", dump_only=True)
    note = fields.String(dump_only=True, allow_none=True)
    evidence = fields.List(fields.String(), dump_only=True)
    change = fields.Dict(dump_only=True, allow_none=True,
                         metadata={"description": "Attribution edits: attribution_id, spans before and after"})
    credibility = fields.Integer(dump_only=True, allow_none=True)
