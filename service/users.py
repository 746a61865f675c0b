"""Users, roles and API tokens. Tokens are random and stored only as their SHA-256.

Revocation: deactivating a user or rotating their token takes effect on the next request, for the
API (the old token's hash is gone, or the user is inactive) and for the review page (their page
sessions are deleted, see service.sessions). A token may carry an expiry, set per user.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from service import sessions
from service.db import connection_of
from service.errors import Conflict, Duplicate, NotFound, PermissionDenied, RuleViolation, Unauthenticated
from service.models import ROLES, Claim, User, utcnow
from service.prepared import Prepared
from service.times import readable

# Each role can do what the roles before it can.
_RANK = {role: rank for rank, role in enumerate(ROLES)}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(session: Session, name: str, role: str, expires_at: datetime | None = None) -> tuple[User, str]:
    """Add a user and return it with its token, which is shown this once and never stored."""
    name = name.strip()
    if not name:
        raise RuleViolation("A user needs a name.", {"name": ["Must not be empty."]})
    if role not in _RANK:
        raise RuleViolation(f"Unknown role {role!r}.", {"role": [f"Must be one of: {', '.join(ROLES)}."]})
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise Duplicate(f"A user named {name!r} exists already.")
    token = secrets.token_urlsafe(32)
    user = User(name=name, role=role, token_hash=hash_token(token), active=True, token_expires_at=expires_at)
    try:
        with session.begin_nested():  # a concurrent add of the same name loses here, not with a 500
            session.add(user)
    except IntegrityError:
        raise Duplicate(f"A user named {name!r} exists already.") from None
    return user, token


_users = User.__table__
# Built once, so every request finds it compiled; only the columns a request needs.
_BY_TOKEN = Prepared(select(*(_users.c[name] for name in ("id", "name", "role", "active", "token_expires_at")))
                     .where(_users.c.token_hash == bindparam("token_hash")))


@dataclass(frozen=True)
class Caller:
    """Who makes a request: what services read of a User (id, name, role), without building a
    model instance per request. A service that changes a user loads it (``get_user``)."""

    id: int
    name: str
    role: str
    active: bool
    token_expires_at: datetime | None


def authenticate(session: Session | Connection, token: str | None, now: datetime | None = None) -> Caller:
    """The active user whose unexpired token this is: one indexed query, on every request, so a
    deactivation or a new token takes effect at once in every server process."""
    if not token:
        raise Unauthenticated("Send an API token: 'Authorization: Bearer TOKEN'.")
    row = _BY_TOKEN.first(connection_of(session), {"token_hash": hash_token(token)})
    if row is None or not row[3]:  # active
        raise Unauthenticated("The token matches no active user.")
    caller = Caller(*row)
    if sessions.token_expired(caller, now or utcnow()):
        raise Unauthenticated(f"The token expired at {readable(caller.token_expires_at)}; ask an admin for a new one.")
    return caller


def require_role(user: User | Caller, role: str) -> None:
    if _RANK[user.role] < _RANK[role]:
        raise PermissionDenied(f"This needs the {role} role; {user.name} is {user.role}.")


def require_self_or_admin(actor: User | Caller, user_id: int) -> None:
    """Checked before the lookup, so nobody but an admin learns which user ids exist."""
    if actor.id != user_id:
        require_role(actor, "admin")


_UNSET = object()


@dataclass(frozen=True)
class Change:
    """What an admin changes on a user; fields left None stay as they are (expiry: _UNSET)."""

    active: bool | None = None
    role: str | None = None
    token_expires_at: object = _UNSET  # a datetime, or None for "never expires"


def update_user(session: Session, user: User, change: Change) -> User:
    """Activate, deactivate, change role or token expiry (an empty change changes nothing; an
    expiry in the past stops the token at once). Deactivation ends the user's page sessions and
    leases; the last active admin can be neither deactivated nor demoted (nobody could undo it)."""
    if change.role is not None and change.role not in _RANK:
        raise RuleViolation(f"Unknown role {change.role!r}.", {"role": [f"Must be one of: {', '.join(ROLES)}."]})
    loses_admin = user.role == "admin" and user.active and (
        change.active is False or (change.role is not None and change.role != "admin"))
    if loses_admin and _active_admins(session) <= 1:
        raise Conflict(f"{user.name} is the last active admin; make another admin first.")
    if change.token_expires_at is not _UNSET:
        user.token_expires_at = change.token_expires_at
    if change.role is not None:
        user.role = change.role
    if change.active is not None:
        user.active = change.active
        if not change.active:
            sessions.close_all(session, user.id)
            # Their leases go back to the queue now rather than when they run out.
            session.execute(update(Claim).where(Claim.leased_by_id == user.id)
                            .values(leased_by_id=None, leased_until=None))
    session.flush()
    return user


def rotate_token(session: Session, user: User, expires_at: datetime | None = None) -> str:
    """Give ``user`` a new token (returned, never stored) and end their page sessions: the old
    token and every cookie made with it stop working at once."""
    token = secrets.token_urlsafe(32)
    user.token_hash = hash_token(token)
    user.token_expires_at = expires_at
    sessions.close_all(session, user.id)
    session.flush()
    return token


def get_user_by_name(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFound(f"No user named {name.strip()!r}.")
    return user


def _active_admins(session: Session) -> int:
    # Locked (PostgreSQL; SQLite writers take turns anyway): two admins removing each other at
    # the same moment must not both see the other one still there.
    admins = select(User.id).where(User.role == "admin", User.active.is_(True)).with_for_update()
    return len(session.scalars(admins).all())


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User))
