"""Nothing personal reaches a log: a whole web check and a whole SMS conversation, with every
logger at DEBUG (the app's, Flask's, Werkzeug's, SQLAlchemy's statements and pool), leave no
answer, message body, phone number (nor its digits), resume code, cookie or CSRF token in any
record, raw or formatted as JSON or text."""

from __future__ import annotations

import io
import logging
import re

import pytest

import rules
from sms import simulator
from tests.sms.helpers import TOKEN, URL
from tests.web.conftest import play, post
from web import logs

NUMBER = "+77015550123"
ARTICLE = "ч. 2 ст. 190"
ANSWERS = {"article": ARTICLE, "stage": "sentenced_before", "damage": "repaid"}
BODY_MARKER = "ZQX-body-marker-4471"
LOGGERS = ("", "app", "web", "sms", "amnesty", "werkzeug", "flask", "sqlalchemy",
           "sqlalchemy.engine", "sqlalchemy.engine.Engine", "sqlalchemy.pool", "twilio", "limits",
           "alembic", "babel", "urllib3")


class Capture(logging.Handler):
    """Every record, raw and formatted both ways."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.count = 0
        self.json, self.text = logs.JsonFormatter(), logs.TextFormatter()
        self.fields = logs.RequestFields()

    def emit(self, record: logging.LogRecord) -> None:
        self.fields.filter(record)
        self.count += 1
        self.texts += [record.getMessage(), repr(record.args), repr(record.__dict__),
                       self.json.format(record), self.text.format(record)]


@pytest.fixture
def captured():
    capture = Capture()
    saved = {name: logging.getLogger(name).level for name in LOGGERS}
    root = logging.getLogger()
    root.addHandler(capture)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield capture
    root.removeHandler(capture)
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


def secrets_in(text: str, secrets: dict[str, str]) -> list[str]:
    return [what for what, value in secrets.items() if value and value in text]


def test_a_web_check_and_an_sms_conversation_leave_nothing_personal_in_the_logs(app, captured):
    app.config["TWILIO_AUTH_TOKEN"] = TOKEN
    # The web: a whole check, the result, resuming by code on another device.
    client = app.test_client()
    assert play(client, "ru", ANSWERS) == list(ANSWERS)
    result = client.get("/ru/result").get_data(as_text=True)
    web_code = re.search(r'class="code">([A-Z0-9-]+)<', result).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/ru/resume").get_data(as_text=True)).group(1)
    cookie = client.get_cookie("session").value
    other = app.test_client()
    assert other.get(f"/r/{web_code.replace('-', '')}").status_code == 302
    assert post(other, "/ru/resume", {"code": "ACDE-FHJK"}).status_code == 200  # a wrong code
    other.get("/ru/q/no-such-question")

    # SMS: a whole conversation from a known number, a text with a marker, STOP.
    phone = simulator.Phone(simulator.client_transport(app.test_client()), URL, TOKEN)
    phone.number = NUMBER
    script = simulator.Script.build(app, rules.default_act(), "ru")
    played = simulator.play(phone, script, ANSWERS)
    assert played.code
    phone.text(f"что дальше? {BODY_MARKER}")
    phone.text("STOP")

    from sms import store
    with app.app_context():
        phone_hash = store.phone_hmac(NUMBER).hex()
    secrets = {
        "article as typed": ARTICLE, "article as read": "190-2",
        "an answer (stage)": "sentenced_before", "an answer (damage)": "repaid",
        "the phone number": NUMBER, "its digits": NUMBER[1:], "its national digits": NUMBER[2:],
        "its last seven digits": NUMBER[-7:], "the whole phone hash": phone_hash,
        "the body marker": BODY_MARKER, "the web resume code": web_code.replace("-", ""),
        "the web resume code as shown": web_code, "the SMS resume code": played.code,
        "the cookie": cookie, "the CSRF token": token, "the check id": _check_id(app),
    }
    assert captured.count > 50  # requests, statements, SMS turns: the logs were on
    leaking = [(secrets_in(text, secrets), text[:300]) for text in captured.texts
               if secrets_in(text, secrets)]
    assert not leaking, f"in the logs: {leaking[:3]}"
    assert any('"path": "/r/<code>"' in t for t in captured.texts)  # the route, not the code
    assert any("SELECT" in t for t in captured.texts)  # SQLAlchemy did log its statements


def _check_id(app) -> str:
    from sqlalchemy import select

    from web import db
    from web.store import Check

    with app.app_context():
        return db.session().scalars(select(Check.id).where(Check.channel == "web")).first()


def test_an_exception_is_logged_without_its_message(app):
    stream = io.StringIO()
    handler = logs.handler("json", stream)
    log = logging.getLogger("amnesty.test")
    log.addHandler(handler)
    try:
        try:
            {}[ARTICLE]
        except KeyError:
            log.exception("it failed")
    finally:
        log.removeHandler(handler)
    line = stream.getvalue()
    assert "builtins.KeyError (message not logged)" in line
    assert ARTICLE not in line and "190" not in line.replace("\\n", "\n").split("Traceback")[0]
