"""Error pages: in the page's language, never a stack trace."""

from __future__ import annotations

import pytest

import rules
from tests.web.conftest import CheckedClient, post

FIRST = rules.next_step(rules.default_act(), {}).question.id


@pytest.mark.parametrize(("url", "lang", "title"), [
    ("/kk/no-such-page", "kk", "Бет табылмады"),
    ("/ru/no-such-page", "ru", "Страница не найдена"),
    ("/en/q/stage/extra", "en", "Page not found"),
    ("/xx/", "kk", "Бет табылмады"),  # not a language: negotiated (nothing asked: Kazakh)
])
def test_unknown_urls_give_a_translated_404(client, url, lang, title):
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html and f"<h1>{title}</h1>" in html


def test_a_404_outside_the_questionnaire_follows_accept_language(client):
    response = client.get("/nope", headers={"Accept-Language": "ru-RU,ru;q=0.9"},
                          follow_redirects=True)
    assert "<h1>Страница не найдена</h1>" in response.get_data(as_text=True)


def test_a_wrong_method_gives_a_translated_405(client):
    response = client.get("/ru/restart")
    assert response.status_code == 405
    assert "<h1>Эту страницу нельзя использовать таким образом</h1>" in response.get_data(
        as_text=True)
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("data", [{}, {"csrf_token": "forged"}])
def test_a_form_without_a_valid_csrf_token_is_refused(app, client, data):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    client.get(f"/ru/q/{FIRST}")
    response = client.post(f"/ru/q/{FIRST}", data={"answer": "190-1", **data})
    assert response.status_code == 400
    assert "<h1>Срок действия страницы истёк</h1>" in response.get_data(as_text=True)
    response = client.post("/ru/restart", data=data)
    assert response.status_code == 400


def test_a_valid_csrf_token_is_accepted(client):
    assert post(client, f"/en/q/{FIRST}", {"answer": "190-1"}).status_code == 302


def test_a_body_too_large_is_refused(client):
    response = client.post(f"/en/q/{FIRST}", data={"answer": "x" * 70_000})
    assert response.status_code == 413
    assert "too long" in response.get_data(as_text=True)


@pytest.fixture
def failing_app(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: no debugger, no trace

    @app.get("/kk/boom")
    def boom():
        raise RuntimeError("secret details")

    app.test_client_class = CheckedClient
    return app


def test_an_unexpected_error_shows_a_translated_page_and_no_stack_trace(failing_app, caplog):
    response = failing_app.test_client().get("/kk/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "<h1>Кешіріңіз, қызметте ақау шықты</h1>" in html
    assert "secret details" not in html and "RuntimeError" not in html
    assert "secret details" in caplog.text  # logged for the operators


def test_if_the_error_page_itself_fails_a_plain_page_is_sent(failing_app, monkeypatch, caplog):
    import web.errors

    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(web.errors, "render_template", broken)
    response = failing_app.test_client().get("/kk/boom")
    assert response.status_code == 500
    assert "Попробуйте позже" in response.get_data(as_text=True)
