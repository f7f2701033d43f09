"""The lawyers' pages: the rules browser, the batch upload and the result sheet, in three
languages, on the site's layout. Every HTML page here goes through the site-wide checks of
tests/web/conftest.py (title, one h1, no duplicate ids, lang, HTML + CSS within 20 KB, no
script): `checked()` runs them on the body, since the test client's responses are streamed."""

from __future__ import annotations

import csv
import io
import re

import pytest

import rules
from tests.web.conftest import check_page, play, web_value
from tests.web.conftest import legal_cases as all_legal_cases
from web import legal_cases

LANGUAGES = ("kk", "ru", "en")
ACT = rules.default_act()


def checked(response):
    if response.mimetype == "text/html":
        check_page(response.request.path, response.get_data(as_text=True))
    return response


def rules_pages(act=ACT):
    base = f"/rules/{act.id}"
    pages = ["/rules/", base, f"{base}/questions", f"{base}/questions/2", f"{base}/definitions",
             f"{base}/exclusions", f"{base}/benefits", f"{base}/next-steps", "/batch"]
    return pages + [f"{base}/provisions/{p.id}" for p in act.provisions]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rules_page_renders_in_every_language(client, lang):
    for path in rules_pages():
        response = checked(client.get(f"/{lang}{path}"))
        assert response.status_code == 200, path
        assert f'lang="{lang}"' in response.get_data(as_text=True)[:200]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_rules_browser_lists_every_question_and_provision(client):
    questions = text(client.get(f"/en/rules/{ACT.id}/questions"))
    questions += text(client.get(f"/en/rules/{ACT.id}/questions/2"))
    for q in ACT.questions:
        assert q.id in questions
    seen = ""
    for group in ("definitions", "exclusions", "benefits"):
        seen += text(client.get(f"/en/rules/{ACT.id}/{group}"))
    for p in ACT.provisions:
        assert p.citation.article.split(";")[0] in seen
        assert p.explanation.split(" ")[0] in seen


def test_a_provision_page_lists_its_legal_cases_with_answers(client):
    page = text(client.get(f"/ru/rules/{ACT.id}/provisions/B1.2"))
    cases = legal_cases.by_provision(ACT.id)["B1.2"]
    assert cases
    for case in cases:
        assert case.name in page
    assert "Вероятно" in page  # the expected outcome, in Russian


def test_the_rules_pages_say_where_each_rule_comes_from(client):
    page = client.get(f"/kk/rules/{ACT.id}").get_data(as_text=True)
    assert ACT.rules_version in page and ACT.source_url in page
    for code in ("T", "N", "I", "CC"):
        assert f"<dt>{code}:" in page


def test_the_language_switcher_stays_on_the_page(client):
    page = client.get(f"/en/rules/{ACT.id}/benefits").get_data(as_text=True)
    assert f'href="/ru/rules/{ACT.id}/benefits"' in page
    assert f'href="/kk/rules/{ACT.id}/benefits"' in page


@pytest.mark.parametrize("path", ["/xx/rules/", "/en/rules/nope", f"/en/rules/{ACT.id}/nope",
                                  f"/en/rules/{ACT.id}/provisions/nope"])
def test_unknown_rules_pages_are_404(client, path):
    assert client.get(path).status_code == 404


# -- batch -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_batch_page_offers_the_template_in_each_language(client, lang):
    page = client.get(f"/{lang}/batch").get_data(as_text=True)
    for code in LANGUAGES:
        url = f"/{lang}/batch/{ACT.id}-clients-{code}.csv"
        assert url in page
        response = client.get(url)
        assert response.mimetype == "text/csv"
        assert response.get_data().startswith("\ufeff".encode())
        assert "attachment" in response.headers["Content-Disposition"]


def upload(client, data: bytes, name="clients.csv", lang="en", **kwargs):
    form = {"clients": (io.BytesIO(data), name)}
    token = csrf_token(client, lang)
    if token:
        form["csrf_token"] = token
    return client.post(f"/{lang}/batch", data=form, content_type="multipart/form-data",
                       **kwargs)


def csrf_token(client, lang) -> str | None:
    found = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(f"/{lang}/batch").get_data(as_text=True))
    return found.group(1) if found else None


def test_uploading_a_file_downloads_it_assessed(client):
    data = "ref;article;stage\nA;190-1;sentenced_before\nB;190-1;jail\n".encode("cp1251")
    response = upload(client, data, name="My clients.csv", lang="ru")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="My_clients-results.csv"' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")),
                               delimiter=";"))
    assert rows[0]["outcome"] == "release_from_punishment"
    assert rows[1]["errors"].startswith("stage: Выберите")


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "", "Choose a CSV file of clients."),
    (b"name;phone\n", "x.csv", "no column is named by a question id"),
])
def test_a_bad_upload_shows_the_problem_on_the_page(client, data, name, message):
    response = checked(upload(client, data, name=name))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'class="error-summary"' in page


def test_a_file_over_the_limit_is_refused_on_the_page(app, client):
    app.config["BATCH_MAX_CONTENT_LENGTH"] = 2000
    response = checked(upload(client, b"article\n" + b"190-1\n" * 1000))
    assert response.status_code == 413
    assert "larger than" in response.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(app, client):
    if not app.config.get("WTF_CSRF_ENABLED", True):
        pytest.skip("CSRF is off in this configuration")
    response = client.post("/en/batch", data={"clients": (io.BytesIO(b"article\n190-1\n"),
                                                          "c.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400


# -- the sheet ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_api_prints_a_sheet_for_any_answers(client, lang):
    response = client.post("/api/v1/sheet", json={"lang": lang, "answers": {
        "article": "190-2", "stage": "sentenced_before", "damage": "repaid"}})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    assert ACT.rules_version in page and "<blockquote" in page
    assert response.headers["Cache-Control"] == "no-store"


def test_the_api_sheet_refuses_bad_answers_with_json(client):
    response = client.post("/api/v1/sheet?lang=en", json={"answers": {"stage": "jail"}})
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_answer"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_sheet_for_every_legal_case_fits_the_page_budget(client, lang):
    client.application.config["RATELIMIT_ENABLED"] = False  # 123 sheets in a row
    for case in all_legal_cases():
        answers = {k: web_value(v) for k, v in case["answers"].items()}
        response = checked(client.post("/api/v1/sheet", json={"lang": lang, "answers": answers}))
        assert response.status_code == 200, case["name"]


def test_a_sparse_sheet_lists_the_open_provisions_compactly(client):
    response = checked(client.post("/api/v1/sheet", json={"lang": "ru", "answers": {
        "stage": "sentenced_before"}}))
    assert "<blockquote" not in response.get_data(as_text=True)


def test_the_result_page_links_to_the_sheet_of_the_same_check(client):
    case = next(c for c in all_legal_cases() if c["expect"]["outcome"] == "sentence_reduced")
    play(client, "ru", case["answers"])
    result = client.get("/ru/result").get_data(as_text=True)
    assert 'href="/ru/sheet"' in result
    sheet = checked(client.get("/ru/sheet"))
    page = sheet.get_data(as_text=True)
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    assert "<blockquote" in page and ACT.rules_version in page
    assert 'href="/kk/sheet"' in page  # the switcher keeps the sheet


def test_the_sheet_without_a_finished_check_goes_to_the_questionnaire(client):
    response = client.get("/en/sheet")
    assert response.status_code == 302 and "/en/q/" in response.headers["Location"]
