"""GET /healthz: whether this app server can serve, for a load balancer or a monitor.

200 `{"status": "ok"}` when the database answers `SELECT 1`; 503 `{"status": "unavailable"}`
otherwise (the reason goes to the log, never to the caller). No counts, no versions, no
settings: anyone may call it. It is not rate-limited and its requests are logged at DEBUG only
(a load balancer asks every few seconds).
"""

from __future__ import annotations

import logging

from flask import Blueprint, Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from web import db

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/healthz")
def healthz():
    try:
        with db.engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as e:
        from web.schema import safe_reason

        log.error("health check: the database does not answer: %s", safe_reason(e))
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
