"""The configuration is checked when the app is made: a wrong setting stops the start with an
error that names it; production refuses made-up secrets and debug mode."""

from __future__ import annotations

import pytest

from app import cli, create_app
from tests import database
from web import db
from web.config import ConfigError

KEYS = {"SECRET_KEY": "s" * 40, "PHONE_HMAC_KEY": "p" * 40}


@pytest.fixture
def make(tmp_path):
    def make(**config):
        return create_app({"DATABASE_URL": database.url(tmp_path), **config})
    return make


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("SECRET_KEY", "PHONE_HMAC_KEY", "DATABASE_URL", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def test_production_runs_with_explicit_settings(make):
    app = make(ENV="production", **KEYS)
    assert app.debug is False and app.config["SECRET_KEY"] == KEYS["SECRET_KEY"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "PHONE_HMAC_KEY"])
def test_production_needs_each_secret_set_explicitly(make, missing):
    keys = {k: v for k, v in KEYS.items() if k != missing}
    with pytest.raises(ConfigError, match=f"^{missing} is not set.*AMNESTY_ENV=production"):
        make(ENV="production", **keys)


def test_development_makes_up_secrets_and_keeps_them(make):
    app = make()
    assert len(app.config["SECRET_KEY"]) >= 32
    assert make().config["PHONE_HMAC_KEY"] == app.config["PHONE_HMAC_KEY"]


@pytest.mark.parametrize(("config", "error"), [
    ({"SECRET_KEY": "short", "PHONE_HMAC_KEY": "p" * 40}, "SECRET_KEY is too short"),
    ({"SECRET_KEY": "s" * 40, "PHONE_HMAC_KEY": "s" * 40}, "must differ"),
    ({**KEYS, "DATABASE_URL": None}, "DATABASE_URL is not set"),
    ({**KEYS, "DEBUG": True}, "FLASK_DEBUG"),
    ({**KEYS, "TESTING": True}, "FLASK_DEBUG .or TESTING. is on"),
])
def test_production_refuses(tmp_path, config, error):
    with pytest.raises(ConfigError, match=error):
        create_app({"ENV": "production", "DATABASE_URL": database.url(tmp_path), **config})


def test_flask_debug_from_the_environment_is_refused_in_production(make, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        make(ENV="production", **KEYS)


@pytest.mark.parametrize(("name", "value", "error"), [
    ("AMNESTY_WEB_CHECK_TTL_HOURS", "abc", "AMNESTY_WEB_CHECK_TTL_HOURS must be a whole number"),
    ("AMNESTY_SMS_CHECK_TTL_DAYS", "0", "AMNESTY_SMS_CHECK_TTL_DAYS must be a whole number of "
                                        "at least 1"),
    ("AMNESTY_SMS_BACKEND", "pigeon", "AMNESTY_SMS_BACKEND must be one of: unset, twilio, fake"),
    ("AMNESTY_ENV", "prod", "AMNESTY_ENV must be one of: development, production"),
    ("DATABASE_URL", "not a url", "DATABASE_URL is not a database URL"),
    ("DATABASE_URL", "mysql://x@y/z", "unsupported database 'mysql'"),
    ("DATABASE_URL", "postgresql+asyncpg://x@y/z", "through psycopg 3"),
    ("AMNESTY_WEB_FORM_LIMIT", "lots", "AMNESTY_WEB_FORM_LIMIT must be rate limits"),
    ("AMNESTY_RATELIMIT_STORAGE_URI", "carrier-pigeon://x", "RATELIMIT_STORAGE_URI must be"),
    ("AMNESTY_LOG_FORMAT", "xml", "AMNESTY_LOG_FORMAT must be one of: unset, json, text"),
    ("AMNESTY_PROXY_HOPS", "-1", "AMNESTY_PROXY_HOPS must be a whole number of at least 0"),
    ("AMNESTY_PUBLIC_BASE_URL", "amnesty.kz", "AMNESTY_PUBLIC_BASE_URL must be a URL"),
    ("AMNESTY_BABEL_DEFAULT_LOCALE", "de", "AMNESTY_BABEL_DEFAULT_LOCALE must be one of"),
])
def test_a_wrong_setting_in_the_environment_is_named(tmp_path, monkeypatch, name, value, error):
    monkeypatch.setenv(name, value)
    config = {} if name == "DATABASE_URL" else {"DATABASE_URL": database.url(tmp_path)}
    with pytest.raises(ConfigError, match=error):
        create_app(config)


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgresql_urls_name_the_psycopg_driver(scheme):
    url = db.normalise_url(f"{scheme}://amnesty:secret@db.internal:5432/amnesty")
    assert url == "postgresql+psycopg://amnesty:secret@db.internal:5432/amnesty"
    assert db.normalise_url("sqlite:////srv/amnesty.sqlite") == "sqlite:////srv/amnesty.sqlite"


def test_the_command_line_says_what_is_wrong_without_a_stack_trace(monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setenv("AMNESTY_WEB_CHECK_TTL_HOURS", "a day")
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code != 0
    assert "configuration: AMNESTY_WEB_CHECK_TTL_HOURS must be a whole number" in result.output
    assert "Traceback" not in result.output
