import pytest

from app import create_app
from web import catalogs


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """The app reads compiled .mo files: compile them once, so editing a .po and running pytest
    shows the change without a reinstall."""
    catalogs.compile_all()


@pytest.fixture
def app(tmp_path):
    return create_app({
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "SECRET_KEY": "test-secret-key",
        "PHONE_HMAC_KEY": "test-phone-key",
    })


@pytest.fixture
def client(app):
    return app.test_client()
