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
from flask.cli import FlaskGroup

import sms
from web import api, commands, config, db, i18n, lawyers, views


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config.init_app(app, test_config)
    i18n.init_app(app)
    db.init_app(app)
    commands.init_app(app)
    sms.init_app(app)
    views.init_app(app)
    lawyers.init_app(app)
    api.init_app(app)  # last: it exempts itself from the site's CSRF protection
    return app


cli = FlaskGroup(
    create_app=create_app,
    add_version_option=False,
    help="amnesty-check: who Kazakhstan's amnesty Law No. 195-VIII covers.",
)
