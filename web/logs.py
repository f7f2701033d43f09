"""Logs: one line per event, a JSON object in production, and nothing personal in any of them.

Each request is logged once, when it ends (this is the access log; gunicorn's own is off):

    {"time": "2026-11-27T09:15:02.123Z", "level": "INFO", "logger": "amnesty.request",
     "message": "request", "pid": 4121, "request_id": "5f0c…", "method": "POST",
     "path": "/<lang_code>/q/<question_id>", "status": 302, "duration_ms": 4.1}

`path` is the route's template, never the address asked for: `/r/<code>` must not write the
code down. Every other line logged while a request runs carries the same request id, method
and path. The request id is the caller's `X-Request-ID` (a load balancer's) when it looks like
one, else a new one; the response carries it back.

What never reaches a log: message bodies, answers, phone numbers, cookies, resume codes,
client addresses. Hence: statements are logged without their parameters (web/db.py); an
exception is logged as its type and stack (code, file, line), without its message, which
could quote a value (`KeyError: 'ч. 2 ст. 190'`), except for the database driver's and the
operating system's errors, which say what failed to connect; Werkzeug's development server's
request lines (raw paths) are left out: this module's line replaces them. tests/test_privacy.py
runs a web check and an SMS conversation with every logger at DEBUG and fails if anything
personal shows up.

    LOG_FORMAT  json | text  (default: json in production, text elsewhere)
    LOG_LEVEL   DEBUG | INFO | WARNING | ERROR  (default INFO)

Tests (TESTING) leave the process's logging as pytest set it; the app still logs requests.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
import traceback
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

REQUEST_LOGGER = "amnesty.request"
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
QUIET_ENDPOINTS = frozenset({"health.healthz"})
"""Logged at DEBUG: a load balancer asks every few seconds."""
SAFE_MESSAGES = ("sqlalchemy.", "psycopg", "sqlite3", "redis.", "limits.", "builtins.OSError",
                 "builtins.ConnectionError", "builtins.TimeoutError",
                 "builtins.ConnectionRefusedError")
"""Exceptions whose message is shown: they say what failed, not what someone answered."""
FIELDS = ("request_id", "method", "path", "status", "duration_ms")

request_log = logging.getLogger(REQUEST_LOGGER)


def init_app(app: Flask) -> None:
    if not app.testing:
        configure(app.config["LOG_FORMAT"] or (
            "json" if app.config["ENV"] == "production" else "text"), app.config["LOG_LEVEL"])
    app.before_request(_start)
    app.after_request(_end)
    app.log_exception = _log_exception  # Flask's says "Exception on <raw path>"


# -- the request's line ---------------------------------------------------------------------


def _start() -> None:
    g.log_started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else secrets.token_hex(8)


def _end(response: Response) -> Response:
    started = g.get("log_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    level = logging.DEBUG if request.endpoint in QUIET_ENDPOINTS else logging.INFO
    if request_log.isEnabledFor(level):
        request_log.log(level, "request", extra={"status": response.status_code,
                                                 "duration_ms": duration})
    if g.get("request_id"):
        response.headers["X-Request-ID"] = g.request_id
    return response


def _log_exception(exc_info) -> None:
    logging.getLogger("amnesty").error("unhandled exception", exc_info=exc_info)


def path_template() -> str:
    """The route that matched (/r/<code>), never the path asked for (/r/ABCD2345)."""
    rule = request.url_rule
    return rule.rule if rule is not None else "<no route>"


# -- formatting -----------------------------------------------------------------------------


class RequestFields(logging.Filter):
    """Adds the request's id, method and path template to every record logged during it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and not hasattr(record, "method"):
            record.request_id = g.get("request_id")
            record.method = request.method
            record.path = path_template()
        return True


def describe_exception(exc_info) -> str:
    """The exception's type and stack; its message only when it cannot quote a person's data."""
    kind, error, tb = exc_info
    name = f"{kind.__module__}.{kind.__qualname__}"
    head = f"{name}: {str(error).splitlines()[0] if str(error) else ''}" if name.startswith(
        SAFE_MESSAGES) else f"{name} (message not logged)"
    stack = "".join(traceback.format_list(traceback.extract_tb(tb)))
    return f"{head}\nTraceback (most recent call last):\n{stack}".rstrip()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,  # which worker
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = value
        if record.exc_info:
            out["error"] = describe_exception(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(_with_time(self, record))
        fields = " ".join(f"{name}={getattr(record, name)}" for name in FIELDS
                          if getattr(record, name, None) is not None)
        if fields:
            line = f"{line} [{fields}]"
        if record.exc_info:
            line = f"{line}\n{describe_exception(record.exc_info)}"
        return line


def _with_time(formatter: logging.Formatter, record: logging.LogRecord) -> logging.LogRecord:
    record.message = record.getMessage()
    record.asctime = formatter.formatTime(record)
    return record


FORMATTERS = {"json": JsonFormatter, "text": TextFormatter}


class DevServerRequestLines(logging.Filter):
    """Drops the development server's own lines about each request
    (`127.0.0.1 - - [date] "GET /r/ABCD2345 HTTP/1.1" 404 -`: an address and a raw path)."""

    LINE = re.compile(r"\S* - - \[")

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and self.LINE.match(record.msg))


def handler(format: str, stream=None) -> logging.Handler:
    out = logging.StreamHandler(stream or sys.stderr)
    out.setFormatter(FORMATTERS[format]())
    out.addFilter(RequestFields())
    return out


def configure(format: str, level: str) -> None:
    """Log to standard error in `format`, once per process (gunicorn's configuration may have
    done it already: web/gunicorn_conf.py)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, tuple(FORMATTERS.values())) for h in root.handlers):
        root.addHandler(handler(format))
    root.setLevel(level)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, DevServerRequestLines) for f in werkzeug.filters):
        werkzeug.addFilter(DevServerRequestLines())
    if werkzeug.level == logging.NOTSET:
        werkzeug.setLevel(logging.INFO)  # its start-up lines ("Running on …") stay visible
    quiet = logging.getLogger("alembic")  # its set-up chatter on every schema check
    if quiet.level == logging.NOTSET:
        quiet.setLevel(logging.WARNING)
