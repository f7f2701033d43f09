"""Security headers on every response, and the client's address behind proxies.

* A strict Content-Security-Policy: the pages have no inline script or style (a test of every
  page keeps it so), so the browser is told to run and apply only our own files, never to be
  framed, never to post a form elsewhere.
* HSTS over HTTPS only (`HSTS_MAX_AGE`, a year; 0: none): sent over plain HTTP it would be
  ignored, and a development machine must not be pinned to HTTPS.
* `Referrer-Policy: no-referrer`: a page's address never leaves the site (the resume link
  /r/<CODE> is in one).
* `Cache-Control: no-store` on everything that does not set its own caching (the stylesheet,
  whose URL changes with its content, is cached for a year): answers and verdicts are never
  kept by a browser or a proxy.

`PROXY_HOPS` (default 0) is the number of proxies in front of the app (a load balancer, nginx):
Werkzeug's ProxyFix then takes the client's address, the scheme and the host from as many
X-Forwarded-* headers, so rate limits count clients, not the proxy, and `request.is_secure` is
true behind a TLS-terminating proxy (Secure cookie, HSTS). Never more than there are: anyone
could then forge their address.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = (
    ("Content-Security-Policy", CSP),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors, for browsers that predate it
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
_HEADERS = tuple((name.lower(), name, value) for name, value in HEADERS)


def init_app(app: Flask) -> None:
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops)
    max_age = app.config["HSTS_MAX_AGE"]
    hsts = f"max-age={max_age}; includeSubDomains" if max_age else None

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # One pass over the names: Headers.setdefault builds and raises a KeyError for each
        # header it adds (about 15 µs a request).
        headers = response.headers
        present = {name.lower() for name, _ in headers}
        headers.extend([(name, value) for key, name, value in _HEADERS if key not in present])
        if hsts and request.is_secure:
            headers["Strict-Transport-Security"] = hsts
        if "cache-control" not in present:
            headers.add("Cache-Control", "no-store")
        return response
