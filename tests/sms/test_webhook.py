"""POST /sms/inbound: only Twilio's signed requests get in, and they get TwiML.

Requests are signed with Twilio's own RequestValidator (sms.simulator), never a mock of it.
"""

import xml.etree.ElementTree as ET

import pytest
from flask_wtf.csrf import CSRFProtect

from app import create_app
from sms import simulator
from tests.sms.helpers import TOKEN, URL, app_config, saved


def test_a_signed_text_is_answered_with_twiml(phone):
    status, body = phone.post(phone.params("Hello"))
    assert status == 200
    root = ET.fromstring(body)
    assert root.tag == "Response" and [m.tag for m in root] == ["Message"]
    assert root[0].text.startswith("Which article of the Criminal Code?")


def test_the_reply_is_text_xml(sms_app, phone):
    params = phone.params("Hello")
    response = sms_app.test_client().post(
        "/sms/inbound", data=params, headers={"X-Twilio-Signature": simulator.sign(
            TOKEN, URL, params)})
    assert response.status_code == 200
    assert response.mimetype == "text/xml"


def test_an_unsigned_request_is_refused(sms_app, phone):
    status, _ = phone.post(phone.params("Hello"), signature=None)
    assert status == 403
    assert saved(sms_app, phone) is None


@pytest.mark.parametrize("signature", ["", "abc", "x" * 28,
                                       simulator.sign("another-token", URL, {"Body": "Hello"})])
def test_a_wrongly_signed_request_is_refused(sms_app, phone, signature):
    status, _ = phone.post(phone.params("Hello"), signature=signature)
    assert status == 403
    assert saved(sms_app, phone) is None


def test_a_request_signed_with_another_token_is_refused(sms_app, phone):
    params = phone.params("Hello")
    status, _ = phone.post(params, signature=simulator.sign("another-token", URL, params))
    assert status == 403


def test_a_tampered_body_is_refused(phone):
    params = phone.params("1")
    signature = simulator.sign(TOKEN, URL, params)
    status, _ = phone.post({**params, "Body": "2"}, signature=signature)
    assert status == 403


def test_a_request_signed_for_another_url_is_refused(phone):
    params = phone.params("Hello")
    signature = simulator.sign(TOKEN, "http://localhost/sms/status", params)
    assert phone.post(params, signature=signature)[0] == 403


def test_without_an_auth_token_every_request_is_refused(tmp_path):
    app = create_app(app_config(tmp_path, TWILIO_AUTH_TOKEN=None))
    for token in ("", TOKEN):
        phone = simulator.Phone(simulator.client_transport(app.test_client()), URL, token)
        assert phone.post(phone.params("Hello"))[0] == 403


def test_behind_a_proxy_the_configured_public_url_is_the_signed_one(sms_app, phone):
    public = "https://amnesty.example.kz/sms/inbound"
    sms_app.config["SMS_WEBHOOK_PUBLIC_URL"] = public
    assert phone.post(phone.params("Hello"))[0] == 403  # signed for the internal URL
    phone.signed_url = public
    assert phone.post(phone.params("Hello"))[0] == 200


def test_a_webhook_from_another_twilio_account_is_refused(sms_app, phone):
    sms_app.config["TWILIO_ACCOUNT_SID"] = "AC" + "1" * 32
    assert phone.post(phone.params("Hello"))[0] == 403
    phone.account = "AC" + "1" * 32
    assert phone.post(phone.params("Hello"))[0] == 200


def test_a_replayed_request_is_answered_once(sms_app, phone):
    phone.text("Hello")
    first = phone.post(phone.params("2"))
    before = saved(sms_app, phone)
    params, headers = phone.last
    again = phone.transport(URL, params, headers)
    assert again == first  # the same reply …
    assert saved(sms_app, phone) == before  # … and the conversation did not move


def test_only_post_is_allowed(sms_app):
    assert sms_app.test_client().get("/sms/inbound").status_code == 405


@pytest.mark.parametrize("when", ["before", "after"])
def test_the_webhook_is_exempt_from_csrf(tmp_path, monkeypatch, when):
    """Flask-WTF's CSRFProtect, set up by the web channel before or after the SMS channel."""
    import sms

    if when == "before":
        original = sms.init_app

        def csrf_first(app):
            CSRFProtect(app)
            original(app)
        monkeypatch.setattr(sms, "init_app", csrf_first)
    app = create_app(app_config(tmp_path))
    if when == "after":
        CSRFProtect(app)
    assert app.config["WTF_CSRF_ENABLED"] and "csrf" in app.extensions
    phone = simulator.Phone(simulator.client_transport(app.test_client()), URL, TOKEN)
    assert phone.text("Hello")
