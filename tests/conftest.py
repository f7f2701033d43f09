import logging

import pytest

from app import create_app
from tests import database
from web import catalogs, db, schema


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """The app reads compiled .mo files: compile them once, so editing a .po and running pytest
    shows the change without a reinstall."""
    catalogs.compile_all()


@pytest.fixture(scope="session", autouse=True)
def tables_from_models():
    """Every app a test makes gets its tables from the models, at once (the app itself never
    creates tables: production runs `amnesty db upgrade`). A test that wants an empty database
    sets TEST_SCHEMA to False in the app's configuration."""
    original = db.init_app

    def init_app(app):
        original(app)
        engine = db.engine(app)
        database.track(engine)
        if app.config.get("TEST_SCHEMA", True):
            schema.create_from_models(engine)

    db.init_app = init_app
    yield
    db.init_app = original
    database.drop_schemas()


@pytest.fixture(autouse=True)
def _release_connections():
    """Pooled connections go back to the server after each test (PostgreSQL has a limit)."""
    yield
    database.release_connections()


@pytest.fixture(autouse=True)
def _logging_as_it_was():
    """An app made without TESTING sets up logging (web/logs.py): undo it after the test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def app(tmp_path):
    return create_app({
        "TESTING": True,
        "DATABASE_URL": database.url(tmp_path),
        "SECRET_KEY": "test-secret-key",
        "PHONE_HMAC_KEY": "test-phone-key",
    })


@pytest.fixture
def client(app):
    return app.test_client()
