"""State: answers in the database, only an opaque id in the cookie, expiry, resume codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

import rules
from tests.web.conftest import TOKEN, CheckedClient, begin, play, post
from web import db, store

FIRST = rules.next_step(rules.default_act(), {}).question.id
PENDING = {"article": "unknown", "stage": "pending", "offence_date": "before",
           "offence_kind": "none", "category": "minor", "criminal_group": "no"}
EXPIRED = "Your earlier check has expired or could not be read, so a new one has started."


def cookie_of(client, name="session"):
    return client.get_cookie(name)


def session_of(app: Flask, client) -> dict:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(cookie_of(client).value)


def check_of(app, client) -> store.Check | None:
    with app.app_context():
        return store.get(session_of(app, client)["check"])


def test_the_cookie_holds_only_the_checks_opaque_id_and_the_csrf_token(app, client):
    play(client, "en", PENDING)
    data = session_of(app, client)
    assert set(data) <= {"check", "csrf_token", "_permanent"}
    assert len(data["check"]) >= 40  # 32 random bytes
    assert "pending" not in cookie_of(client).value
    assert check_of(app, client).answers == PENDING  # the answers are in the database


def test_the_cookie_is_http_only_and_same_site_lax_and_lives_past_the_check(app, client):
    response = begin(client, "en")  # the first answer creates the check
    header = response.headers["Set-Cookie"]
    assert header.startswith("session=")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    assert "Expires=" in header  # survives closing the browser: the person may come back


def test_over_https_the_cookie_is_secure_with_the_host_prefix(app):
    app.test_client_class = CheckedClient
    client, https = app.test_client(), {"base_url": "https://localhost"}
    page = client.get(f"/en/q/{FIRST}", **https).get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    response = client.post(f"/en/q/{FIRST}", data={"answer": "190-1", "csrf_token": token},
                           **https)
    header = response.headers["Set-Cookie"]
    assert header.startswith("__Host-session=") and "Secure" in header and "Path=/" in header
    assert "Domain" not in header
    assert response.headers["Location"] == "/en/q/stage"
    response = client.post("/en/q/stage", data={"answer": "served", "csrf_token": token},
                           **https)
    assert response.headers["Location"] == "/en/check-answers"  # the check was found again
    assert client.get("/en/check-answers", **https).status_code == 200  # found again


def test_a_check_expires_after_the_configured_time(app, client):
    app.config["WEB_CHECK_TTL_HOURS"] = 3
    begin(client, "en")
    check = check_of(app, client)
    assert check.expires_at - check.created_at == timedelta(hours=3)


def test_an_expired_check_starts_afresh_with_a_message_and_its_answers_are_deleted(app, client):
    play(client, "en", PENDING)
    old = check_of(app, client)
    with app.app_context(), db.transaction():
        db.session().get(store.Check, old.id).expires_at = store.utcnow() - timedelta(seconds=1)
    response = client.get("/en/check-answers")
    assert response.headers["Location"] == f"/en/q/{FIRST}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert EXPIRED in page
    new = check_of(app, client)
    assert new.id != old.id and new.answers == {}
    with app.app_context():
        assert db.session().get(store.Check, old.id) is None  # deleted with its answers
    assert EXPIRED not in client.get(f"/en/q/{FIRST}").get_data(as_text=True)  # said once


def test_a_tampered_cookie_starts_afresh_with_a_message(app, client):
    begin(client, "ru")
    assert check_of(app, client).answers == {"article": "unknown"}
    value = cookie_of(client).value
    client.set_cookie("session", value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB"))
    page = client.get(f"/ru/q/{FIRST}").get_data(as_text=True)
    assert "Срок прежней проверки истёк или её не удалось прочитать" in page
    assert check_of(app, client).answers == {}


def test_an_answer_posted_after_the_check_was_lost_leads_to_the_first_question(app, client):
    begin(client, "en", stage="pending")
    token = client.get("/en/q/offence_date").get_data(as_text=True).split(
        'name="csrf_token" value="')[1].split('"')[0]
    client.set_cookie("session", "forged.cookie.value")
    response = client.post("/en/q/offence_date", data={"answer": "before", "csrf_token": token})
    assert response.headers["Location"] == f"/en/q/{FIRST}"
    assert EXPIRED in client.get(response.headers["Location"]).get_data(as_text=True)
    response = client.post(f"/en/q/{FIRST}", data={"answer": "190-1", "csrf_token": token})
    assert response.status_code == 400  # that token belonged to the lost session
    assert "This page has expired" in response.get_data(as_text=True)


def test_the_session_refuses_a_check_that_the_act_no_longer_accepts(app, client):
    begin(client, "en")
    check = check_of(app, client)
    with app.app_context(), db.transaction():
        db.session().get(store.Check, check.id).answers = {"article": "unknown",
                                                            "stage": "abolished"}
    assert EXPIRED in client.get("/en/").get_data(as_text=True)


# -- resume codes -----------------------------------------------------------------------------


@pytest.fixture
def other_device(app):
    return app.test_client()


def started(app, client, lang="kk") -> store.Check:
    begin(client, lang, stage="sentenced_before")
    return check_of(app, client)


@pytest.mark.parametrize("typed", [
    lambda c: c,
    lambda c: f"{c[:4].lower()}-{c[4:].lower()}",
    lambda c: f" {c[:4]} {c[4:]} ",
])
def test_the_resume_form_continues_a_check_on_another_device(app, client, other_device, typed):
    check = started(app, client)
    response = post(other_device, "/ru/resume", {"code": typed(check.code)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/ru/q/offence_kind"  # in the page's language
    assert check_of(app, other_device).id == check.id


def test_cyrillic_look_alikes_in_a_code_are_read_as_latin_letters(app, client, other_device):
    check = started(app, client)
    cyrillic = check.code.translate(str.maketrans("ACEHKMPTXY", "АСЕНКМРТХУ"))
    response = post(other_device, "/ru/resume", {"code": cyrillic})
    assert response.headers["Location"] == "/ru/q/offence_kind"


def test_the_sms_link_opens_the_check_in_its_language(app, client, other_device):
    check = started(app, client, lang="kk")
    response = other_device.get(f"/r/{check.code}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/kk/q/offence_kind"
    assert check_of(app, other_device).id == check.id
    assert other_device.get(f"/r/{check.code.lower()}").headers["Location"] == \
        "/kk/q/offence_kind"


def test_the_sms_link_of_a_finished_check_opens_check_your_answers(app, client, other_device):
    play(client, "ru", PENDING)
    code = check_of(app, client).code
    assert other_device.get(f"/r/{code}").headers["Location"] == "/ru/check-answers"


def test_a_wrong_code_says_so_in_the_language(app, other_device):
    response = post(other_device, "/ru/resume", {"code": "ACDE-FHJK"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Проверка с таким кодом не найдена" in page
    assert '<a href="#code">' in page
    response = other_device.get("/r/ACDEFHJK", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "No check has this code" in response.get_data(as_text=True)


def test_a_malformed_code_is_refused_before_any_lookup(other_device):
    response = post(other_device, "/en/resume", {"code": "12"})
    assert "Enter the code: 8 letters and digits." in response.get_data(as_text=True)


def test_an_expired_check_cannot_be_resumed(app, client, other_device):
    check = started(app, client)
    with app.app_context(), db.transaction():
        db.session().get(store.Check, check.id).expires_at = store.utcnow()
    assert other_device.get(f"/r/{check.code}").status_code == 404


def test_guessing_codes_is_rate_limited_but_right_codes_are_not_counted(app, client):
    app.config["WEB_RESUME_LIMIT"] = "3 per minute"
    check = started(app, client)
    guesser = app.test_client()
    for _ in range(5):  # right codes do not count
        assert guesser.get(f"/r/{check.code}").status_code == 302
    for _ in range(3):
        assert guesser.get("/r/ACDEFHJK").status_code == 404
    response = guesser.get(f"/r/{check.code}", headers={"Accept-Language": "en"})
    assert response.status_code == 429  # even the right code, once the limit is reached
    assert "Too many tries" in response.get_data(as_text=True)
    assert post(guesser, "/en/resume", {"code": check.code}, page="/en/").status_code == 429


def test_an_answer_saved_meanwhile_elsewhere_is_not_overwritten(app):
    from flask import g
    from sqlalchemy.orm import Session

    from web import journey

    with app.test_request_context("/en/"):
        g.lang_code = "en"
        j = journey.current()
        j.answer("article", "unknown")
        j.answer("stage", "pending")
        with Session(db.engine()) as other:  # another tab saves first
            other.get(store.Check, j.check.id).answers = {"article": "unknown",
                                                          "stage": "served"}
            other.commit()
        j.answer("offence_date", "before")  # replayed on the fresh answers
        # "before" no longer applies to a served case
        assert j.answers == {"article": "unknown", "stage": "served"}
        assert j.check.version == 4  # article, stage, the other tab's save, the replay


def test_opening_an_sms_check_on_the_web_keeps_the_sms_language(app, other_device):
    with app.test_request_context(), db.transaction():
        check = store.create("sms", rules.default_act().id, "kk", timedelta(days=7))
        check.answers = {"article": "unknown", "stage": "sentenced_before"}
        code = check.code
    response = other_device.get(f"/r/{code}")
    assert response.headers["Location"] == "/kk/q/offence_kind"
    assert other_device.get("/ru/q/offence_kind").status_code == 200
    with app.app_context():
        assert store.by_code(code).lang == "kk"
