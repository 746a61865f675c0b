"""The OpenAPI document says what the server does: the few places flask-smorest's defaults don't.

- ``X-Pagination`` is sent as a JSON text in a header, so it is declared a string (not an object).
- A decision that disputes needs a note: the Decision schema states that rule as ``anyOf``, so a
  client (or schemathesis) reading the document knows that such a body is refused.
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


def refine(spec) -> None:
    """Business rules a marshmallow schema cannot state, added to the registered components."""
    decision = spec.components.schemas.get("Decision")
    if decision is not None:
        decision["anyOf"] = DISPUTE_NEEDS_A_NOTE
