"""The review page's attribution edits (session and CSRF header, like the page's other calls), through
the same service as the API: version check, lease rule, span rules, history."""
from __future__ import annotations

from schemas.attributions import (
    ReviewAttributionCreateSchema, ReviewAttributionEditSchema, ReviewAttributionRemoveSchema,
)
from flask import request
from marshmallow import ValidationError

from schemas.claims import ClaimEventSchema, ClaimSchema
from service import corrections, documents, review
from service.db import db
from service.errors import RuleViolation
from service.models import utcnow
from service.web import auth
from service.web.views import bp


def _page_call():
    """Authenticate by session, check the CSRF header; (user, now)."""
    user = auth.require_session_user()
    auth.check_csrf()
    return user, utcnow()


def _json_input(schema) -> dict:
    try:
        return schema.load(request.get_json(silent=True) or {})
    except ValidationError as error:
        raise RuleViolation("The request's fields are not valid; see 'errors'.", error.messages) from None


def _answer(claim_id: int, attribution_id: int | None = None) -> dict:
    claim = documents.get_claim(db.session, claim_id)
    return {"claim": ClaimSchema().dump(claim), "attribution_id": attribution_id,
            "history": ClaimEventSchema(many=True).dump(review.history(db.session, claim_id))}


def _edit(data: dict) -> tuple[int, list[int], corrections.AttributionEdit]:
    claim_id, version = data.pop("claim_id"), data.pop("version")
    return claim_id, [version], corrections.AttributionEdit.of(data)


@bp.post("/review/api/attributions")
def add_attribution():
    user, now = _page_call()
    claim_id, based_on, edit = _edit(_json_input(ReviewAttributionCreateSchema()))
    attribution = corrections.add_attribution(db.session, claim_id, user, edit, based_on=based_on, now=now)
    db.session.commit()
    return _answer(claim_id, attribution.id), 201


@bp.patch("/review/api/attributions/<int:attribution_id>")
def change_attribution(attribution_id):
    user, now = _page_call()
    claim_id, based_on, edit = _edit(_json_input(ReviewAttributionEditSchema()))
    corrections.change_attribution(db.session, claim_id, attribution_id, user, edit, based_on=based_on, now=now)
    db.session.commit()
    return _answer(claim_id, attribution_id)


@bp.delete("/review/api/attributions/<int:attribution_id>")
def remove_attribution(attribution_id):
    user, now = _page_call()
    data = _json_input(ReviewAttributionRemoveSchema())
    corrections.remove_attribution(db.session, data["claim_id"], attribution_id, user,
                                   based_on=[data["version"]], now=now)
    db.session.commit()
    return _answer(data["claim_id"])
