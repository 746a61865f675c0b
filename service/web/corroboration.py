"""The review page's corroboration: the cluster beside the claim, link decisions, and a
read-only page per claim that the cluster's reports link to.

Same service calls as the API (``clusters.corroboration``, ``links.decide_link``), authenticated
by the session cookie, with the CSRF header on the POST.
"""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError

from schemas.corroboration import CorroborationSchema, LinkSchema, ReviewLinkDecisionSchema
from service import clusters, documents, links
from service.db import db
from service.errors import NotFound, RuleViolation
from service.models import utcnow
from service.web import auth
from service.web.views import bp


def json_input(schema) -> dict:
    # Same validation as the API's schemas; a bad body is a 422 with per-field errors.
    try:
        return schema.load(request.get_json(silent=True) or {})
    except ValidationError as error:
        raise RuleViolation("The request's fields are not valid; see 'errors'.", error.messages) from None


@bp.get("/review/api/claims/<int:claim_id>/corroboration")
def claim_corroboration(claim_id):
    """The claim's cluster, as the API shows it."""
    auth.require_session_user()
    return CorroborationSchema().dump(clusters.corroboration(db.session, claim_id))


@bp.post("/review/api/links/<int:link_id>")
def decide_link(link_id):
    """Confirm or reject a link; the version the page saw guards against lost updates."""
    user = auth.require_session_user()
    auth.check_csrf()
    data = json_input(ReviewLinkDecisionSchema())
    link = links.decide_link(db.session, link_id, user, data["status"], data.get("note"),
                             based_on=[data["version"]], now=utcnow())
    db.session.commit()
    return LinkSchema().dump(links.get_link(db.session, link.id))


@bp.get("/review/claims/<int:claim_id>")
def claim_page(claim_id):
    """One claim, read-only, with its cluster: where the cluster's reports link to."""
    user = auth.session_user()
    if user is None:
        return redirect(url_for("web.login_form"))
    try:
        claim = documents.get_claim(db.session, claim_id)
    except NotFound as error:
        return render_template("claim.html", user=user, error=error.message), 404
    view = CorroborationSchema().dump(clusters.corroboration(db.session, claim_id))
    return render_template("claim.html", user=user, claim=claim, view=view)
