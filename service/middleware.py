"""What every response goes through: security headers, and the reverse proxy's forwarded headers.

The Content-Security-Policy lets scripts and styles come only from this origin (no inline code,
no CDN) and forbids framing (click-jacking); X-Frame-Options says the same to older browsers.
A view that needs another policy sets its own header; the defaults fill in what is missing.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def security_headers(config) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": config.get("CONTENT_SECURITY_POLICY") or CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": config.get("REFERRER_POLICY") or "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if config.get("HSTS_SECONDS"):
        # Only behind TLS: browsers then refuse plain HTTP to this host for that long.
        headers["Strict-Transport-Security"] = f"max-age={int(config['HSTS_SECONDS'])}"
    return headers


def register(app: Flask) -> None:
    headers = security_headers(app.config)

    defaults = list(headers.items())
    names = {name.lower() for name in headers}

    @app.after_request
    def _add_security_headers(response):
        # One pass over the response's headers: setdefault would search them once per default.
        present = {name.lower() for name, _value in response.headers} & names
        response.headers.extend(defaults if not present else
                                [(name, value) for name, value in defaults if name.lower() not in present])
        return response

    hops = int(app.config.get("PROXY_COUNT") or 0)
    if hops:
        # Trust X-Forwarded-For/-Proto/-Host from exactly this many proxies in front of us, so
        # url_for, secure cookies and the access log see the client's scheme, host and address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
