"""Configuration: defaults, then the environment, then the test configuration.

Settings come from `AMNESTY_<NAME>` environment variables (values are parsed as JSON when they
can be, so AMNESTY_SESSION_TTL_HOURS=12 is a number). A few conventional names are read as
they are: DATABASE_URL, SECRET_KEY, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "LANGUAGES": ("kk", "ru", "en"),
    "BABEL_DEFAULT_LOCALE": "kk",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Almaty",
}

CONVENTIONAL_NAMES = ("DATABASE_URL", "SECRET_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")


def init_app(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("AMNESTY")
    for name in CONVENTIONAL_NAMES:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)
