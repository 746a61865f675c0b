"""The sources page: /sources (search the registry) and /sources/<id> (one source: record,
grade history, claims, and the grading form that editors drive from the keyboard).

Grading posts a form with the CSRF token and the version the editor saw; it goes through the
same schema and service call as ``PATCH /api/sources/<id>`` (role, version, reason checks).
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from marshmallow import ValidationError

from schemas.sources import DistinctSchema, MergeSchema, SourcePatchSchema, SourceQuerySchema
from service import ratings, source_edits, source_queries, source_suggestions
from service.api.errors import status_of
from service.db import db
from service.errors import DomainError, NotFound, RuleViolation
from service.web import auth

bp = Blueprint("sources_web", __name__, template_folder="templates")
PAGE_SIZE = 50


@bp.get("/sources")
def list_page():
    user = auth.session_user()
    if user is None:
        return redirect(url_for("web.login_form"))
    raw = {k: v for k, v in request.args.items() if k in ("q", "kind", "sort") and v}
    raw["reliability"] = [g for g in request.args.getlist("reliability") if g]
    if not raw["reliability"]:
        del raw["reliability"]
    error, query = None, {}
    try:
        query = SourceQuerySchema().load(raw)
    except ValidationError as invalid:
        error = "; ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in invalid.messages.items())
    page = max(1, request.args.get("page", 1, type=int) or 1)
    where = source_queries.SourceFilter(**{**query, "reliability": tuple(query.get("reliability") or ())})
    found, total = source_queries.list_sources(db.session, where, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    records = source_queries.track_records(db.session, [s.id for s in found])
    return render_template(
        "sources.html", user=user, sources=found, records=records, total=total, page=page, page_size=PAGE_SIZE,
        query=raw, error=error, kinds=source_edits.KINDS, grades=ratings.RELIABILITY,
        suggestions=len(source_suggestions.suggestions(db.session)),
    ), 422 if error else 200


@bp.get("/sources/<int:source_id>")
def source_page(source_id: int):
    user = auth.session_user()
    if user is None:
        return redirect(url_for("web.login_form"))
    return _render(user, source_id, message=request.args.get("done"))


@bp.post("/sources/<int:source_id>/grade")
def grade(source_id: int):
    """Set the grade with a reason: the form's version stands in for If-Match."""
    def apply(user, based_on):
        changes = _form_input(SourcePatchSchema(), "The grade needs a letter A-F and a reason.",
                              reliability=request.form.get("reliability") or None)
        reason = changes.pop("reason")
        source_edits.update_source(db.session, source_id, user, changes, reason=reason, based_on=based_on)
        return source_id

    return _edit(source_id, apply, "Grade saved.")


@bp.post("/sources/<int:source_id>/merge")
def merge(source_id: int):
    """Merge a suggested pair (the same call as ``POST /api/sources/<id>/merge``); lands on the survivor."""
    def apply(user, based_on):
        data = _form_input(MergeSchema(), "A merge needs the source to keep and a reason.",
                           into=request.form.get("into"))
        return source_edits.merge(db.session, source_id, data["into"], user, reason=data["reason"],
                                  based_on=based_on).id

    return _edit(source_id, apply, "Merged.")


@bp.post("/sources/<int:source_id>/distinct")
def distinct(source_id: int):
    """Dismiss a suggested pair: the two are different sources (``POST /api/sources/<id>/distinct``)."""
    def apply(user, based_on):
        data = _form_input(DistinctSchema(), "Say which source this one differs from, and why.",
                           other=request.form.get("other"))
        source_edits.keep_apart(db.session, source_id, data["other"], user, reason=data["reason"],
                                based_on=based_on)
        return request.form.get("page", source_id, type=int)

    return _edit(source_id, apply, "Marked as different sources: the pair is no longer suggested.")


def _edit(source_id: int, apply, done: str):
    """Run one editor's change from a form: the CSRF check, the form's version standing in for
    If-Match, the commit, and the page again with the message or the error."""
    user = auth.session_user()
    if user is None:
        return redirect(url_for("web.login_form"))
    try:
        auth.check_csrf()
        version = request.form.get("version", type=int)
        landing = apply(user, None if version is None else [version])
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if isinstance(error, NotFound):
            return _render(user, source_id, error=error.message, status=404)
        return _render(user, source_id, error=error.message, status=status_of(error), form=request.form)
    return redirect(url_for("sources_web.source_page", source_id=landing, done=done))


def _form_input(schema, message: str, **fields) -> dict:
    """The form's fields through the API's schema, so both doors validate alike."""
    try:
        return schema.load({**fields, "reason": request.form.get("reason", "")})
    except ValidationError as error:
        raise RuleViolation(message, error.messages) from None


def _render(user, source_id: int, *, message=None, error=None, status=200, form=None):
    try:
        source = source_queries.get_source(db.session, source_id)
    except NotFound as missing:
        return render_template("source.html", user=user, view=None, error=missing.message), 404
    view = source_queries.detail(db.session, source)
    claims, total = source_queries.source_claims(db.session, source_id, 0, 100)
    rated = [(claim, ratings.rating_of(claim)) for claim in claims]
    return render_template(
        "source.html", user=user, view=view, claims=rated, claim_total=total, grades=ratings.RELIABILITY,
        credibility=ratings.CREDIBILITY, can_grade=user.role in ("editor", "admin"), message=message,
        error=error, form=form or {}, suggestions=source_suggestions.suggestions(db.session, source_id),
    ), status
