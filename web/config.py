"""Configuration: defaults, then the environment, then the test configuration.

Settings come from `AMNESTY_<NAME>` environment variables (values are parsed as JSON when they
can be, so AMNESTY_SESSION_TTL_HOURS=12 is a number). A few conventional names are read as
they are: DATABASE_URL, SECRET_KEY, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite in the instance folder
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
    "WEB_RESUME_LIMIT": "10 per minute;60 per day",  # wrong resume codes, per address
    "RATELIMIT_STORAGE_URI": "memory://",  # per process; redis://… to share between workers
    "SESSION_COOKIE_NAME": "session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # a token lives as long as the cookie: slow readers are welcome
    "WTF_I18N_ENABLED": False,  # our forms say everything in our own words (and skip a .mo load)
    "SESSION_REFRESH_EACH_REQUEST": False,  # the cookie outlives the check anyway
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "API_MAX_CONTENT_LENGTH": 64 * 1024,  # a JSON request to /api/v1
    "BATCH_MAX_CONTENT_LENGTH": 5 * 1024 * 1024,  # a CSV of clients (about 50,000 rows)
}

CONVENTIONAL_NAMES = ("DATABASE_URL", "SECRET_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
                      "TWILIO_FROM", "TWILIO_MESSAGING_SERVICE_SID")


def init_app(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("AMNESTY")
    for name in CONVENTIONAL_NAMES:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)
    for name in ("SECRET_KEY", "PHONE_HMAC_KEY"):
        if not app.config.get(name):
            app.config[name] = _local_secret(app, name)


def _local_secret(app: Flask, name: str) -> str:
    """A random secret kept in the instance folder, so a newcomer's app runs with no setup and
    keeps its sessions across restarts. Production sets its own secrets."""
    path = Path(app.instance_path) / name.lower()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
