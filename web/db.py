"""The database: plain SQLAlchemy 2, one engine per app, one session per request.

SQLite in the instance folder by default; PostgreSQL (or anything SQLAlchemy speaks) through
DATABASE_URL. Tables are created at start-up when missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def init_app(app: Flask) -> None:
    url = app.config.get("DATABASE_URL") or default_url(app)
    engine = create_engine(url, **engine_options(url))
    app.extensions["db"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)
    import web.store  # noqa: F401 - registers the tables on Base.metadata

    Base.metadata.create_all(engine)


def default_url(app: Flask) -> str:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'amnesty.sqlite'}"


def engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 10}}
    return {"pool_pre_ping": True}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, record) -> None:
    # WAL lets readers run beside one writer; several gunicorn workers share the file.
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


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


def engine() -> Engine:
    return current_app.extensions["db"].kw["bind"]


def _close_session(exc) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()
