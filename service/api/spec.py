"""The OpenAPI document says what the server does: the few places flask-smorest's defaults don't.

- ``X-Pagination`` is sent as a JSON text in a header, so it is declared a string (not an object).
- A decision that disputes needs a note: the Decision schema states that rule as ``anyOf``, so a
  client (or schemathesis) reading the document knows that such a body is refused.
- An article needs its text or a URL (``anyOf`` on DocumentCreate).
- A nullable nested object is that object or null, not any object (apispec's ``anyOf`` branch).
"""
from __future__ import annotations

from flask_smorest import Api

from schemas.common import NOT_BLANK, anchored

PAGINATION_HEADER = {
    "description": "Pagination metadata as a JSON object in the header's text: total, total_pages, "
                   "first_page, last_page, page, previous_page, next_page.",
    "schema": {"type": "string"},
}

DISPUTE_NEEDS_A_NOTE = [
    {"properties": {"status": {"enum": ["unreviewed", "confirmed", "inconclusive"]}}},
    {"properties": {"note": {"type": "string", "pattern": anchored(NOT_BLANK)}}, "required": ["note"]},
]


class ClaimdeskApi(Api):
    def _register_pagination_header(self):
        self.spec.components.header("PAGINATION", PAGINATION_HEADER, lazy=True)


# An article comes as its text, or as a URL to fetch it from: one of the two is needed.
TEXT_OR_URL = [{"required": ["text"]}, {"required": ["url"]}]
# apispec states a nullable nested schema as ``anyOf: [$ref, {nullable, type: object}]``, whose
# second branch lets any object through; what the server takes is the schema or null only.
_LOOSE_NULL = {"nullable": True, "type": "object"}
ONLY_NULL = {"nullable": True, "type": "object", "enum": [None]}


def refine(spec) -> None:
    """Business rules a marshmallow schema cannot state, added to the registered components."""
    schemas = spec.components.schemas
    if "Decision" in schemas:
        schemas["Decision"]["anyOf"] = DISPUTE_NEEDS_A_NOTE
    if "DocumentCreate" in schemas:
        schemas["DocumentCreate"]["anyOf"] = TEXT_OR_URL
    for schema in schemas.values():
        for prop in (schema.get("properties") or {}).values():
            branches = prop.get("anyOf") if isinstance(prop, dict) else None
            if branches and _LOOSE_NULL in branches:
                prop["anyOf"] = [ONLY_NULL if branch == _LOOSE_NULL else branch for branch in branches]
