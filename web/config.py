"""Configuration: defaults, then the environment, then the test configuration; checked at start.

Settings come from `AMNESTY_<NAME>` environment variables (values are parsed as JSON when they
can be, so AMNESTY_WEB_CHECK_TTL_HOURS=12 is a number). A few conventional names are read as
they are: DATABASE_URL, SECRET_KEY, PHONE_HMAC_KEY, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, …

`AMNESTY_ENV=production` turns on the checks a real deployment needs (docs/production.md):
SECRET_KEY, PHONE_HMAC_KEY and DATABASE_URL set explicitly, debug off. Elsewhere a missing key
is made up once and kept in the instance folder, so a newcomer's app runs with no setup.

Every setting is checked when the app is made: a wrong one stops the start with a
`ConfigError` that names the environment variable and says what it should be.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

ENVIRONMENTS = ("development", "production")
SECRET_LENGTH = 32

DEFAULTS: dict[str, Any] = {
    "ENV": "development",  # AMNESTY_ENV=production: the strict checks below
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "DATABASE_POOL_SIZE": 5,  # PostgreSQL connections kept open per worker process…
    "DATABASE_MAX_OVERFLOW": 5,  # …and opened beyond them at busy moments
    "WEB_CHECK_TTL_HOURS": 24,
    "SMS_CHECK_TTL_DAYS": 7,
    "LANGUAGES": ("kk", "ru", "en"),
    "BABEL_DEFAULT_LOCALE": "kk",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Almaty",
    # SMS (docs/sms.md). The webhook refuses every request (403) until TWILIO_AUTH_TOKEN is set.
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_ACCOUNT_SID": None,  # also: webhooks from another account are refused
    "TWILIO_FROM": None,  # sending outside replies: a number, or…
    "TWILIO_MESSAGING_SERVICE_SID": None,  # …a messaging service
    "SMS_PROVIDER": "twilio",
    "SMS_BACKEND": None,  # "twilio" or "fake"; None: "twilio" when TWILIO_ACCOUNT_SID is set
    "SMS_WEBHOOK_PUBLIC_URL": None,  # the URL the gateway calls (and signs); None: request.url
    "PUBLIC_BASE_URL": None,  # for the result link {PUBLIC_BASE_URL}/r/<code>
    # The web questionnaire (web/views.py)
    "WEB_ACT": None,  # None: rules.DEFAULT_ACT
    "WEB_COOKIE_SECURE": "auto",  # "auto": Secure and the __Host- prefix over HTTPS only
    "WEB_PAGE_CACHE": 2048,  # question pages remembered once rendered, per process (0: none)
    # Rate limits (web/ratelimit.py), in the `limits` notation; several separated by ";"
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",  # per process; redis://… to share between workers
    "WEB_RESUME_LIMIT": "10 per minute;60 per day",  # wrong resume codes, per address
    "WEB_FORM_LIMIT": "120 per minute;3000 per hour",  # answers sent (form POSTs), per address
    "API_LIMIT": "60 per minute;1000 per hour",  # /api/… requests, per address
    "SMS_LIMIT": "20 per 10 minutes;100 per day",  # texts answered, per phone number (hash)
    # Behind a proxy (docs/production.md): how many proxies to trust for the client's address
    # and scheme (X-Forwarded-For, -Proto, -Host). 0: none (the app faces the internet).
    "PROXY_HOPS": 0,
    "HSTS_MAX_AGE": 365 * 24 * 3600,  # sent over HTTPS only; 0: never
    "LOG_FORMAT": None,  # "json" or "text"; None: json in production, text elsewhere
    "LOG_LEVEL": "INFO",
    # Operator statistics (web/stats.py, web/ops.py): /ops/stats answers 404 until a token is set
    "STATS_TOKEN": None,  # HTTP basic auth (any user name, the token as password) or Bearer
    "STATS_TIMEZONE": "Asia/Almaty",  # whose calendar day a count belongs to
    "STATS_MIN_COUNT": 5,  # counts from 1 to this minus one are shown as "<5" (1: all shown)
    "SESSION_COOKIE_NAME": "session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # a token lives as long as the cookie: slow readers are welcome
    "WTF_I18N_ENABLED": False,  # our forms say everything in our own words (and skip a .mo load)
    "SESSION_REFRESH_EACH_REQUEST": False,  # the cookie outlives the check anyway
    "MAX_CONTENT_LENGTH": 64 * 1024,  # a request body; 413 beyond
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,  # one form field
    "MAX_FORM_PARTS": 100,  # fields in one form
    "API_MAX_CONTENT_LENGTH": 64 * 1024,  # a JSON request to /api/v1
    "BATCH_MAX_CONTENT_LENGTH": 5 * 1024 * 1024,  # a CSV of clients (about 50,000 rows)
}

CONVENTIONAL_NAMES = ("DATABASE_URL", "SECRET_KEY", "PHONE_HMAC_KEY", "TWILIO_ACCOUNT_SID",
                      "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TWILIO_MESSAGING_SERVICE_SID")


class ConfigError(ValueError):
    """A setting that cannot work; the message names it and says what it should be."""


def init_app(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("AMNESTY")
    for name in CONVENTIONAL_NAMES:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)
    validate(app)
    for name in ("SECRET_KEY", "PHONE_HMAC_KEY"):
        if not app.config.get(name):
            app.config[name] = _local_secret(app, name)


def production(app: Flask) -> bool:
    return app.config["ENV"] == "production"


def env_name(key: str) -> str:
    """The environment variable that sets `key`."""
    return key if key in CONVENTIONAL_NAMES else f"AMNESTY_{key}"


def validate(app: Flask) -> None:
    """Raise ConfigError for the first setting that cannot work."""
    c = app.config
    _one_of(c, "ENV", ENVIRONMENTS)
    for key, least, what in (
        ("WEB_CHECK_TTL_HOURS", 1, "hours a web check is kept"),
        ("SMS_CHECK_TTL_DAYS", 1, "days an SMS conversation is kept"),
        ("WEB_PAGE_CACHE", 0, "pages remembered per process; 0: none"),
        ("PROXY_HOPS", 0, "proxies in front of the app; 0: none"),
        ("HSTS_MAX_AGE", 0, "seconds; 0: no HSTS header"),
        ("MAX_CONTENT_LENGTH", 1, "bytes"),
        ("MAX_FORM_MEMORY_SIZE", 1, "bytes"),
        ("MAX_FORM_PARTS", 1, "fields"),
        ("DATABASE_POOL_SIZE", 1, "connections"),
        ("DATABASE_MAX_OVERFLOW", 0, "connections"),
    ):
        _whole_number(c, key, least, what)
    if c.get("DATABASE_URL"):
        from web.db import DatabaseUrlError, normalise_url

        try:
            normalise_url(str(c["DATABASE_URL"]))
        except DatabaseUrlError as e:
            raise ConfigError(str(e)) from None
    languages = c["LANGUAGES"]
    if (isinstance(languages, str) or not languages
            or not set(languages) <= {"kk", "ru", "en"}):
        raise ConfigError(f"AMNESTY_LANGUAGES must be a list of kk, ru, en; got {languages!r}")
    _one_of(c, "BABEL_DEFAULT_LOCALE", tuple(languages))
    _one_of(c, "WEB_COOKIE_SECURE", ("auto", True, False))
    _one_of(c, "LOG_FORMAT", (None, "json", "text"))
    c["LOG_LEVEL"] = str(c["LOG_LEVEL"]).upper()
    _one_of(c, "LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"))
    from sms.providers import PROVIDERS, SENDERS

    _one_of(c, "SMS_PROVIDER", tuple(PROVIDERS))
    _one_of(c, "SMS_BACKEND", (None, *SENDERS))
    _limits(c)
    for key in ("PUBLIC_BASE_URL", "SMS_WEBHOOK_PUBLIC_URL"):
        value = c.get(key)
        if value and not (isinstance(value, str) and value.startswith(("https://", "http://"))):
            raise ConfigError(f"{env_name(key)} must be a URL starting with https://; "
                              f"got {value!r}")
    if production(app):
        _production(app)


def _production(app: Flask) -> None:
    c = app.config
    how = ("set it in the environment to a long random value, the same on every server, e.g. "
           "the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'")
    for key in ("SECRET_KEY", "PHONE_HMAC_KEY"):
        value = c.get(key)
        if not value:
            raise ConfigError(f"{key} is not set (AMNESTY_ENV=production): {how}")
        if not isinstance(value, str) or len(value) < SECRET_LENGTH:
            raise ConfigError(f"{key} is too short: at least {SECRET_LENGTH} characters; {how}")
    if c["SECRET_KEY"] == c["PHONE_HMAC_KEY"]:
        raise ConfigError("SECRET_KEY and PHONE_HMAC_KEY must differ (AMNESTY_ENV=production)")
    if not c.get("DATABASE_URL"):
        raise ConfigError("DATABASE_URL is not set (AMNESTY_ENV=production): name the database, "
                          "e.g. postgresql://amnesty:PASSWORD@127.0.0.1:5432/amnesty")
    if app.debug or c.get("TESTING"):
        raise ConfigError("FLASK_DEBUG (or TESTING) is on: never in production (AMNESTY_ENV="
                          "production); the debugger runs any code a visitor sends")
    if str(c["RATELIMIT_STORAGE_URI"]).startswith("memory"):
        log.warning("AMNESTY_RATELIMIT_STORAGE_URI is memory://: each worker process counts on "
                    "its own; use redis://… with several workers or servers")


def _whole_number(c, key: str, least: int, what: str) -> None:
    value = c.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(f"{env_name(key)} must be a whole number of at least {least} "
                          f"({what}); got {value!r}")


def _one_of(c, key: str, allowed: tuple) -> None:
    value = c.get(key)
    if value not in allowed:
        names = ", ".join("unset" if a is None else str(a).lower() if isinstance(a, bool)
                          else str(a) for a in allowed)
        raise ConfigError(f"{env_name(key)} must be one of: {names}; got {value!r}")


def _limits(c) -> None:
    from limits import parse_many
    from limits.storage import SCHEMES

    for key in ("WEB_RESUME_LIMIT", "WEB_FORM_LIMIT", "API_LIMIT", "SMS_LIMIT"):
        try:
            parse_many(str(c[key]))
        except ValueError:
            raise ConfigError(f"{env_name(key)} must be rate limits such as '10 per minute;60 "
                              f"per day'; got {c[key]!r}") from None
    scheme = str(c["RATELIMIT_STORAGE_URI"]).split(":", 1)[0]
    if scheme not in SCHEMES or scheme.startswith("async+"):
        raise ConfigError("AMNESTY_RATELIMIT_STORAGE_URI must be memory:// or a storage such as "
                          f"redis://host:6379/0; got {c['RATELIMIT_STORAGE_URI']!r}")


def _local_secret(app: Flask, name: str) -> str:
    """A random secret kept in the instance folder, so a newcomer's app runs with no setup and
    keeps its sessions across restarts. Production sets its own secrets."""
    path = Path(app.instance_path) / name.lower()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
