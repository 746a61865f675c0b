"""The HTTP API under /api: flask-smorest blueprints, thin views over the service modules."""
from service.api.spec import ClaimdeskApi, refine

api = ClaimdeskApi()


def register(app) -> None:
    """Bind the API to ``app`` and register every resource's blueprint."""
    from service.api import (attributions, claims, corroboration, documents, errors, exports, health,
                             index, queue, sources, users)

    api.init_app(app)
    errors.register(app, api)
    for module in (index, health, documents, claims, users, queue, attributions, exports, sources,
                   corroboration):
        api.register_blueprint(module.blp)
    refine(api.spec)
