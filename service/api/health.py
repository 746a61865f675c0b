"""Health check: open to anyone, so load balancers and monitors need no token."""
from flask_smorest import Blueprint
from sqlalchemy import text

from schemas.common import HealthSchema
from service import __version__
from service.db import db

blp = Blueprint("health", __name__, url_prefix="/api/health", description="Service health")


@blp.route("")
@blp.response(200, HealthSchema)
@blp.doc(security=[])
def health():
    """Report that the service and its database answer"""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__, "database": db.engine.dialect.name}
