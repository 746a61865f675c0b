"""Review-page sessions, kept server-side so they can end before their cookie does.

The signed cookie carries a random key; the database keeps only its SHA-256 in ``web_sessions``.
Logout deletes the session's row; deactivating a user or rotating their token deletes all of
theirs. Looking a session up is one indexed query that also fetches the user.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.models import User, WebSession
from service.times import aware


def _hash(key: str) -> str:
    # Like API tokens: a stolen copy of the table does not give working cookies.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def open_session(session: Session, user: User, now: datetime, seconds: int) -> str:
    """Start a session for ``user``; return the key for the cookie (never stored as such)."""
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))  # sweep, so the table stays small
    key = secrets.token_urlsafe(32)
    session.add(WebSession(key_hash=_hash(key), user_id=user.id, created_at=now,
                           expires_at=now + timedelta(seconds=seconds)))
    session.flush()
    return key


def session_user(session: Session, key: str | None, now: datetime) -> User | None:
    """The user of a live session: the session exists and has not expired, the user is active and
    their token has not expired. None otherwise."""
    if not isinstance(key, str) or not key:
        return None
    row = session.execute(
        select(User, WebSession.expires_at).join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.key_hash == _hash(key))
    ).first()
    if row is None:
        return None
    user, expires_at = row
    if aware(expires_at) <= now or not user.active or token_expired(user, now):
        return None
    return user


def token_expired(user: User, now: datetime) -> bool:
    return user.token_expires_at is not None and aware(user.token_expires_at) <= now


def close_session(session: Session, key: str | None) -> None:
    if isinstance(key, str) and key:
        session.execute(delete(WebSession).where(WebSession.key_hash == _hash(key)))


def close_all(session: Session, user_id: int) -> int:
    """End every page session of a user; return how many there were."""
    return session.execute(delete(WebSession).where(WebSession.user_id == user_id)).rowcount
