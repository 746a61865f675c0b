"""The analyst review page: server-rendered templates and a little vanilla JavaScript."""


def register(app) -> None:
    """Register the review page's blueprints (pages, their JSON, static files), the sources pages
    and the API reference."""
    from service.web import corroboration  # noqa: F401  (adds its routes to the page's blueprint)
    from service.web import edits  # noqa: F401  (adds the attribution edit routes to ``bp``)
    from service.web import sources
    from service.web.apidocs import bp as apidocs
    from service.web.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(sources.bp)
    app.register_blueprint(apidocs)
