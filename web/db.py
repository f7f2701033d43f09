"""The database: plain SQLAlchemy 2, one engine per app, one session per request.

SQLite in the instance folder by default; PostgreSQL through DATABASE_URL (`postgres://…` and
`postgresql://…` are read as `postgresql+psycopg://…`, psycopg 3: `pip install -e
'.[postgres]'`). The app never creates tables: the schema is made and changed by the Alembic
migrations in migrations/ (`amnesty db upgrade`, see web/schema.py).

Statements are logged without their parameters (`hide_parameters`) and result rows are never
logged, even with SQLAlchemy's loggers at DEBUG: a parameter or a row may hold answers or a
phone hash, and nothing of that kind may reach a log (docs/privacy.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from web.config import ConfigError

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
BACKENDS = ("sqlite", "postgresql")
PG_ALIASES = ("postgres://", "postgresql://")


class _NoResultRows(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Row "))


logging.getLogger("sqlalchemy.engine.Engine").addFilter(_NoResultRows())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DatabaseUrlError(ConfigError):
    """DATABASE_URL cannot be used."""


def init_app(app: Flask) -> None:
    url = normalise_url(app.config.get("DATABASE_URL") or default_url(app))
    try:
        engine = create_engine(url, **engine_options(url, app.config))
    except (ModuleNotFoundError, NoSuchModuleError):  # psycopg is an extra
        raise DatabaseUrlError(
            "DATABASE_URL is a PostgreSQL database, and psycopg (3) is not installed: "
            "pip install -e '.[postgres]'") from None
    app.extensions["db"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)
    import web.store  # noqa: F401 - registers its table on Base.metadata (sms.init_app: its own)


def default_url(app: Flask) -> str:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'amnesty.sqlite'}"


def normalise_url(url: str) -> str:
    """The URL with PostgreSQL's driver named (psycopg 3), checked: raises DatabaseUrlError
    when it is not a URL of a database this app supports."""
    url = url.strip()
    for alias in PG_ALIASES:
        if url.startswith(alias):
            url = "postgresql+psycopg://" + url[len(alias):]
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(
            "DATABASE_URL is not a database URL (expected e.g. "
            "postgresql://user:password@host:5432/amnesty or sqlite:////path/amnesty.sqlite)"
        ) from None
    if parsed.get_backend_name() not in BACKENDS:
        raise DatabaseUrlError(f"DATABASE_URL: unsupported database {parsed.get_backend_name()!r}"
                               f" (supported: {', '.join(BACKENDS)})")
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        raise DatabaseUrlError("DATABASE_URL: PostgreSQL is used through psycopg 3: write "
                               "postgresql://… (or postgresql+psycopg://…)")
    return url


def backend(url: str) -> str:
    return make_url(url).get_backend_name()


def engine_options(url: str, config) -> dict:
    options = {"hide_parameters": True}
    if backend(url) == "sqlite":
        return {**options, "connect_args": {"timeout": 10}}
    return {
        **options,
        "pool_pre_ping": True,  # a connection the server closed is replaced, not an error
        "pool_size": config.get("DATABASE_POOL_SIZE", 5),
        "max_overflow": config.get("DATABASE_MAX_OVERFLOW", 5),
        "pool_timeout": 5,  # waiting for a pooled connection: below gunicorn's timeout
        "connect_args": {"connect_timeout": 5, "application_name": "amnesty-check"},
    }


STATEMENT_TIMEOUT_MS = 10_000
"""No statement runs longer (PostgreSQL), nor waits longer for SQLite's lock: below Twilio's 15
seconds, so the webhook still answers."""


@event.listens_for(Engine, "connect")
def _session_settings(connection, record) -> None:
    module = type(connection).__module__
    if module.startswith("sqlite3"):
        # WAL lets readers run beside one writer; several gunicorn workers share the file.
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={STATEMENT_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
    elif module.startswith("psycopg"):
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
        connection.commit()


def session() -> Session:
    """The request's session (created on first use, closed at the end of the request)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db"]()
    return g.db_session


@contextmanager
def transaction() -> Iterator[Session]:
    """A session whose work is committed at the end of the block, or rolled back on error."""
    s = session()
    try:
        yield s
        s.commit()
    except BaseException:
        s.rollback()
        raise


def engine(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["db"].kw["bind"]


def _close_session(exc) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()
