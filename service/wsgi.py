"""The WSGI entry point for production servers: ``gunicorn 'service.wsgi:app'`` (docs/deploy.md), e.g.

    CLAIMDESK_DATABASE_URL=postgresql://… CLAIMDESK_DATABASE_POOL_SIZE=16 \
        gunicorn --workers 2 --worker-class gthread --threads 16 'service.wsgi:app'

Settings come from CLAIMDESK_* environment variables. Logging goes to stderr at LOG_LEVEL unless
the server configured it already. Each worker process builds its own app and so its own connection
pool: load it after the fork (no ``--preload``).
"""
from service import create_app
from service import config as settings
from service.app import ready_to_serve
from service.logs import configure

configure(settings.from_environment().get("LOG_LEVEL", settings.Defaults.LOG_LEVEL))
app = create_app()
ready_to_serve()
