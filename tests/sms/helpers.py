"""Shared by the SMS tests: the test token and URL, and a look at what a phone's conversation
stored."""

from sqlalchemy import select

from sms import store
from tests import database
from web import db
from web.store import Check

TOKEN = "test-auth-token"
URL = "http://localhost/sms/inbound"
"""What the test client's request.url is, so what a request must be signed for."""


def app_config(tmp_path, **extra):
    return {
        "TESTING": True,
        "DATABASE_URL": database.url(tmp_path),
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


def cases(act_id=None):
    """The legal cases of tests/rules/cases/, as (act id, case)."""
    from pathlib import Path

    import yaml

    out = []
    for path in sorted((Path(__file__).resolve().parents[1] / "rules" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if act_id in (None, data["act"]):
            out += [(data["act"], case) for case in data["cases"]]
    return out


def sms_verdict(app, phone, script, act, answers, style="number"):
    """Play a case through the SMS webhook (signed, as Twilio would), then read back what the
    channel stored under the resume code of its result link.

    Returns (played, stored answers, the engine's verdict on them): compare the verdict with
    the case, or with the web channel's for the same answers."""
    import rules
    from sms import simulator
    from web import store as checks

    played = simulator.play(phone, script, answers, style)
    assert played.code, f"no result link in {played.exchanges!r}"
    with app.app_context():
        check = checks.by_code(played.code)
        assert check is not None, "the result link's code opens no check"
        stored = dict(check.answers)
    return played, stored, rules.next_step(act, stored)
