"""The test databases: SQLite files by default, PostgreSQL when AMNESTY_TEST_DATABASE_URL
names a database (`.ci/run` runs the whole suite both ways):

    AMNESTY_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5434/amnesty_test .venv/bin/pytest

`url(folder)` is a fresh database for a test's folder: a file in it on SQLite; on PostgreSQL a
schema of its own (`amnesty_test_<random>`, found through the connection's search_path), made
on first use and dropped at the end of the session. Asked twice for one folder, it gives the
same database, as a file in that folder would be.

Apps made by the tests get their tables from the models (tests/conftest.py); the migrations
are tested against the models in tests/test_migrations.py.
"""

from __future__ import annotations

import os
import secrets
import weakref
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text
from sqlalchemy.orm import close_all_sessions

from web import db

ENV = "AMNESTY_TEST_DATABASE_URL"
PREFIX = "amnesty_test_"

_schemas: dict[str, str] = {}
_engines: list[weakref.ref] = []
_admin = None


def base_url() -> str | None:
    url = os.environ.get(ENV, "").strip()
    return db.normalise_url(url) if url else None


def backend() -> str:
    return "postgresql" if base_url() else "sqlite"


def postgres() -> bool:
    return backend() == "postgresql"


def url(folder: Path | str, name: str = "test.sqlite") -> str:
    """A database of its own for this folder."""
    base = base_url()
    if base is None:
        return f"sqlite:///{Path(folder) / name}"
    key = f"{folder}/{name}"
    if key not in _schemas:
        schema = PREFIX + secrets.token_hex(6)
        with admin().begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        _schemas[key] = schema
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options={quote(f'-csearch_path={_schemas[key]}')}"


def admin():
    global _admin
    if _admin is None:
        _admin = create_engine(base_url(), pool_size=1, max_overflow=0)
    return _admin


def track(engine) -> None:
    _engines.append(weakref.ref(engine))


def release_connections() -> None:
    """Close the sessions a test left open, then the pooled connections of every engine still
    alive (engines stay usable): a connection still checked out is not closed by dispose."""
    close_all_sessions()
    alive = []
    for ref in _engines:
        engine = ref()
        if engine is not None:
            engine.dispose()
            alive.append(ref)
    _engines[:] = alive


def text_stored(database_url: str) -> str:
    """Everything the database holds, as text: the file's bytes on SQLite (deleted rows
    included), every row of every table on PostgreSQL."""
    if not database_url.startswith("postgresql"):
        return Path(database_url.removeprefix("sqlite:///")).read_bytes().decode("latin-1")
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            tables = connection.execute(text(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()")).scalars().all()
            return "\n".join(str(connection.execute(text(f'SELECT * FROM "{name}"')).all())
                             for name in tables)
    finally:
        engine.dispose()


def drop_schemas() -> None:
    """Drop the schemas this session made (each run has its own: two runs can share a
    database)."""
    if not postgres():
        return
    release_connections()
    for name in _schemas.values():  # one transaction each: all at once would run out of locks
        with admin().begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    _schemas.clear()
    admin().dispose()
