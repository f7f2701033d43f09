"""The provider adapter: Twilio's webhook reading and reply format, and sending through
Twilio's REST API with the real client over a stub HTTP client (no network), or a fake."""

import json
import logging

import pytest
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse

from app import create_app
from sms import providers, store
from sms.providers import FakeSender, Incoming
from sms.providers.twilio import TwilioProvider, TwilioSender
from tests.sms.helpers import app_config

ACCOUNT = "AC" + "1" * 32


class StubHttp(HttpClient):
    """Twilio's HTTP layer, answering from a script instead of the network."""

    def __init__(self, status=201, payload=None):
        super().__init__(logging.getLogger("twilio-stub"), is_async=False)
        self.status, self.payload = status, payload or {"sid": "SM" + "f" * 32}
        self.requests = []

    def request(self, method, uri, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        self.requests.append((method, uri, dict(data or {})))
        return TwilioResponse(self.status, json.dumps(self.payload))


CONFIG = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "secret", "TWILIO_FROM": "+10000"}


def test_sending_posts_a_message_through_twilios_client():
    http = StubHttp()
    sender = TwilioSender(CONFIG, http_client=http)
    assert sender.send("+77010000001", "Сәлем") == "SM" + "f" * 32
    ((method, uri, data),) = http.requests
    assert method == "POST" and uri.endswith(f"/Accounts/{ACCOUNT}/Messages.json")
    assert data == {"To": "+77010000001", "From": "+10000", "Body": "Сәлем"}


def test_sending_can_go_through_a_messaging_service():
    http = StubHttp()
    TwilioSender({**CONFIG, "TWILIO_MESSAGING_SERVICE_SID": "MG" + "2" * 32},
                 http_client=http).send("+77010000001", "hi")
    assert http.requests[0][2]["MessagingServiceSid"] == "MG" + "2" * 32
    assert "From" not in http.requests[0][2]


def test_the_client_is_built_only_when_a_message_is_sent():
    sender = TwilioSender({})  # no credentials: fine until something is sent
    assert sender._client is None


def test_a_number_that_opted_out_at_twilio_is_recorded_and_not_retried(sms_app):
    http = StubHttp(400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient",
                          "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400})
    with sms_app.test_request_context():
        assert TwilioSender(CONFIG, http_client=http).send("+77010000001", "hi") is None
        assert store.opted_out(store.phone_hmac("+77010000001"))


def test_other_twilio_errors_are_raised():
    from twilio.base.exceptions import TwilioRestException

    http = StubHttp(400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400})
    with pytest.raises(TwilioRestException):
        TwilioSender(CONFIG, http_client=http).send("+7", "hi")


def test_without_an_account_sid_a_recording_fake_sends(sms_app):
    with sms_app.test_request_context():
        assert isinstance(providers.sender(), FakeSender)
        assert providers.send("+77010000001", "hi") == "fake-1"
        assert providers.sender().sent == [("+77010000001", "hi")]


@pytest.mark.parametrize(("extra", "kind"), [
    ({"TWILIO_ACCOUNT_SID": ACCOUNT}, TwilioSender),
    ({"TWILIO_ACCOUNT_SID": ACCOUNT, "SMS_BACKEND": "fake"}, FakeSender),
    ({}, FakeSender),
])
def test_the_sender_follows_the_configuration(tmp_path, extra, kind):
    app = create_app(app_config(tmp_path, **extra))
    with app.app_context():
        assert isinstance(providers.sender(), kind)


def test_an_unknown_provider_is_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="SMS_PROVIDER"):
        create_app(app_config(tmp_path, SMS_PROVIDER="pigeon"))


def parse(app, form):
    with app.test_request_context("/sms/inbound", method="POST", data=form):
        from flask import request
        return TwilioProvider().parse(request)


@pytest.mark.parametrize(("form", "expected"), [
    ({"MessageSid": "SM1", "From": "+7701", "Body": "Hi"}, Incoming("SM1", "+7701", "Hi")),
    ({"SmsMessageSid": "SM2", "From": "+7701", "Body": " stop "},
     Incoming("SM2", "+7701", " stop ", "STOP")),
    ({"MessageSid": "SM3", "From": "+7701", "Body": "YES"},
     Incoming("SM3", "+7701", "YES", "START")),
    ({"MessageSid": "SM4", "From": "+7701", "Body": "стоп", "OptOutType": "STOP"},
     Incoming("SM4", "+7701", "стоп", "STOP")),
    ({"MessageSid": "SM5", "From": "+7701", "Body": "stop please"},
     Incoming("SM5", "+7701", "stop please")),
    ({"MessageSid": "not an id!", "From": "+7701"}, Incoming(None, "+7701", "")),
    ({"MessageSid": "SM" + "9" * 70, "From": "+7701"}, Incoming(None, "+7701", "")),
])
def test_twilio_parameters_are_read_into_an_incoming_message(sms_app, form, expected):
    assert parse(sms_app, form) == expected


def test_replies_become_twiml_and_characters_xml_cannot_carry_are_dropped(sms_app):
    with sms_app.app_context():
        response = TwilioProvider().respond(["Сәлем\x00\x07 <1> & 2", "two"])
        empty = TwilioProvider().respond([])
    assert response.mimetype == "text/xml"
    body = response.get_data(as_text=True)
    assert "<Message>Сәлем &lt;1&gt; &amp; 2</Message><Message>two</Message>" in body
    assert empty.get_data(as_text=True).endswith("<Response />")


def test_the_phone_hash_is_keyed_and_ignores_formatting(sms_app):
    import hashlib

    with sms_app.test_request_context():
        a = store.phone_hmac("+7 701 000-00-01")
        assert a == store.phone_hmac("+77010000001")
        assert a != hashlib.sha256(b"+77010000001").digest()
        sms_app.config["PHONE_HMAC_KEY"] = "another key"
        assert store.phone_hmac("+77010000001") != a
