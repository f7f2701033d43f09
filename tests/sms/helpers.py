"""Shared by the SMS tests: the test token and URL, and a look at what a phone's conversation
stored."""

from sqlalchemy import select

from sms import store
from web import db
from web.store import Check

TOKEN = "test-auth-token"
URL = "http://localhost/sms/inbound"
"""What the test client's request.url is, so what a request must be signed for."""


def app_config(tmp_path, **extra):
    return {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "SECRET_KEY": "test-secret-key",
        "PHONE_HMAC_KEY": "test-phone-key",
        "TWILIO_AUTH_TOKEN": TOKEN,
        **extra,
    }


def saved(app, phone):
    """The phone's conversation as stored: a plain snapshot (or None)."""
    with app.app_context():
        check = db.session().scalars(
            select(Check).where(Check.phone_hmac == store.phone_hmac(phone.number))).first()
        if check is None:
            return None
        return {"answers": dict(check.answers), "state": dict(check.conversation),
                "lang": check.lang, "code": check.code, "version": check.version,
                "expires_at": check.expires_at}
