"""Steps a person takes in the browser, shared by the browser and accessibility tests."""

from __future__ import annotations

import rules
from rules import UNKNOWN
from tests.web.conftest import web_value

RELEASED = {"article": "unknown", "stage": "sentenced_before", "offence_kind": "none",
            "category": "medium", "criminal_group": "no", "damage": "repaid"}
PENDING = {"article": "unknown", "stage": "pending", "offence_date": "before",
           "offence_kind": "none", "category": "minor", "criminal_group": "no"}


def question_id(page) -> str:
    return page.url.rsplit("/q/", 1)[1]


def answer(page, value) -> None:
    """Choose the radio, or type into the text input ("I don't know" is then its own button).
    Returns once the next page has loaded: a click alone may return before the navigation
    starts, and the next step would read the old page."""
    value = web_value(value)
    button = "form button.button:not(.secondary)"
    if page.locator('input[name="answer"][type="radio"]').count():
        page.check(f'input[name="answer"][value="{value}"]')
    elif value == UNKNOWN:
        button = 'form button[name="unknown"]'
    else:
        page.fill('input[name="answer"]', value)
    with page.expect_navigation():
        page.click(button)


def start(page, lang: str) -> None:
    page.goto(f"/{lang}/")
    with page.expect_navigation():
        page.click("a.button.start")


def answer_all(page, answers: dict) -> list[str]:
    """Answer the questions the flow asks until "check your answers"; return their ids."""
    asked = []
    while "/q/" in page.url:
        asked.append(question_id(page))
        answer(page, answers[asked[-1]])
    return asked


def complete(page, lang: str, answers: dict) -> list[str]:
    start(page, lang)
    asked = answer_all(page, answers)
    assert page.url.endswith(f"/{lang}/check-answers")
    return asked


def expected(answers: dict):
    return rules.next_step(rules.default_act(), {k: web_value(v) for k, v in answers.items()})
