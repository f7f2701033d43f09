"""The database schema: Alembic migrations (migrations/), the `amnesty db` commands, and what
the app does until the database has the schema its code expects.

    amnesty db upgrade            create or bring the tables up to date (run before each start)
    amnesty db current            the database's revision, and whether it is the code's
    amnesty db downgrade REV      go back to revision REV ("base": drop every table)
    amnesty db revision -m MSG    write a new migration from the models (--autogenerate)
    amnesty db check              fail when the models differ from the migrations

The same commands work as `flask --app app db …`. A database whose tables were created before
migrations existed (the app used to create them at start) is adopted: `upgrade` stamps it at
the first revision, then upgrades.

Until the database is at the code's revision, every page answers 503 ("try again later", in the
page's language) and the log says, once a minute at most, which command to run: never a stack
trace. A database at a revision this code does not know (a newer release migrated it) is used
as it is, with a warning: migrations add before they remove, so the previous release keeps
working during a rolling update. `/healthz` is not held back: it reports whether the database
answers at all (web/health.py).
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from pathlib import Path

import click
from flask import Flask, abort, current_app, request
from flask.cli import with_appcontext
from sqlalchemy import Connection, inspect
from sqlalchemy.exc import DBAPIError, OperationalError

from web import db

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
FIRST_REVISION = "0001"
COMMAND = "amnesty db upgrade"
OPEN_ENDPOINTS = frozenset({"health.healthz", "site.static"})
"""Served whatever the state of the schema."""
QUIET_SECONDS = 60


def init_app(app: Flask) -> None:
    app.cli.add_command(db_command)
    app.extensions["schema"] = {"ready": False, "said": 0.0}
    app.before_request(_gate)
    app.register_error_handler(OperationalError, _unavailable)


# -- where the database stands ----------------------------------------------------------------


def alembic_config(app: Flask):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["app"] = app
    return config


@lru_cache(maxsize=1)
def _script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def heads() -> tuple[str, ...]:
    return tuple(_script().get_heads())


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def status(engine) -> tuple[str, str | None]:
    """("ready" | "missing" | "behind" | "ahead", the database's revision)."""
    with engine.connect() as connection:
        revision = current_revision(connection)
    if revision in heads():
        return "ready", revision
    if revision is None:
        return "missing", None
    known = {r.revision for r in _script().walk_revisions()}
    return ("behind" if revision in known else "ahead"), revision


def create_from_models(engine) -> None:
    """Make the tables straight from the models and mark the database as up to date. For tests
    (faster than replaying migrations); `tests/test_migrations.py` proves both give the same
    schema. Production uses `amnesty db upgrade`."""
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as connection:
        db.Base.metadata.create_all(connection)
        context = MigrationContext.configure(connection)
        if context.get_current_revision() is None:
            context.stamp(_script(), "head")


# -- the gate in front of every page ----------------------------------------------------------


def _gate() -> None:
    state = current_app.extensions["schema"]
    if state["ready"] or request.endpoint in OPEN_ENDPOINTS:
        return
    found, revision = status(db.engine())  # OperationalError: _unavailable
    if found == "ready":
        state["ready"] = True
        return
    if found == "ahead":
        log.warning("the database is at revision %s, which this release does not know (a newer "
                    "release migrated it); using it as it is", revision)
        state["ready"] = True
        return
    _say_once(state, "the database %s: run `%s` (then the app serves pages again)",
              "has no tables" if found == "missing" else f"is at an old revision ({revision})",
              COMMAND)
    abort(503)


def _unavailable(error: OperationalError):
    """The database cannot be reached (or failed): 503, in the page's language."""
    from werkzeug.exceptions import ServiceUnavailable

    from web import errors

    _say_once(current_app.extensions["schema"], "the database is unavailable: %s",
              safe_reason(error))
    return errors.render_error(ServiceUnavailable())


def safe_reason(error: DBAPIError) -> str:
    """The database driver's own message, first line only (statements are logged without their
    parameters: web/db.py)."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {reason[0] if reason else ''}"


def _say_once(state: dict, message: str, *args) -> None:
    now = time.monotonic()
    if now - state["said"] >= QUIET_SECONDS:
        state["said"] = now
        log.error(message, *args)


# -- amnesty db … ---------------------------------------------------------------------------


@click.group("db")
def db_command() -> None:
    """The database's tables: create, upgrade, inspect (Alembic migrations in migrations/)."""


@db_command.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    """Create the tables, or bring them up to date (to REVISION, default: the latest)."""
    from alembic import command

    config = alembic_config(current_app)
    engine = db.engine()
    with _database_errors():
        with engine.connect() as connection:
            adopt = (current_revision(connection) is None
                     and inspect(connection).has_table("checks"))
        if adopt:
            command.stamp(config, FIRST_REVISION)
            click.echo(f"adopted the tables created before migrations, as revision "
                       f"{FIRST_REVISION}")
        command.upgrade(config, revision)
        found, at = status(engine)
    click.echo(f"database {_where(engine)}: revision {at} ({found})")


@db_command.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Go back to REVISION ("base" drops every table, and every answer with them)."""
    from alembic import command

    with _database_errors():
        command.downgrade(alembic_config(current_app), revision)
        found, at = status(db.engine())
    click.echo(f"database {_where(db.engine())}: revision {at or 'none'} ({found})")


@db_command.command("current")
@with_appcontext
def current() -> None:
    """The database's revision and whether it is this code's; exit 1 when it is not."""
    with _database_errors():
        found, at = status(db.engine())
    click.echo(f"database {_where(db.engine())}: revision {at or 'none'} ({found}); "
               f"the code's: {', '.join(heads())}")
    if found != "ready":
        click.echo(f"run `{COMMAND}`", err=True)
        raise SystemExit(1)


@db_command.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option("--autogenerate/--empty", default=True, show_default=True,
              help="Write the operations from the difference between the models and the "
                   "database (which must be up to date).")
@with_appcontext
def revision(message: str, autogenerate: bool) -> None:
    """Write a new migration in migrations/versions/ (review it before committing)."""
    from alembic import command

    with _database_errors():
        script = command.revision(alembic_config(current_app), message=message,
                                  autogenerate=autogenerate, rev_id=_next_id())
    click.echo(f"wrote {script.path}")


@db_command.command("check")
@with_appcontext
def check() -> None:
    """Exit 1 when the models have changes that no migration makes (the database must be up
    to date)."""
    from alembic import command
    from alembic.util import AutogenerateDiffsDetected

    try:
        with _database_errors():
            command.check(alembic_config(current_app))
    except AutogenerateDiffsDetected as e:
        raise click.ClickException(f"{e}: write a migration (amnesty db revision -m …)") from None
    click.echo("the migrations make the models' schema")


def _next_id() -> str:
    """Revisions are numbered 0001, 0002, … (a branch merged from two people: renumber one)."""
    numbers = [int(r.revision) for r in _script().walk_revisions() if r.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def _where(engine) -> str:
    return engine.url.render_as_string(hide_password=True)


class _database_errors:
    """Database failures as one clear line, not a stack trace."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if isinstance(error, DBAPIError):
            raise click.ClickException(f"{_where(db.engine())}: {safe_reason(error)}") from None
        return False
