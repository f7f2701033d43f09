"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the start page, a question (as
asked, and with an error), "check your answers" and the result, in each language."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.web.browser.flows import RELEASED, answer_all, start

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                               "wcag22aa"]},
        "resultTypes": ["violations"]}
axe = Axe()


def assert_accessible(page, name: str) -> None:
    results = axe.run(page, options=WCAG)
    assert results.violations_count == 0, f"{name} ({page.url}):\n{results.generate_report()}"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_kind_of_page_has_no_accessibility_violation(axe_page, lang):
    page = axe_page
    page.goto(f"/{lang}/")
    assert_accessible(page, "start")
    start(page, lang)
    assert_accessible(page, "question")
    page.click("form button.button")
    assert_accessible(page, "question with an error")
    answer_all(page, RELEASED)
    assert_accessible(page, "check your answers")
    page.click(f'a.button[href="/{lang}/result"]')
    assert_accessible(page, "result")
    page.goto(f"/{lang}/resume")
    assert_accessible(page, "resume")
    page.goto(f"/{lang}/no-such-page")
    assert_accessible(page, "not found")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_operator_statistics_have_no_accessibility_violation(axe_page, lang):
    page = axe_page
    start(page, lang)
    answer_all(page, RELEASED)  # something to count
    for path in ("/ops/stats", "/ops/stats/questions"):
        page.goto(f"{path}?ui={lang}")
        assert page.locator("svg").count() >= 1
        assert_accessible(page, path)


def test_the_check_itself_sees_a_violation_when_there_is_one(axe_page):
    axe_page.set_content('<html><head><title>t</title></head><body><main><img src="x.png">'
                         '<input type="radio"></main></body></html>')
    assert axe.run(axe_page, options=WCAG).violations_count >= 2  # html lang, alt, label
