"""The questionnaire in Chromium with JavaScript off: complete it in kk, ru and en, change an
answer, switch language mid-flow, resume by code on another device, print the result."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

import rules
from tests.web.browser.flows import PENDING, RELEASED, answer, complete, expected, start
from web import present

ACT = rules.default_act()


def outcome_title(app_context_lang: str, verdict) -> str:
    from app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x",
                      "PHONE_HMAC_KEY": "y"})
    with app.test_request_context(), force_locale(app_context_lang):
        return present.outcome_title(verdict), [present.citation(ACT, p)
                                                for p in verdict.provisions]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_cited_verdict_in_each_language_with_javascript_off(page, lang):
    asked = complete(page, lang, RELEASED)
    assert asked == list(RELEASED)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("dl.summary > div").count() == len(RELEASED)
    page.click(f'a.button[href="/{lang}/result"]')
    title, citations = outcome_title(lang, expected(RELEASED))
    assert page.locator("h1").inner_text() == title
    for citation in citations:
        assert citation in page.locator("p.cite").all_inner_texts()
    assert page.locator("p.court").count() == 1
    assert page.locator("strong.code").count() == 1


def test_changing_an_answer_drops_the_answers_that_no_longer_apply(page):
    complete(page, "en", PENDING)
    assert page.locator("dt", has_text="When was the offence committed?").count() == 1
    page.click('a[href="/en/q/stage"]')
    assert page.is_checked('input[value="pending"]')
    answer(page, "sentenced_before")
    assert page.url.endswith("/en/check-answers")
    assert page.locator("dt", has_text="When was the offence committed?").count() == 0
    assert page.locator("dl.summary > div").count() == len(PENDING) - 1


def test_going_back_shows_the_answer_given(page):
    start(page, "en")
    answer(page, "190-2")
    answer(page, "sentenced_before")
    page.click("a.back")
    assert page.url.endswith("/en/q/stage")
    assert page.is_checked('input[value="sentenced_before"]')
    page.click("a.back")
    assert page.url.endswith("/en/q/article")
    assert page.input_value('input[name="answer"]') == "190/2"  # as the engine read it


def test_switching_language_mid_flow_keeps_the_answers_and_the_question(page):
    start(page, "kk")
    answer(page, "unknown")
    answer(page, "sentenced_before")
    answer(page, "none")
    question = page.url.rsplit("/", 1)[1]
    code = page.locator("strong.code").inner_text()
    page.click('nav.langs a[lang="ru"]')
    assert page.url.endswith(f"/ru/q/{question}")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("strong.code").inner_text() == code
    assert "Вопрос 4" in page.locator("p.caption").inner_text()
    page.click("a.back")
    assert page.is_checked('input[value="none"]')


def test_an_error_is_summarised_and_linked_to_the_field(page):
    start(page, "ru")
    page.click("form button.button")
    assert page.locator(".error-summary").is_visible()
    page.click(".error-summary a")
    assert page.url.endswith("#answer")  # the first question's text input
    assert page.title().startswith("Ошибка:")


def test_resume_by_code_on_another_device(page, browser, live_server):
    start(page, "en")
    answer(page, "unknown")
    answer(page, "sentenced_before")
    question = page.url.rsplit("/", 1)[1]
    code = page.locator("strong.code").inner_text()
    for opening in ("form", "link"):
        other = browser.new_context(base_url=live_server, java_script_enabled=False)
        phone = other.new_page()
        if opening == "form":
            phone.goto("/ru/")
            phone.click('footer a[href="/ru/resume"]')
            phone.fill("#code", code.lower())
            phone.click("form button.button")
            assert phone.url.endswith(f"/ru/q/{question}")
        else:
            phone.goto(f"/r/{code.replace('-', '')}")
            assert re.search(rf"/(en|ru)/q/{question}$", phone.url)
        assert phone.locator("strong.code").inner_text() == code
        other.close()


def test_the_page_works_at_320_pixels_without_sideways_scrolling(page):
    complete(page, "kk", RELEASED)
    page.click('a.button[href="/kk/result"]')
    for url in ("/kk/", "/kk/q/article", "/kk/q/stage", "/kk/check-answers", "/kk/result"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


@pytest.mark.parametrize("answers", [RELEASED, PENDING])
def test_the_result_prints_on_one_sheet(page, answers, tmp_path):
    complete(page, "ru", answers)
    page.click('a.button[href="/ru/result"]')
    pdf = page.pdf(format="A4", path=tmp_path / "result.pdf")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
