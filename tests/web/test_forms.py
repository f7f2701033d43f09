"""Forms generated from the question's type: article (text), number, date, yes/no, choice."""

from __future__ import annotations

import pytest

from tests.web.conftest import post
from web.forms import parse_number


def page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_an_article_question_is_a_labelled_text_input(tiny_client):
    html = page(tiny_client, "/en/q/article")
    assert '<h1><label for="answer">Which article?</label></h1>' in html
    assert '<input class="input" id="answer" name="answer" type="text" value=""' in html
    assert """<button class="button secondary" name="unknown" value="y">I don't know""" in html


def test_an_article_the_engine_cannot_read_comes_back_as_an_error_on_the_field(tiny_client):
    response = post(tiny_client, "/en/q/article", {"answer": "abc"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<a href="#answer">Write the article as text, for example 190-2.</a>' in html
    assert 'class="input input-error"' in html and 'value="abc"' in html
    assert 'aria-describedby="answer-error"' in html


def test_an_empty_text_answer_is_refused(tiny_client):
    response = post(tiny_client, "/en/q/article", {"answer": "  "})
    assert "Enter your answer, or choose" in response.get_data(as_text=True)


def test_i_dont_know_is_a_second_button_on_a_text_question(tiny_client):
    response = post(tiny_client, "/en/q/article", {"answer": "", "unknown": "y"})
    assert response.headers["Location"] == "/en/q/age"


def test_a_notice_about_an_earlier_answer_is_shown_with_the_next_question(tiny_client):
    response = post(tiny_client, "/en/q/article", {"answer": "555"})
    assert response.headers["Location"] == "/en/q/age"
    assert '<div class="inset">Article 555 is not in the Criminal Code.</div>' in page(
        tiny_client, "/en/q/age")


def test_a_grave_article_ends_the_check_at_once(tiny_client):
    response = post(tiny_client, "/en/q/article", {"answer": "901"})
    assert response.headers["Location"] == "/en/check-answers"
    assert "<dd>901</dd>" in page(tiny_client, "/en/check-answers")


@pytest.mark.parametrize(("lang", "typed", "shown"), [
    ("ru", "17,5", "17,5"),
    ("kk", "1 234", "1 234"),
    ("en", "1,234.5", "1,234.5"),
])
def test_numbers_are_read_and_shown_the_way_the_language_writes_them(
        tiny_client, lang, typed, shown):
    post(tiny_client, f"/{lang}/q/article", {"answer": "100"})
    response = post(tiny_client, f"/{lang}/q/age", {"answer": typed})
    assert response.status_code == 302
    html = page(tiny_client, f"/{lang}/q/age")
    assert 'inputmode="decimal"' in html
    assert f'value="{shown.replace(",", "") if lang == "en" else shown.replace(" ", "")}"' in html


def test_a_number_question_refuses_words(tiny_client):
    post(tiny_client, "/en/q/article", {"answer": "100"})
    response = post(tiny_client, "/en/q/age", {"answer": "twelve"})
    assert "Enter a number, for example 12." in response.get_data(as_text=True)


def test_a_date_question_has_day_month_and_year_inputs_in_a_group(tiny_client):
    post(tiny_client, "/en/q/article", {"answer": "100"})
    post(tiny_client, "/en/q/age", {"answer": "30"})
    html = page(tiny_client, "/en/q/day")
    assert '<fieldset role="group" aria-describedby="answer-hint">' in html
    assert "<legend><h1>When?</h1></legend>" in html
    for part in ("day", "month", "year"):
        assert f'<label for="answer-{part}">' in html
        assert f'id="answer-{part}" name="answer-{part}" type="text" inputmode="numeric"' in html


@pytest.mark.parametrize("parts", [
    {"answer-day": "31", "answer-month": "2", "answer-year": "2024"},
    {"answer-day": "", "answer-month": "", "answer-year": ""},
    {"answer-day": "1", "answer-month": "1", "answer-year": "24"},
])
def test_an_impossible_or_missing_date_is_refused(tiny_client, parts):
    post(tiny_client, "/en/q/article", {"answer": "100"})
    post(tiny_client, "/en/q/age", {"answer": "30"})
    response = post(tiny_client, "/en/q/day", parts)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<a href="#answer-day">Enter a real date, with a day, a month and a year.</a>' in html


def test_a_full_run_through_every_question_type_gives_a_verdict(tiny_client):
    post(tiny_client, "/ru/q/article", {"answer": "100"})
    post(tiny_client, "/ru/q/age", {"answer": "30"})
    post(tiny_client, "/ru/q/day",
         {"answer-day": "1", "answer-month": "1", "answer-year": "2025"})
    response = post(tiny_client, "/ru/q/paid", {"answer": "yes"})
    assert response.headers["Location"] == "/ru/check-answers"
    answers = page(tiny_client, "/ru/check-answers")
    assert "<dd>1 января 2025\u202fг.</dd>" in answers  # a date, written the Russian way
    html = page(tiny_client, "/ru/q/day")
    assert 'value="1"' in html and 'value="2025"' in html  # the stored date, to change it
    assert page(tiny_client, "/ru/result").count('<p class="cite">') == 1


@pytest.mark.parametrize(("lang", "text", "number"), [
    ("ru", "17,5", 17.5), ("ru", "1 000", 1000), ("ru", "1\u00a0000,25", 1000.25),
    ("kk", "3", 3), ("en", "2,500", 2500), ("en", "2.5", 2.5),
])
def test_parse_number(app, lang, text, number):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale(lang):
        assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "nan", "inf", "1.2.3", "abc"])
def test_parse_number_refuses(app, text):
    with app.test_request_context(), pytest.raises(ValueError):
        parse_number(text)
