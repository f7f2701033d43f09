"""Answered once, never corrupted by two texts at once, STOP honoured, expired and purged, and
nothing personal in the logs."""

import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from sms import conversation, providers, simulator, store, texts
from sms.store import Inbound, OptOut
from tests.sms.helpers import TOKEN, URL, saved
from web import db
from web import store as checks
from web.store import Check


def rows(app, model):
    with app.app_context():
        return list(db.session().scalars(select(model)))


# -- answered once ------------------------------------------------------------------------------


def test_a_message_delivered_twice_is_answered_once_with_the_same_reply(sms_app, phone):
    phone.text("Hello")
    first = phone.text("2", sid="SM" + "a" * 32)
    phone.text("8")  # the conversation moves on …
    before = saved(sms_app, phone)
    again = phone.text("2", sid="SM" + "a" * 32)  # … then the gateway retries the earlier one
    assert again == first
    assert saved(sms_app, phone) == before


def test_a_message_without_an_id_is_still_answered(sms_app, phone):
    params = phone.params("Hello")
    del params["MessageSid"], params["SmsMessageSid"]
    status, body = phone.post(params)
    assert status == 200 and simulator.replies(body)


# -- two texts at once --------------------------------------------------------------------------


def test_texts_sent_at_the_same_time_are_applied_one_after_the_other(sms_app, phone):
    """Four answers given, then two BACKs and three HELPs at once: whatever the order, two
    answers are left and every text was saved once (a lost update would leave three)."""
    phone.text("Hello")
    for reply in ("0", "2", "8", "3"):
        phone.text(reply)
    before = saved(sms_app, phone)
    assert len(before["answers"]) == 4
    bodies = ["BACK", "BACK", "HELP", "HELP", "HELP"]
    start = threading.Barrier(len(bodies))
    results: dict[int, list[str] | Exception] = {}

    def send(i, body):
        me = simulator.Phone(simulator.client_transport(sms_app.test_client()), URL, TOKEN,
                             number=phone.number)
        start.wait()
        try:
            results[i] = me.text(body)
        except Exception as e:  # noqa: BLE001 - reported below
            results[i] = e

    threads = [threading.Thread(target=send, args=(i, b)) for i, b in enumerate(bodies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(isinstance(r, list) and len(r) == 1 for r in results.values()), results
    after = saved(sms_app, phone)
    assert after["answers"] == {"article": "unknown", "stage": "sentenced_before"}
    assert after["version"] == before["version"] + len(bodies)
    assert len(rows(sms_app, Inbound)) == 5 + len(bodies)


def test_a_turn_that_lost_a_race_is_played_again_on_fresh_data(sms_app, phone, monkeypatch):
    """On PostgreSQL two texts can run side by side; the check's version column makes the
    second save fail, and the turn runs again. Here the first save fails as it would."""
    phone.text("Hello")
    calls = []
    touch = checks.touch

    def stale_once(check, ttl=None):
        calls.append(check.id)
        if len(calls) == 1:
            raise StaleDataError("UPDATE statement on table 'checks' expected to update 1 row")
        touch(check, ttl)
    monkeypatch.setattr(conversation.checks, "touch", stale_once)
    assert phone.text("0")[0].startswith("Where is the case now?")
    assert len(calls) == 2
    assert saved(sms_app, phone)["answers"] == {"article": "unknown"}


def test_two_first_texts_from_a_new_number_make_one_conversation(sms_app, phone):
    start = threading.Barrier(2)

    def send(body):
        me = simulator.Phone(simulator.client_transport(sms_app.test_client()), URL, TOKEN,
                             number=phone.number)
        start.wait()
        me.text(body)

    threads = [threading.Thread(target=send, args=(b,)) for b in ("Hello", "Привет")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(rows(sms_app, Check)) == 1


# -- STOP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "extra"), [
    ("STOP", {}), ("stop", {}), (" Unsubscribe ", {}), ("QUIT", {}),
    ("СТОП", {"OptOutType": "STOP"}),  # a word added in Twilio's Advanced Opt-Out
])
def test_stop_deletes_the_conversation_records_the_opt_out_and_says_nothing(
        sms_app, phone, body, extra):
    phone.text("Hello")
    phone.text("2")
    status, twiml = phone.post(phone.params(body, **extra))
    assert (status, simulator.replies(twiml)) == (200, [])
    assert "<Response" in twiml
    assert saved(sms_app, phone) is None
    with sms_app.test_request_context():
        assert [r.phone_hmac for r in rows(sms_app, OptOut)] == [store.phone_hmac(phone.number)]
    assert all(r.reply is None for r in rows(sms_app, Inbound)[:2])  # no reply kept


def test_after_stop_nothing_is_sent_until_start(sms_app, phone):
    phone.text("STOP")
    assert phone.text("Hello") == []
    with sms_app.test_request_context():
        assert providers.send(phone.number, "a reminder") is None
        assert providers.sender().sent == []
    assert phone.text("START") == []  # Twilio confirms the opt-in itself
    assert phone.text("Hello")[0].startswith("Which article of the Criminal Code?")


def test_yes_is_an_answer_unless_the_number_opted_out(sms_app, phone):
    phone.text("Hello")
    for reply in ("0", "2", "8", "2"):
        phone.text(reply)
    assert phone.text("YES")  # criminal group: yes (an answer, not an opt-in)
    assert saved(sms_app, phone)["answers"]["criminal_group"] == "yes"


def test_when_the_gateway_answers_help_itself_the_channel_stays_silent(phone):
    phone.text("Hello")
    assert phone.text("HELP", OptOutType="HELP") == []
    assert phone.text("HELP")  # without Advanced Opt-Out: our own help


# -- expiry and purge ---------------------------------------------------------------------------


def test_a_conversation_lives_a_configurable_time_after_the_last_text(sms_app, phone):
    sms_app.config["SMS_CHECK_TTL_DAYS"] = 2
    phone.text("Hello")
    stored = saved(sms_app, phone)
    with sms_app.app_context():
        lifetime = stored["expires_at"].replace(tzinfo=None) - checks.utcnow().replace(
            tzinfo=None)
    assert timedelta(days=1, hours=23) < lifetime <= timedelta(days=2)


def test_an_expired_conversation_is_over_and_a_new_text_starts_afresh(sms_app, phone):
    phone.text("Hello")
    phone.text("2")
    expire(sms_app)
    assert phone.text("🙂") == [render_menu(sms_app)]
    assert saved(sms_app, phone)["answers"] == {}


def test_purge_deletes_expired_conversations_and_message_records(sms_app, phone):
    phone.text("Hello")
    phone.text("2")
    other = simulator.Phone(phone.transport, URL, TOKEN)
    other.text("Привет")
    expire(sms_app, number=phone.number)
    with sms_app.app_context():  # as `amnesty purge` runs it (FlaskGroup pushes one)
        result = sms_app.test_cli_runner().invoke(args=["purge"], catch_exceptions=False)
    assert result.output == "purged 1 expired checks and 2 SMS message records\n"
    assert saved(sms_app, phone) is None and saved(sms_app, other) is not None
    assert len(rows(sms_app, Inbound)) == 1


def expire(app, number=None):
    past = checks.utcnow() - timedelta(seconds=1)
    with app.test_request_context():
        s = db.session()
        checks_of = update(Check)
        inbound = update(Inbound)
        if number:
            phone = store.phone_hmac(number)
            checks_of = checks_of.where(Check.phone_hmac == phone)
            inbound = inbound.where(Inbound.phone_hmac == phone)
        s.execute(checks_of.values(expires_at=past))
        s.execute(inbound.values(expires_at=past))
        s.commit()


def render_menu(app):
    with app.test_request_context():
        return texts.menu()


# -- failures and logs --------------------------------------------------------------------------


def test_an_unexpected_error_is_logged_and_answered_politely_with_a_200(
        sms_app, phone, monkeypatch, caplog):
    phone.text("Hello")

    def broken(phone_hash, body):
        raise ValueError(f"something about {body}")
    monkeypatch.setattr(conversation, "respond", broken)
    status, twiml = phone.post(phone.params("secret answer 42"))
    assert status == 200
    (apology,) = simulator.replies(twiml)
    assert "Sorry, please try again later." in apology and "Извините" in apology
    assert "ValueError" in caplog.text and "secret answer 42" not in caplog.text
    monkeypatch.undo()
    assert phone.text("2", sid=phone.last[0]["MessageSid"])  # not recorded: the retry works


def test_the_logs_carry_no_text_number_or_answer(sms_app, phone, caplog):
    caplog.set_level(logging.DEBUG)
    bodies = ["Здравствуйте, мой сын осуждён", "0", "2", "8", "нет ничего такого", "3", "нет",
              "ПОМОЩЬ", "УДАЛИТЬ", "STOP"]
    for body in bodies:
        phone.text(body)
    logged = caplog.text
    assert "sms inbound" in logged and "event=answer" in logged
    for secret in [bodies[0], bodies[4], phone.number, phone.number[1:], "sentenced_before",
                   "medium"]:
        assert secret not in logged, secret
    with sms_app.test_request_context():
        full = store.phone_hmac(phone.number).hex()
    assert full[:8] in logged and full not in logged
