"""Users as admins create and list them; the token is shown once, in the creation response."""
from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import Text, UtcDateTime
from schemas.common import StrictSchema
from service.models import ROLES


class UserCreateSchema(StrictSchema):
    name = Text(required=True, blank=False, validate=validate.Length(min=1, max=120))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class UserSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    active = fields.Boolean(dump_only=True)
    created_at = UtcDateTime(dump_only=True)


class UserCreatedSchema(UserSchema):
    token = fields.String(dump_only=True, metadata={"description": "The API token; shown this once only"})
