"""The analyst review page: server-rendered templates and a little vanilla JavaScript."""


def register(app) -> None:
    """Register the review page's blueprint (pages, their JSON, static files)."""
    from service.web import edits  # noqa: F401  (adds the attribution edit routes to ``bp``)
    from service.web import sources
    from service.web.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(sources.bp)
