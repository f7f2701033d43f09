"""`amnesty sms-console`: chat with a running app's webhook, signed as Twilio signs."""

import threading

import pytest
from flask_babel import force_locale
from werkzeug.serving import make_server

import rules
from app import create_app
from rules import Ask
from sms import segments, texts
from tests.sms.helpers import TOKEN, app_config


@pytest.fixture
def running(tmp_path):
    (tmp_path / "t").mkdir()
    """The app served over HTTP on a free local port, as `flask run` would."""
    app = create_app(app_config(tmp_path))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}/sms/inbound"
    server.shutdown()
    thread.join(10)


def console(app, *args, token=TOKEN, input=""):
    app.config["TWILIO_AUTH_TOKEN"] = token
    with app.app_context():  # as the `amnesty` command group runs it
        return app.test_cli_runner().invoke(args=["sms-console", *args], input=input,
                                            catch_exceptions=False)


def test_the_console_chats_with_the_running_webhook(tmp_path, running):
    app, url = running
    terminal = create_app(app_config(tmp_path / "t"))  # the console's own config
    result = console(terminal, "--lang", "ru", "--url", url, input="0\n2\nПОМОЩЬ\n")
    out = result.output
    assert result.exit_code == 0
    assert "> Русский" in out
    act = rules.default_act()
    with app.app_context(), force_locale("ru"):
        for qid in ("article", "stage", "offence_kind"):
            assert texts.question(act, Ask(act.question(qid), 1, 1)) in out
        assert texts.help_text() in out
        cost = segments.cost(texts.help_text())
    assert f"[SMS: 2 segments, {cost.units} UCS-2 units]" in out  # what each reply costs


def test_the_console_says_when_the_tokens_differ(tmp_path, running):
    _, url = running
    terminal = create_app(app_config(tmp_path / "t"))
    result = console(terminal, "--url", url, token="another-token", input="Hello\n")
    assert "The webhook answered 403. Is TWILIO_AUTH_TOKEN the same" in result.output


def test_the_console_says_when_the_app_is_not_running(tmp_path):
    terminal = create_app(app_config(tmp_path))
    result = console(terminal, "--url", "http://127.0.0.1:9/sms/inbound", input="Hello\n")
    assert "Cannot reach http://127.0.0.1:9/sms/inbound" in result.output
    assert "Is the app running?" in result.output


def test_the_console_needs_a_token(tmp_path):
    terminal = create_app(app_config(tmp_path, TWILIO_AUTH_TOKEN=None))
    with terminal.app_context():
        result = terminal.test_cli_runner().invoke(args=["sms-console"])
    assert result.exit_code == 2 and "set TWILIO_AUTH_TOKEN" in result.output
