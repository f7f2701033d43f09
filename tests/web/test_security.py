"""Security headers on every kind of page, HSTS over HTTPS only, cookie flags, size limits,
/healthz."""

from __future__ import annotations

import re

import pytest

import rules
from app import create_app
from tests import database
from tests.sms.helpers import TOKEN, URL
from tests.web.conftest import begin, legal_cases, play, post
from web import security

EVERYWHERE = {
    "Content-Security-Policy": security.CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def assert_headers(response, cache="no-store"):
    for name, value in EVERYWHERE.items():
        assert response.headers.get(name) == value, (response.request.path, name)
    if cache:
        assert response.headers["Cache-Control"] == cache, response.request.path
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_the_csp_allows_only_our_own_files_and_no_framing():
    for part in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                 "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'",
                 "object-src 'none'"):
        assert part in security.CSP
    assert "unsafe-inline" not in security.CSP


def test_every_kind_of_page_carries_the_headers(app, client):
    done = next(c for c in legal_cases() if c["expect"]["outcome"] == "not_covered")
    assert_headers(client.get("/"))
    assert_headers(client.get("/ru/"))
    assert_headers(client.get("/ru/q/article"))
    play(client, "ru", done["answers"])
    for url in ("/ru/check-answers", "/ru/result", "/ru/resume", "/ru/no-such-page",
                "/r/ACDEFHJK", "/healthz"):
        assert_headers(client.get(url))
    response = post(client, "/ru/q/stage", {"answer": "served"})
    assert_headers(response)
    assert_headers(client.post("/ru/restart"))  # 400: no CSRF token


def test_the_stylesheet_is_cached_but_still_protected(client):
    page = client.get("/en/").get_data(as_text=True)
    css = re.search(r'href="(/assets/app\.css\?v=\w+)"', page).group(1)
    response = client.get(css)
    response.close()
    assert_headers(response, cache=None)
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "no-store" not in response.headers["Cache-Control"]


def test_the_sms_webhook_carries_the_headers(tmp_path):
    from sms import simulator
    from tests.sms.helpers import app_config

    app = create_app(app_config(tmp_path))
    seen = []

    def transport(url, params, headers):
        response = app.test_client().post(url, data=params, headers=headers)
        seen.append(response)
        return response.status_code, response.get_data(as_text=True)

    simulator.Phone(transport, URL, TOKEN).text("Hello")
    assert_headers(seen[-1])


def test_hsts_only_over_https(client):
    secure = client.get("/en/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/en/").headers


def test_hsts_can_be_turned_off(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": database.url(tmp_path),
                      "SECRET_KEY": "k", "PHONE_HMAC_KEY": "p", "HSTS_MAX_AGE": 0})
    response = app.test_client().get("/en/", base_url="https://localhost")
    assert "Strict-Transport-Security" not in response.headers


@pytest.fixture
def proxied(tmp_path):
    return create_app({"TESTING": True, "DATABASE_URL": database.url(tmp_path),
                       "SECRET_KEY": "k", "PHONE_HMAC_KEY": "p", "PROXY_HOPS": 1})


def test_behind_a_tls_proxy_the_app_knows_it_is_https(proxied):
    client = proxied.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = client.get("/en/", headers=headers)
    assert "Strict-Transport-Security" in response.headers
    assert "Strict-Transport-Security" not in client.get("/en/").headers


def test_without_proxy_hops_forwarded_headers_are_ignored(app, client):
    response = client.get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_the_cookie_is_httponly_and_samesite_and_over_https_secure_with_the_host_prefix(client):
    response = begin(client, "en")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    secure = client.get("/en/q/article", base_url="https://localhost")
    token = re.search(r'name="csrf_token" value="([^"]+)"', secure.get_data(as_text=True))
    response = client.post("/en/q/article", base_url="https://localhost",
                           data={"answer": "", "unknown": "y", "csrf_token": token.group(1)},
                           headers={"Referer": "https://localhost/en/q/article"})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "Path=/" in cookie
    assert "HttpOnly" in cookie and "Domain" not in cookie


def test_a_body_over_the_size_limit_gets_the_translated_413_page(client):
    response = client.post("/ru/q/article", data={"answer": "x" * 70_000})
    assert response.status_code == 413
    assert "Извините" in response.get_data(as_text=True)
    assert_headers(response)


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_healthz_says_unavailable_when_the_database_does_not_answer(tmp_path, caplog):
    app = create_app({"TESTING": True, "TEST_SCHEMA": False, "SECRET_KEY": "k",
                      "PHONE_HMAC_KEY": "p",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite'}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}
    assert "missing-folder" not in response.get_data(as_text=True)
    assert "the database does not answer" in caplog.text


def test_pages_say_unavailable_in_their_language_when_the_database_is_down(tmp_path):
    app = create_app({"TESTING": True, "TEST_SCHEMA": False, "SECRET_KEY": "k",
                      "PHONE_HMAC_KEY": "p",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite'}"})
    response = app.test_client().get("/ru/q/article")
    assert response.status_code == 503
    assert "Извините, сервис сейчас недоступен" in response.get_data(as_text=True)
    assert_headers(response)


def test_the_act_has_the_article_question_first():
    assert rules.default_act().questions[0].id == "article"  # begin() relies on it
