"""gunicorn's settings for amnesty-check (docs/production.md):

    gunicorn -c python:web.gunicorn_conf 'app:create_app()'

Each can be changed without editing this file: gunicorn's own flags win over it (`--bind
0.0.0.0:8000`, `--workers 3`), and so do these environment variables:

    AMNESTY_BIND      where to listen (default 127.0.0.1:8000: behind a proxy on the same host)
    WEB_CONCURRENCY   worker processes (default: 2 per core, at least 2)
    AMNESTY_THREADS   threads per worker (default 2)

Workers are `gthread`: the pages are short and CPU-bound, so a few processes per core do the
work, and a couple of threads each keep a worker busy while another request waits for
PostgreSQL or Redis. Every wait is bounded below Twilio's 15 seconds, so the webhook answers
before Twilio gives up and retries: a worker that stops answering is restarted after 12 s
(`timeout`); a request waits at most 5 s to connect to PostgreSQL or for a pooled connection,
10 s for a statement (web/db.py), 1 s for Redis (web/ratelimit.py). Limits on request lines
and headers refuse oversized requests before the app sees them (the app limits bodies:
MAX_CONTENT_LENGTH).

Logs: gunicorn's own lines go through the app's formatter (JSON in production); its access log
is off, because the app logs each request itself with the route's template instead of the raw
path (web/logs.py). Before the workers start, the configuration is checked once: a wrong
setting stops gunicorn with one clear line.
"""

from __future__ import annotations

import os
import sys

cores = os.cpu_count() or 1

bind = os.environ.get("AMNESTY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, 2 * cores))
worker_class = "gthread"
threads = int(os.environ.get("AMNESTY_THREADS") or 2)

timeout = 12  # a worker silent this long is restarted (Twilio waits 15 s)
graceful_timeout = 12  # on restart or deploy, requests under way may finish
keepalive = 5  # a load balancer's idle connections are usually kept 60 s; nginx's 75 s
max_requests = 20000  # recycle workers now and then (bounded memory, whatever leaks)
max_requests_jitter = 2000  # … not all at once

limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

accesslog = None  # the app logs each request (web/logs.py)
errorlog = "-"
loglevel = "info"

_format = os.environ.get("AMNESTY_LOG_FORMAT") or (
    "json" if os.environ.get("AMNESTY_ENV") == "production" else "text")
if _format not in ("json", "text"):
    _format = "text"  # on_starting names the wrong setting
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"app": {"()": f"web.logs.{_format.capitalize()}Formatter"}},
    "filters": {"request": {"()": "web.logs.RequestFields"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "app",
                            "filters": ["request"], "stream": "ext://sys.stderr"}},
    "root": {"level": os.environ.get("AMNESTY_LOG_LEVEL", "INFO").upper(),
             "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        "alembic": {"level": "WARNING"},
    },
}


def on_starting(server) -> None:
    """Check the configuration once, in the master, before any worker starts."""
    from app import create_app
    from web import schema
    from web.config import ConfigError

    try:
        app = create_app()
    except ConfigError as e:
        server.log.error("configuration: %s", e)
        sys.exit(1)
    try:
        found, revision = schema.status(app.extensions["db"].kw["bind"])
    except Exception as e:  # noqa: BLE001 - the database may come up later: say it, go on
        server.log.warning("the database does not answer yet: %s", type(e).__name__)
        return
    if found in ("missing", "behind"):
        server.log.error("the database %s: run `%s`; until then every page answers 503",
                         "has no tables" if found == "missing" else f"is at {revision}",
                         schema.COMMAND)
