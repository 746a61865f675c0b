"""The API reference page at /api/docs: Swagger UI over the served OpenAPI document.

Swagger UI's files come from the ``swagger-ui-bundle`` package on PyPI and are served from this
instance (never a CDN). The page has no inline script or style: the set-up lives in
``static/api-docs.js``, so the page works under a Content-Security-Policy of 'self' only.
"""
from __future__ import annotations

from flask import Blueprint, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path
from werkzeug.exceptions import NotFound

ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                    "favicon-32x32.png", "favicon-16x16.png"})

bp = Blueprint("apidocs", __name__, template_folder="templates")


@bp.get("/api/docs")
def reference():
    return render_template("api-docs.html")


@bp.get("/api/docs/swagger-ui/<name>")
def swagger_asset(name: str):
    # Only the files the page uses: the package also holds source maps and a demo index.
    if name not in ASSETS:
        raise NotFound(f"No asset {name!r}.")
    return send_from_directory(swagger_ui_path, name, max_age=3600)
