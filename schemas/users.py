"""Users as admins create, list and change them; a token is shown once, when it is issued."""
from __future__ import annotations

from datetime import timezone

from marshmallow import fields, validate

from schemas.claims import Text, UtcDateTime
from schemas.common import StrictSchema
from service.models import ROLES


def _expiry(**kwargs):
    return fields.AwareDateTime(
        default_timezone=timezone.utc, allow_none=True,
        metadata={"description": "When the token stops working (ISO 8601; UTC if no offset); null: never"},
        **kwargs)


class UserCreateSchema(StrictSchema):
    name = Text(required=True, blank=False, validate=validate.Length(min=1, max=120))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    token_expires_at = _expiry()


class UserUpdateSchema(StrictSchema):
    active = fields.Boolean(metadata={"description": "false: the user's token and page sessions stop working at once"})
    role = fields.String(validate=validate.OneOf(ROLES))
    token_expires_at = _expiry()


class TokenRequestSchema(StrictSchema):
    token_expires_at = _expiry()


class UserSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    active = fields.Boolean(dump_only=True)
    created_at = UtcDateTime(dump_only=True)
    token_expires_at = UtcDateTime(dump_only=True, allow_none=True)


class UserCreatedSchema(UserSchema):
    token = fields.String(dump_only=True, metadata={"description": "The API token; shown this once only"})
