"""The migrations make exactly the models' schema (on SQLite and, in the PostgreSQL run, on
PostgreSQL); the app waits for them with a clear message, never a stack trace."""

from __future__ import annotations

import logging

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app import cli, create_app
from tests import database
from web import db, schema


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database (no tables made from the models)."""
    return create_app({"TESTING": True, "TEST_SCHEMA": False, "DATABASE_URL": database.url(
        tmp_path), "SECRET_KEY": "test-secret-key", "PHONE_HMAC_KEY": "test-phone-key"})


def run(app, *args):
    return app.test_cli_runner().invoke(cli, ["db", *args], catch_exceptions=False)


def tables(app) -> set[str]:
    with db.engine(app).connect() as connection:
        return set(inspect(connection).get_table_names())


def differences(app) -> list:
    with db.engine(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "compare_server_default": True})
        return compare_metadata(context, db.Base.metadata)


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(empty_app):
    assert tables(empty_app) == set()
    result = run(empty_app, "upgrade")
    assert result.exit_code == 0, result.output
    assert "(ready)" in result.output
    assert tables(empty_app) == set(db.Base.metadata.tables) | {"alembic_version"}
    assert differences(empty_app) == []
    assert run(empty_app, "check").exit_code == 0


def test_every_table_of_the_models_is_made_by_a_migration():
    assert {"checks", "sms_inbound", "sms_optout"} <= set(db.Base.metadata.tables)


def test_downgrading_to_base_drops_every_table_and_upgrading_again_works(empty_app):
    run(empty_app, "upgrade")
    result = run(empty_app, "downgrade", "base")
    assert result.exit_code == 0, result.output
    assert tables(empty_app) <= {"alembic_version"}
    run(empty_app, "upgrade")
    assert differences(empty_app) == []


def test_current_tells_whether_the_database_is_up_to_date(empty_app):
    result = run(empty_app, "current")
    assert result.exit_code == 1 and "revision none (missing)" in result.output
    assert "amnesty db upgrade" in result.output
    run(empty_app, "upgrade")
    result = run(empty_app, "current")
    assert result.exit_code == 0 and f"revision {schema.heads()[0]} (ready)" in result.output


def test_tables_made_before_migrations_existed_are_adopted(empty_app):
    # What the app used to do at start: create the tables of the time (revision 0001's), no
    # alembic_version.
    run(empty_app, "upgrade", schema.FIRST_REVISION)
    with db.engine(empty_app).begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    result = run(empty_app, "upgrade")
    assert result.exit_code == 0, result.output
    assert "adopted the tables created before migrations" in result.output
    assert differences(empty_app) == []


def test_tables_made_from_the_models_for_tests_match_the_migrations(app):
    assert differences(app) == []
    with app.app_context():
        assert schema.status(db.engine())[0] == "ready"


def test_pages_wait_for_the_schema_with_a_clear_message(empty_app, caplog):
    client = empty_app.test_client()
    with caplog.at_level(logging.ERROR, logger="web.schema"):
        response = client.get("/en/")
        assert response.status_code == 503
        assert "not available right now" in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)
        assert client.get("/ru/").status_code == 503
    said = [r.getMessage() for r in caplog.records if r.name == "web.schema"]
    assert len(said) == 1, said  # once, not once per request
    assert "has no tables: run `amnesty db upgrade`" in said[0]
    assert client.get("/healthz").status_code == 200  # the database answers
    run(empty_app, "upgrade")
    assert client.get("/en/").status_code == 200


def test_a_database_behind_the_code_is_not_used(empty_app, monkeypatch):
    run(empty_app, "upgrade")
    monkeypatch.setattr(schema, "heads", lambda: ("9999",))
    assert empty_app.test_client().get("/kk/").status_code == 503


def test_a_database_ahead_of_the_code_is_used_with_a_warning(empty_app, caplog):
    run(empty_app, "upgrade")
    with db.engine(empty_app).begin() as connection:  # a newer release migrated it
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with caplog.at_level(logging.WARNING, logger="web.schema"):
        assert empty_app.test_client().get("/kk/").status_code == 200
    assert "which this release does not know" in caplog.text


def test_purge_names_the_command_when_there_are_no_tables(empty_app):
    result = empty_app.test_cli_runner().invoke(cli, ["purge"])
    assert result.exit_code == 1
    assert "run `amnesty db upgrade`" in result.output
    assert "Traceback" not in result.output
