"""/api/users: admins list, create and change users; a new token is shown once, when issued."""
from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from schemas.users import TokenRequestSchema, UserCreatedSchema, UserCreateSchema, UserSchema, UserUpdateSchema
from service import users
from service.api.auth import requires
from service.api.claims import documented
from service.db import db

blp = Blueprint("users", __name__, url_prefix="/api/users", description="Users and their roles (admins)")


def _shown(user, token: str) -> dict:
    fields = ("id", "name", "role", "active", "created_at", "token_expires_at")
    return {**{key: getattr(user, key) for key in fields}, "token": token}


@blp.route("")
@requires("admin")
@blp.response(200, UserSchema(many=True))
@documented(401, 403)
def list_users():
    """List users"""
    return users.list_users(db.session)


@blp.route("", methods=["POST"])
@requires("admin")
@blp.arguments(UserCreateSchema)
@blp.response(201, UserCreatedSchema)
@documented(400, 401, 403, 409, 413, 415)
def create_user(new_user):
    """Create a user with a role; the response shows the API token, once"""
    user, token = users.create_user(db.session, new_user["name"], new_user["role"],
                                    expires_at=new_user.get("token_expires_at"))
    db.session.commit()
    return _shown(user, token)


@blp.route("/<int:user_id>")
@requires("analyst")
@blp.response(200, UserSchema)
@documented(401, 403, 404)
def get_user(user_id):
    """Read a user (admins: anyone; others: themselves)"""
    users.require_self_or_admin(g.user, user_id)
    user = users.get_user(db.session, user_id)
    return user


@blp.route("/<int:user_id>", methods=["PATCH"])
@requires("admin")
@blp.arguments(UserUpdateSchema)
@blp.response(200, UserSchema)
@documented(400, 401, 403, 404, 409, 413)
def update_user(change, user_id):
    """Change a user's active flag, role or token expiry

    Deactivation ends the user's token and page sessions at once.
    """
    user = users.get_user(db.session, user_id)
    users.update_user(db.session, user, users.Change(**change))
    db.session.commit()
    return user


@blp.route("/<int:user_id>/token", methods=["POST"])
@requires("analyst")
@blp.arguments(TokenRequestSchema(), required=False)
@blp.response(201, UserCreatedSchema)
@documented(400, 401, 403, 404, 413)
def rotate_token(request_body, user_id):
    """Issue a new API token, shown once; the old one stops working at once

    Admins may rotate anyone's token; other users their own. The user's page sessions end too.
    """
    users.require_self_or_admin(g.user, user_id)
    user = users.get_user(db.session, user_id)
    token = users.rotate_token(db.session, user, expires_at=(request_body or {}).get("token_expires_at"))
    db.session.commit()
    return _shown(user, token)
