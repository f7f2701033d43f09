"""Structured logs: one JSON object per line with the request's id, method, route template,
status and duration; text when asked; purge on a schedule."""

from __future__ import annotations

import io
import json
import logging

import pytest

from app import cli
from web import logs


@pytest.fixture
def lines():
    """What the app logs during a test, as the JSON lines production writes."""
    stream = io.StringIO()
    handler = logs.handler("json", stream)
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_each_request_is_one_json_line_with_the_route_template(client, lines):
    response = client.get("/r/ACDEFHJK", headers={"X-Request-ID": "lb-0123456789"})
    assert response.headers["X-Request-ID"] == "lb-0123456789"
    [line] = [x for x in lines() if x["logger"] == "amnesty.request"]
    assert line["message"] == "request" and line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/r/<code>" and line["status"] == 404
    assert line["request_id"] == "lb-0123456789"
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("Z")
    assert "ACDEFHJK" not in json.dumps(lines())


def test_a_request_id_that_does_not_look_like_one_is_replaced(client, lines):
    response = client.get("/en/", headers={"X-Request-ID": "<script>"})
    assert response.headers["X-Request-ID"] != "<script>"
    assert lines()[-1]["request_id"] == response.headers["X-Request-ID"]


def test_an_unknown_address_is_logged_without_its_path(client, lines):
    client.get("/no/such/ABCD2345/page")
    assert lines()[-1]["path"] == "<no route>"


def test_the_health_check_is_logged_at_debug_only(client, lines):
    client.get("/healthz")
    assert not [x for x in lines() if x.get("path") == "/healthz"]


def test_an_unhandled_error_is_logged_with_its_route_and_without_its_message(app, lines):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom/<secret>")
    def boom(secret):
        raise KeyError(secret)

    assert app.test_client().get("/boom/ZXCV9876").status_code == 500
    [error] = [x for x in lines() if x["level"] == "ERROR"]
    assert error["message"] == "unhandled exception" and error["path"] == "/boom/<secret>"
    assert error["error"].startswith("builtins.KeyError (message not logged)")
    assert "ZXCV9876" not in json.dumps(lines())


def test_database_errors_keep_their_message():
    try:
        raise ConnectionRefusedError("connection refused: 127.0.0.1:5432")
    except OSError as e:
        described = logs.describe_exception((type(e), e, e.__traceback__))
    assert described.startswith("builtins.ConnectionRefusedError: connection refused")


def test_the_text_format_carries_the_same_fields(app):
    stream = io.StringIO()
    handler = logs.handler("text", stream)
    logger = logging.getLogger("amnesty.request")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        app.test_client().get("/en/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    line = stream.getvalue().strip()
    assert " INFO amnesty.request: request [request_id=" in line
    assert "path=/<lang_code>/ status=200 duration_ms=" in line


def test_the_development_server_request_lines_are_dropped():
    keep = logs.DevServerRequestLines()
    line = logging.LogRecord("werkzeug", logging.INFO, "", 0,
                             '127.0.0.1 - - [27/Nov/2026 13:02:19] "%s" %s %s\n',
                             ("GET /r/ABCD2345 HTTP/1.1", "302", "-"), None)
    banner = logging.LogRecord("werkzeug", logging.INFO, "", 0, "Running on %s", ("x",), None)
    assert not keep.filter(line) and keep.filter(banner)


def test_purge_can_run_on_a_schedule(app, monkeypatch):
    rounds = []

    def sleep(seconds):
        rounds.append(seconds)
        if len(rounds) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("web.commands.time.sleep", sleep)
    result = app.test_cli_runner().invoke(cli, ["purge", "--every", "3600"])
    assert rounds == [3600, 3600]
    assert result.output.count("purged 0 expired checks") == 2
