"""The WSGI entry point for production servers: ``gunicorn 'service.wsgi:app'`` (docs/deploy.md).

Settings come from CLAIMDESK_* environment variables. Logging goes to stderr at LOG_LEVEL unless
the server configured it already.
"""
from service import create_app
from service import config as settings
from service.logs import configure

configure(settings.from_environment().get("LOG_LEVEL", settings.Defaults.LOG_LEVEL))
app = create_app()
