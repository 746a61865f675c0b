"""The review page: /login, /logout, /review, and the page's JSON under /review/api/.

The JSON endpoints authenticate by session cookie plus an ``X-CSRF-Token`` header and call the
same service functions as the HTTP API (``queue.lease_next``, ``review.decide`` …); a decision
goes through ``desk.decide_and_take_next``, as ``POST /api/queue/decide`` does.
"""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from schemas.queue import ReviewDecisionSchema, ReviewLeaseSchema
from service import desk, documents, gate, queue, ratings, review, users
from service.db import db
from service.errors import DomainError, PermissionDenied
from service.models import Claim, utcnow
from service.web import auth, present

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/review/static")


@bp.app_context_processor
def _template_globals():
    return {"csrf_token": auth.csrf_token}


@bp.get("/")
def index():
    return redirect(url_for("web.review_page"))


@bp.get("/login")
def login_form():
    return render_template("login.html")


@bp.post("/login")
def login():
    """Exchange an API token for a session cookie."""
    try:
        auth.check_csrf()
        user = users.authenticate(db.session, request.form.get("token", "").strip())
    except DomainError as error:
        code = 403 if isinstance(error, PermissionDenied) else 401
        return render_template("login.html", error=error.message), code
    auth.log_in(user)
    db.session.commit()
    return redirect(url_for("web.review_page"))


@bp.get("/logout")
def logout_form():
    # Logging out changes state, so it takes a POST with the CSRF token; a GET only asks.
    return render_template("logout.html", user=auth.session_user())


@bp.post("/logout")
def logout():
    try:
        auth.check_csrf()
    except PermissionDenied as error:
        return render_template("login.html", error=error.message), 403
    auth.log_out()
    db.session.commit()
    return redirect(url_for("web.login_form"))


@bp.get("/review")
def review_page():
    user = auth.session_user()
    if user is None:
        return redirect(url_for("web.login_form"))
    return render_template("review.html", user=user, lease_seconds=current_app.config["LEASE_SECONDS"],
                           credibility=ratings.CREDIBILITY)


def _json_input(schema) -> dict:
    # The same gate as the API: the schema's rules (NUL, lone surrogates, lengths) and JSON only.
    return gate.json_body(schema)


def _page_call():
    """Authenticate, check CSRF and return (user, now) for a page JSON call."""
    user = auth.require_session_user()
    auth.check_csrf()
    return user, utcnow()


def _next_claim(user, now, document_id, order="default"):
    claim = queue.lease_next(db.session, user, seconds=current_app.config["LEASE_SECONDS"],
                             document_id=document_id, now=now, order=order)
    if claim is None and document_id is not None:  # this document is done: go on with the rest
        claim = queue.lease_next(db.session, user, seconds=current_app.config["LEASE_SECONDS"], now=now,
                                 order=order)
    return present.leased_claim(db.session, claim and documents.load_span_texts(db.session, [claim])[0], now)


def _decide(user, data: dict, now):
    """The page's decisions go through the same service call, version check and history as the API."""
    return review.decide(db.session, data["claim_id"], user,
                         review.Decision(status=data["status"], note=data.get("note")),
                         based_on=[data["version"]], now=now)


@bp.post("/review/api/lease")
def lease():
    """The claim the analyst holds, or the next one from the queue."""
    user, now = _page_call()
    data = _json_input(ReviewLeaseSchema())
    body = _next_claim(user, now, data.get("document_id"), data["order"])
    db.session.commit()
    return body


@bp.post("/review/api/decide")
def decide():
    """Decide the claim, then lease the next one in the same transaction."""
    user, now = _page_call()
    data = _json_input(ReviewDecisionSchema())
    outcome = desk.decide_and_take_next(   # the same call as POST /api/queue/decide
        db.session, user, data["claim_id"], data["version"],
        review.Decision(status=data["status"], note=data.get("note"), credibility=data.get("credibility")),
        seconds=current_app.config["LEASE_SECONDS"], document_id=data.get("document_id"), now=now,
        order=data["order"])
    claim = outcome.decided
    decided = {"claim_id": claim.id, "version": claim.version, "status": claim.status,
               "credibility": claim.credibility}
    body = {"decided": decided, **present.leased_claim(db.session, outcome.next, now)}
    db.session.commit()
    return body


@bp.post("/review/api/skip")
def skip():
    """Hand the claim back; the queue offers it to others before this analyst again."""
    user, now = _page_call()
    data = _json_input(ReviewLeaseSchema())
    queue.skip(db.session, user, now)
    body = _next_claim(user, now, data.get("document_id"), data["order"])
    db.session.commit()
    return body


@bp.post("/review/api/undo")
def undo():
    """Put the last decided claim back to its previous status (if nobody changed it since)."""
    user, now = _page_call()
    decided = _decide(user, _json_input(ReviewDecisionSchema()), now)
    claim = db.session.get(Claim, decided.id)  # the stored claim, which the lease changes
    queue.lease_claim(db.session, claim, user, seconds=current_app.config["LEASE_SECONDS"], now=now)
    body = present.leased_claim(db.session, documents.load_span_texts(db.session, [claim])[0], now)
    db.session.commit()
    return body
