"""The analyst review page: server-rendered templates and a little vanilla JavaScript."""


def register(app) -> None:
    """Register the review page's blueprint (pages, their JSON, static files)."""
    from service.web import corroboration  # noqa: F401  (adds its routes to the page's blueprint)
    from service.web.views import bp

    app.register_blueprint(bp)
