"""Users, roles and API tokens. Tokens are random and stored only as their SHA-256."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.errors import Duplicate, NotFound, PermissionDenied, RuleViolation, Unauthenticated
from service.models import ROLES, User

# Each role can do what the roles before it can.
_RANK = {role: rank for rank, role in enumerate(ROLES)}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(session: Session, name: str, role: str) -> tuple[User, str]:
    """Add a user and return it with its token, which is shown this once and never stored."""
    name = name.strip()
    if not name:
        raise RuleViolation("A user needs a name.", {"name": ["Must not be empty."]})
    if role not in _RANK:
        raise RuleViolation(f"Unknown role {role!r}.", {"role": [f"Must be one of: {', '.join(ROLES)}."]})
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise Duplicate(f"A user named {name!r} exists already.")
    token = secrets.token_urlsafe(32)
    user = User(name=name, role=role, token_hash=hash_token(token), active=True)
    try:
        with session.begin_nested():  # a concurrent add of the same name loses here, not with a 500
            session.add(user)
    except IntegrityError:
        raise Duplicate(f"A user named {name!r} exists already.") from None
    return user, token


def authenticate(session: Session, token: str | None) -> User:
    if not token:
        raise Unauthenticated("Send an API token: 'Authorization: Bearer TOKEN'.")
    user = session.scalar(select(User).where(User.token_hash == hash_token(token)))
    if user is None or not user.active:
        raise Unauthenticated("The token matches no active user.")
    return user


def require_role(user: User, role: str) -> None:
    if _RANK[user.role] < _RANK[role]:
        raise PermissionDenied(f"This needs the {role} role; {user.name} is {user.role}.")


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User))
