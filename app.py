"""amnesty-check: the application factory.

    flask --app app run          # the web questionnaire
    amnesty --help               # the command line (check, assess, …)

`create_app()` is a short list of named steps; each integration lives in its own module and
exposes `init_app(app)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.cli import FlaskGroup, NoAppException

import sms
from web import (
    api,
    commands,
    config,
    db,
    health,
    i18n,
    lawyers,
    logs,
    ops,
    ratelimit,
    schema,
    security,
    views,
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config.init_app(app, test_config)
    logs.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    db.init_app(app)
    schema.init_app(app)
    ratelimit.init_app(app)
    commands.init_app(app)
    health.init_app(app)
    sms.init_app(app)
    views.init_app(app)
    lawyers.init_app(app)
    ops.init_app(app)
    api.init_app(app)  # last: it exempts itself from the site's CSRF protection
    return app


def _create_app_for_cli() -> Flask:
    """`amnesty …`: a wrong setting is one clear line, not a stack trace."""
    try:
        return create_app()
    except config.ConfigError as e:
        raise NoAppException(f"configuration: {e}") from None


cli = FlaskGroup(
    create_app=_create_app_for_cli,
    add_version_option=False,
    help="amnesty-check: who Kazakhstan's amnesty Law No. 195-VIII covers.",
)
