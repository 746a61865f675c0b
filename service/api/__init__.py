"""The HTTP API under /api: flask-smorest blueprints, thin views over the service modules."""
from flask_smorest import Api

api = Api()


def register(app) -> None:
    """Bind the API to ``app`` and register every resource's blueprint."""
    from service.api import claims, documents, errors, exports, health, queue, users

    api.init_app(app)
    errors.register(app, api)
    for module in (health, documents, claims, users, queue, exports):
        api.register_blueprint(module.blp)
