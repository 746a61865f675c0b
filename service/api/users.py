"""/api/users: admins list users and create them (the response carries the new token once)."""
from __future__ import annotations

from flask_smorest import Blueprint

from schemas.users import UserCreatedSchema, UserCreateSchema, UserSchema
from service import users
from service.api.auth import requires
from service.api.claims import documented
from service.db import db

blp = Blueprint("users", __name__, url_prefix="/api/users", description="Users and their roles (admins)")


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
    user, token = users.create_user(db.session, new_user["name"], new_user["role"])
    db.session.commit()
    shown = {key: getattr(user, key) for key in ("id", "name", "role", "active", "created_at")}
    return {**shown, "token": token}
