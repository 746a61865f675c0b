"""Sessions for the review page: log in with an API token, a signed cookie, a CSRF token.

The cookie is signed, but a signature cannot be taken back: so it names a server-side session
(service.sessions) that logout, deactivation and token rotation delete. The caller commits.

The CSRF token lives in the (signed) session and must come back with every form (field
``csrf_token``) and every JSON POST (header ``X-CSRF-Token``). SameSite=Lax cookies already stop
most cross-site posts; the token also covers older browsers and same-site attackers.
"""
from __future__ import annotations

import hmac
import secrets

from flask import current_app, g, request, session

from service import sessions
from service.db import db
from service.errors import PermissionDenied, Unauthenticated
from service.models import User, utcnow

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_KEY = "sid"


def csrf_token() -> str:
    """The session's CSRF token, made on first use (templates call this)."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def check_csrf() -> None:
    """Refuse a state-changing request whose token is missing or wrong."""
    expected = session.get(CSRF_FIELD)
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise PermissionDenied("The form's security token is missing or out of date; reload the page and retry.")


def log_in(user: User) -> None:
    # A fresh session on login: a token planted before login (session fixation) is not kept.
    session.clear()
    session[SESSION_KEY] = sessions.open_session(db.session, user, utcnow(), current_app.config["SESSION_SECONDS"])
    g.user = user  # the access log names who logged in
    csrf_token()


def log_out() -> None:
    sessions.close_session(db.session, session.get(SESSION_KEY))
    session.clear()


def session_user() -> User | None:
    """The logged-in, still active user, kept in ``g.user``; None when nobody is logged in or the
    session was ended on the server."""
    if "user" not in g:
        g.user = sessions.session_user(db.session, session.get(SESSION_KEY), utcnow())
    return g.user


def require_session_user() -> User:
    user = session_user()
    if user is None:
        raise Unauthenticated("Your session ended; log in again.")
    return user
