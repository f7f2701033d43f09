"""Rate limits: answers per address, the API per address, SMS per phone number (after the
signature), with memory storage and with a real Redis shared by two apps (two workers)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest
from flask_babel import force_locale

from app import create_app
from sms import simulator, texts
from tests import database
from tests.sms.helpers import TOKEN, URL, app_config, saved
from tests.web.conftest import begin, post
from web import ratelimit


def make_app(tmp_path, **extra):
    return create_app(app_config(tmp_path, **extra))


# -- the web forms --------------------------------------------------------------------------


def test_answers_beyond_the_limit_get_a_translated_429_page_and_pages_still_show(tmp_path):
    app = make_app(tmp_path, WEB_FORM_LIMIT="3 per minute")
    client = app.test_client()
    begin(client, "ru")  # one answer
    for _ in range(2):
        assert post(client, "/ru/q/stage", {"answer": "served"}).status_code == 302
    response = post(client, "/ru/q/stage", {"answer": "served"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    html = response.get_data(as_text=True)
    assert "Слишком много ответов" in html and "Traceback" not in html
    assert client.get("/ru/q/stage").status_code in (200, 302)  # reading is never limited
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    begin(other, "ru")  # another address has its own count


def test_an_ipv6_network_counts_as_one_client(tmp_path):
    app = make_app(tmp_path)
    keys = set()
    for address in ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1"):
        with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
            keys.add(ratelimit.address())
    assert len(keys) == 2


def test_the_stored_key_is_not_the_address(tmp_path):
    app = make_app(tmp_path)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.5"}):
        assert "203.0.113.5" not in ratelimit.address()


def test_behind_a_proxy_the_client_address_is_counted(tmp_path):
    app = make_app(tmp_path, WEB_FORM_LIMIT="2 per minute", PROXY_HOPS=1)
    first = app.test_client()
    second = app.test_client()
    for client, ip in ((first, "203.0.113.1"), (second, "203.0.113.2")):
        headers = {"X-Forwarded-For": ip}
        client.environ_base["HTTP_X_FORWARDED_FOR"] = ip
        assert post(client, "/en/q/article", {"answer": "", "unknown": "y"}).status_code == 302
        assert post(client, "/en/q/stage", {"answer": "served"}).status_code == 302, headers
    assert post(first, "/en/q/stage", {"answer": "served"}).status_code == 429


def test_limits_can_be_turned_off(tmp_path):
    app = make_app(tmp_path, WEB_FORM_LIMIT="1 per minute", RATELIMIT_ENABLED=False)
    client = app.test_client()
    for _ in range(3):
        begin(client, "en")


def test_a_failing_storage_lets_requests_through_and_says_so(tmp_path, monkeypatch, caplog):
    app = make_app(tmp_path, WEB_FORM_LIMIT="1 per minute")

    def broken(*args, **kwargs):
        raise ConnectionError("storage down")

    monkeypatch.setattr(app.extensions["ratelimit"]["fixed"], "hit", broken)
    client = app.test_client()
    for _ in range(3):
        begin(client, "en")
    assert "rate limits are not counted, the storage failed: ConnectionError" in caplog.text


# -- the API --------------------------------------------------------------------------------


def test_the_api_is_limited_per_address(tmp_path):
    app = make_app(tmp_path, API_LIMIT="2 per minute")
    client = app.test_client()
    assert [client.get("/api/v1/acts").status_code for _ in range(3)] == [200, 200, 429]
    response = client.get("/api/v1/acts?lang=en")
    assert response.headers["Retry-After"] and response.headers["Cache-Control"] == "no-store"
    assert response.get_json()["error"] == "too_many_requests"


# -- SMS ------------------------------------------------------------------------------------


def test_sms_over_the_limit_get_one_polite_text_then_silence(tmp_path):
    app = make_app(tmp_path, SMS_LIMIT="3 per 10 minutes")
    phone = simulator.Phone(simulator.client_transport(app.test_client()), URL, TOKEN)
    for text in ("Hello", "2", "0"):
        assert phone.text(text)
    before = saved(app, phone)
    polite = phone.text("1")
    with app.test_request_context(), force_locale(before["lang"]):
        assert polite == [texts.slow_down()]  # in the conversation's language
    assert phone.text("1") == []
    assert saved(app, phone) == before  # nothing answered
    neighbour = simulator.Phone(simulator.client_transport(app.test_client()), URL, TOKEN)
    assert neighbour.text("Hello")  # numbers are counted apart


def test_stop_is_honoured_over_the_limit(tmp_path):
    from sms import store
    from web import db

    app = make_app(tmp_path, SMS_LIMIT="1 per 10 minutes")
    phone = simulator.Phone(simulator.client_transport(app.test_client()), URL, TOKEN)
    phone.text("Hello")
    phone.text("STOP")
    with app.app_context():
        assert db.session().get(store.OptOut, store.phone_hmac(phone.number)) is not None


def test_unsigned_requests_do_not_count_against_a_number(tmp_path):
    app = make_app(tmp_path, SMS_LIMIT="2 per 10 minutes")
    client = app.test_client()
    victim = simulator.Phone(simulator.client_transport(client), URL, TOKEN)
    forger = simulator.Phone(simulator.client_transport(client), URL, "wrong-token")
    forger.number = victim.number
    for _ in range(5):
        assert forger.post(forger.params("Hello"))[0] == 403
    assert victim.text("Hello")


# -- Redis, shared by two workers -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs it with apt")
        pytest.skip("redis-server is missing (apt-get install redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def test_with_redis_two_workers_share_their_counts(tmp_path, redis_url):
    url = database.url(tmp_path)
    workers = [create_app({**app_config(tmp_path), "DATABASE_URL": url,
                           "RATELIMIT_STORAGE_URI": redis_url, "WEB_FORM_LIMIT": "4 per minute",
                           "WEB_RESUME_LIMIT": "2 per minute"}) for _ in range(2)]
    clients = [w.test_client() for w in workers]
    for client in clients:
        client.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    statuses = [post(clients[i % 2], "/en/q/article", {"answer": "", "unknown": "y"},
                     page="/en/q/article").status_code for i in range(5)]
    assert statuses == [302, 302, 302, 302, 429]
    statuses = [clients[i % 2].get("/r/ACDEFHJK").status_code for i in range(3)]
    assert statuses == [404, 404, 429]  # wrong resume codes, counted across both


def test_with_redis_down_requests_still_go_through(tmp_path):
    port = free_port()  # nothing listens there
    app = make_app(tmp_path, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0",
                   WEB_FORM_LIMIT="1 per minute")
    client = app.test_client()
    for _ in range(2):
        begin(client, "en")
