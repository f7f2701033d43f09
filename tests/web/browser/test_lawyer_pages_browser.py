"""The lawyers' pages in a real browser: a CSV assessed from the upload page with JavaScript
off (the file comes back as a download), the sheet reached from the result page, and axe-core
finding no WCAG 2.2 A/AA violation on any kind of lawyers' page, in each language."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import rules
from tests.web.browser.flows import RELEASED, complete
from tests.web.browser.test_axe import assert_accessible

ACT = rules.default_act()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_kind_of_lawyers_page_has_no_accessibility_violation(axe_page, lang):
    page = axe_page
    base = f"/{lang}/rules/{ACT.id}"
    for path in (f"/{lang}/rules/", base, f"{base}/questions", f"{base}/exclusions",
                 f"{base}/provisions/B1.1", f"{base}/next-steps", f"/{lang}/batch"):
        page.goto(path)
        assert_accessible(page, path)
    page.click("form button.button")  # no file chosen: the page with its error
    assert_accessible(page, "batch with an error")


def test_a_lawyer_assesses_a_csv_from_the_browser_without_javascript(page, tmp_path):
    clients = tmp_path / "clients.csv"
    clients.write_text("ref;article;stage;damage\nC-1;ч. 2 ст. 190;sentenced_before;repaid\n"
                       "C-2;190-1;in prison;\n", encoding="utf-8")
    page.goto("/ru/batch")
    page.set_input_files("#clients", str(clients))
    with page.expect_download() as download:
        page.click("form button.button")
    assert download.value.suggested_filename == "clients-results.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0]["outcome"] == "release_from_punishment"
    assert rows[1]["errors"].startswith("stage:")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_sheet_is_reached_from_the_result_page_and_prints_on_one_a4_page(page, lang):
    complete(page, lang, RELEASED)
    page.click(f'a.button[href="/{lang}/result"]')
    page.click(f'a[href="/{lang}/sheet"]')
    assert page.url.endswith(f"/{lang}/sheet")
    assert page.locator("blockquote").count() == 1
    page.emulate_media(media="print")
    assert not page.locator("header.header").is_visible()
    pdf = page.pdf(format="A4", print_background=True)  # as the browser's "Save as PDF"
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the sheet fits one A4 page"
