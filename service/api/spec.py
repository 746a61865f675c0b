"""The OpenAPI document says what the server does: the few places flask-smorest's defaults don't.

- ``X-Pagination`` (the small lists that keep page numbers) is sent as a JSON text in a header, so
  it is declared a string (not an object); keyset lists send ``Link`` (schemas.pages.LINK_HEADER).
- A decision that disputes needs a note: the Decision schema states that rule as ``anyOf``, so a
  client (or schemathesis) reading the document knows that such a body is refused; likewise an
  article needs its text or a URL.
- A nullable nested object is that object or null (apispec's own rendering admits any object).
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


# POST /api/documents needs the text, or a URL to fetch it from (schemas.documents._text_or_url).
TEXT_OR_URL = [
    {"properties": {"text": {"type": "string"}}, "required": ["text"]},
    {"properties": {"url": {"type": "string"}}, "required": ["url"]},
]
# apispec states a nullable nested object as ``anyOf: [$ref, {nullable, type: object}]``, whose
# second branch admits any object; the server takes the nested schema or null, nothing else.
LOOSE_NULL = {"nullable": True, "type": "object"}
ONLY_NULL = {"nullable": True, "type": "object", "enum": [None]}


class ClaimdeskApi(Api):
    def _register_pagination_header(self):
        self.spec.components.header("PAGINATION", PAGINATION_HEADER, lazy=True)


def refine(spec) -> None:
    """Business rules a marshmallow schema cannot state, added to the registered components."""
    schemas = spec.components.schemas
    for name in ("Decision", "QueueDecide"):  # PATCH /api/claims/<id> and POST /api/queue/decide
        if name in schemas:
            schemas[name]["anyOf"] = DISPUTE_NEEDS_A_NOTE
    if "DocumentCreate" in schemas:
        schemas["DocumentCreate"]["anyOf"] = TEXT_OR_URL
    for schema in schemas.values():
        for prop in schema.get("properties", {}).values():
            choices = prop.get("anyOf", [])
            if LOOSE_NULL in choices:
                prop["anyOf"] = [ONLY_NULL if choice == LOOSE_NULL else choice for choice in choices]
