"""The WSGI entry point for servers other than ``claimdesk serve``, e.g. gunicorn:

    CLAIMDESK_DATABASE_URL=postgresql://… gunicorn --workers 2 --threads 16 'service.wsgi:app'

Configuration comes from CLAIMDESK_* variables (see service.config). Each worker process builds
its own app and so its own connection pool: load it after the fork (no ``--preload``).
"""
from service import create_app

app = create_app()
