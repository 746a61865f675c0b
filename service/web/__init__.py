"""The analyst review page: server-rendered templates and a little vanilla JavaScript."""


def register(app) -> None:
    """Register the review page's blueprint (pages, their JSON, static files) and the API reference."""
    from service.web.apidocs import bp as apidocs
    from service.web.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(apidocs)
