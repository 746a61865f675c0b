"""Who is calling: a Bearer token on every API request, checked against the users table."""
from __future__ import annotations

import functools

from flask import g, request

from service import users
from service.db import db


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def requires(role: str = "analyst"):
    """Decorate a view: authenticate the caller, check their role, keep the user in ``g.user``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            # A bare connection: views that need the ORM session get it on the same connection.
            g.user = users.authenticate(db.connection(), bearer_token())
            users.require_role(g.user, role)
            return view(*args, **kwargs)

        return wrapper

    return decorator
