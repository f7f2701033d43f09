"""The questionnaire's pages through the Flask test client (site-wide checks on every page)."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, format_date, gettext
from markupsafe import escape

import rules
from rules import Verdict
from tests.web.conftest import begin, legal_cases, play, post
from web import present, store

FIRST = rules.next_step(rules.default_act(), {}).question.id
MEDIUM_UNPAID = {"article": "unknown", "stage": "sentenced_before", "offence_kind": "none",
                 "category": "medium", "criminal_group": "no", "damage": "unpaid",
                 "civil_claim": "yes", "remaining_term": "no", "sex": "woman",
                 "vulnerable_woman": "woman_50"}


def tr(app, lang: str, msgid: str, **params) -> str:
    with app.test_request_context(), force_locale(lang):
        return gettext(msgid, **params)


def esc(text: str) -> str:
    return str(escape(text))


def html(response) -> str:
    return response.get_data(as_text=True)


def check_of(app, client) -> store.Check:
    with client.session_transaction() as s:
        check_id = s["check"]
    with app.app_context():
        return store.get(check_id)


@pytest.mark.parametrize(("header", "lang"), [
    ("kk-KZ,ru;q=0.8", "kk"),
    ("ru-KZ,kk;q=0.5", "ru"),
    ("en-GB,en;q=0.9", "en"),
    ("de-DE,de;q=0.9", "kk"),
    (None, "kk"),
])
def test_the_root_negotiates_the_language(client, header, lang):
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{lang}/"
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_the_root_prefers_the_language_of_the_check_in_progress(client):
    begin(client, "ru")
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.headers["Location"] == "/ru/"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_start_page_explains_the_check_in_the_pages_language(app, client, lang):
    page = html(client.get(f"/{lang}/"))
    for msgid in ("The court decides", "Anonymous", "Start now",
                  "Does the 2025 amnesty cover you or your relative?"):
        assert tr(app, lang, msgid) in page
    assert f'href="/{lang}/q/{FIRST}"' in page
    assert tr(app, lang, "%(num)s hour", num=24).split()[0] in page
    if lang != "en":
        assert "Start now" not in page


def test_reading_pages_stores_nothing(app, client):
    client.get("/kk/")
    client.get(f"/kk/q/{FIRST}")
    with app.app_context():
        assert store.purge(store.utcnow().replace(year=9999)) == 0


def test_the_language_switcher_names_each_language_in_itself_and_keeps_the_page(client):
    page = html(client.get(f"/ru/q/{FIRST}"))
    assert f'<a href="/kk/q/{FIRST}" lang="kk" hreflang="kk">Қазақша</a>' in page
    assert f'<a href="/ru/q/{FIRST}" lang="ru" hreflang="ru" aria-current="true">Русский</a>' \
        in page
    assert f'<a href="/en/q/{FIRST}" lang="en" hreflang="en">English</a>' in page


def test_a_question_page_shows_the_question_its_progress_and_a_back_link(app, client):
    page = html(client.get(f"/en/q/{FIRST}"))
    step = rules.next_step(rules.default_act(), {})
    assert ('<h1><label for="answer">Which article of the Criminal Code is the case about?'
            '</label></h1>') in page
    assert "Question 1." in page
    assert f"At most {step.remaining_max - 1} more questions, often fewer." in page
    assert '<a class="back" href="/en/">Back</a>' in page
    assert """<button class="button secondary" name="unknown" value="y">I don't know""" in page
    begin(client, "en")
    page = html(client.get("/en/q/stage"))
    step = rules.next_step(rules.default_act(), {FIRST: "unknown"})
    assert "<legend><h1>What is the situation of the case now?</h1></legend>" in page
    assert "Question 2." in page
    assert f"At most {step.remaining_max - 1} more questions, often fewer." in page
    assert f'<a class="back" href="/en/q/{FIRST}">Back</a>' in page
    assert page.count('type="radio"') == len(step.question.options)  # no "I don't know" here


def test_i_dont_know_is_the_last_radio_after_an_or(client):
    begin(client, "en", stage="sentenced_before")
    page = html(client.get("/en/q/offence_kind"))
    radios = re.findall(r'type="radio" value="(\w+)"', page)
    assert radios[-1] == "unknown"
    assert page.index('<p class="or">or</p>') < page.index('value="unknown"')


def test_an_answer_is_stored_and_redirects_to_the_next_question(app, client):
    response = post(client, f"/en/q/{FIRST}", {"answer": "190-2"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/q/stage"
    assert check_of(app, client).answers == {"article": "190/2"}  # as the engine reads it
    response = post(client, "/en/q/stage", {"answer": "sentenced_before"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/q/damage"
    assert check_of(app, client).answers == {"article": "190/2", "stage": "sentenced_before"}
    assert "Question 3." in html(client.get("/en/q/damage"))
    assert '<a class="back" href="/en/q/stage">Back</a>' in html(client.get("/en/q/damage"))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_missing_answer_shows_the_question_again_with_an_error_in_the_language(
        app, client, lang):
    begin(client, lang)
    response = post(client, f"/{lang}/q/stage", {})
    page = html(response)
    assert response.status_code == 200
    message = tr(app, lang, "Select one answer.")
    assert f'<ul><li><a href="#answer-0">{message}</a></li></ul>' in page  # the summary
    assert '<p id="answer-error" class="error-message">' in page
    assert 'aria-describedby="answer-hint answer-error"' in page
    assert f"<title>{tr(app, lang, 'Error:')} " in page
    assert 'class="group group-error"' in page


def test_an_answer_that_is_not_an_option_is_refused(client):
    begin(client, "en")
    response = post(client, "/en/q/stage", {"answer": "invented"})
    assert response.status_code == 200
    assert "Select one answer." in html(response)


def test_i_dont_know_is_refused_where_the_question_does_not_allow_it(client):
    begin(client, "en")
    response = post(client, "/en/q/stage", {"answer": "unknown"})
    assert response.status_code == 200
    assert 'class="error-summary"' in html(response)


@pytest.mark.parametrize("url", ["/en/q/damage", "/en/q/no-such-question", "/en/check-answers",
                                 "/en/result"])
def test_a_page_that_is_not_reached_yet_redirects_to_the_current_question(client, url):
    begin(client, "en", stage="sentenced_before")
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/q/offence_kind"


def test_check_your_answers_lists_every_answer_in_order_with_a_change_link(app, client):
    asked = play(client, "en", MEDIUM_UNPAID)
    page = html(client.get("/en/check-answers"))
    act = rules.default_act()
    positions = []
    for qid in asked:
        with app.test_request_context(), force_locale("en"):
            text = present.text(act, act.question(qid).text)
        positions.append(page.index(f"<dt>{esc(text)}</dt>"))
        assert f'<a href="/en/q/{qid}">Change<span class="vh"> {esc(text)}</span></a>' in page
    assert positions == sorted(positions)
    assert "<dd>A woman</dd>" in page
    assert '<a class="button" href="/en/result">See the result</a>' in page
    assert f'<a class="back" href="/en/q/{asked[-1]}">Back</a>' in page


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_result_is_cited_stamped_dated_and_says_the_court_decides(app, client, lang):
    play(client, lang, MEDIUM_UNPAID)
    page = html(client.get(f"/{lang}/result"))
    act = rules.default_act()
    verdict = rules.next_step(act, MEDIUM_UNPAID)
    assert isinstance(verdict, Verdict)
    with app.test_request_context(), force_locale(lang):
        assert f"<h1>{esc(present.outcome_title(verdict))}</h1>" in page
        for provision in verdict.provisions:
            assert f'<p class="cite">{esc(present.citation(act, provision))}</p>' in page
        assert esc(present.text(act, act.court_note)) in page
        assert esc(present.stamp(act)) in page
        assert format_date(store.utcnow(), "long") in page
        for step in verdict.next_steps:
            assert esc(present.text(act, step)) in page
    assert 'class="panel panel-yes"' in page
    assert f'<a class="back" href="/{lang}/check-answers">{tr(app, lang, "Back")}</a>' in page


def test_an_undetermined_result_says_what_would_change_it(app, client):
    case = next(c for c in legal_cases() if c["expect"]["outcome"] == "undetermined"
                and c["expect"].get("depends_on"))
    play(client, "en", case["answers"])
    page = html(client.get("/en/result"))
    verdict = rules.next_step(rules.default_act(), case["answers"])
    assert "<h2>What would change the answer</h2>" in page
    with app.test_request_context(), force_locale("en"):
        for item in verdict.depends_on:
            head, lines = present.dependency_lines(rules.default_act(), item)
            assert f"<h3>{esc(head)}</h3>" in page
            for line in lines:
                assert f"<li>{esc(line)}</li>" in page
    assert 'class="panel panel-maybe"' in page


def test_changing_an_answer_drops_the_answers_that_no_longer_apply(app, client):
    answers = {"article": "unknown", "stage": "pending", "offence_date": "before",
               "offence_kind": "none", "category": "minor", "criminal_group": "no"}
    play(client, "en", answers)
    assert list(check_of(app, client).answers) == list(answers)
    page = html(client.get("/en/q/stage"))
    assert 'value="pending" checked' in page  # the stored answer is selected
    assert "Question 2." in page
    response = post(client, "/en/q/stage", {"answer": "sentenced_before"})
    # "sentenced before" settles the offence date: that question is no longer asked
    stored = check_of(app, client).answers
    assert "offence_date" not in stored and stored["stage"] == "sentenced_before"
    assert response.headers["Location"] in ("/en/check-answers", "/en/q/offence_kind")


def test_changing_an_answer_to_the_same_value_keeps_the_rest(app, client):
    play(client, "en", MEDIUM_UNPAID)
    response = post(client, "/en/q/damage", {"answer": "unpaid"})
    assert response.headers["Location"] == "/en/check-answers"
    assert check_of(app, client).answers == MEDIUM_UNPAID


def test_switching_language_mid_flow_keeps_the_answers_and_the_question(app, client):
    begin(client, "kk", stage="sentenced_before")
    before = check_of(app, client)
    page = html(client.get("/ru/q/offence_kind"))
    assert "Вопрос 3." in page
    assert before.code[:4] in page
    after = check_of(app, client)
    assert after.id == before.id and after.answers == before.answers and after.lang == "ru"


def test_the_resume_code_is_shown_on_every_page_once_there_are_answers(app, client):
    play(client, "en", MEDIUM_UNPAID)
    code = check_of(app, client).code
    for url in ("/en/", f"/en/q/{FIRST}", "/en/q/stage", "/en/check-answers", "/en/result",
                "/en/resume"):
        assert f'<strong class="code">{code[:4]}-{code[4:]}</strong>' in html(client.get(url))


def test_start_again_deletes_the_check_and_its_answers(app, client):
    play(client, "en", MEDIUM_UNPAID)
    old = check_of(app, client)
    response = post(client, "/en/restart", page="/en/result")
    assert response.headers["Location"] == f"/en/q/{FIRST}"
    with app.app_context():
        assert store.by_code(old.code) is None
    with client.session_transaction() as s:
        assert "check" not in s


def test_the_start_page_offers_to_continue_a_check_in_progress(client):
    begin(client, "en", stage="sentenced_before")
    page = html(client.get("/en/"))
    assert '<a class="button start" href="/en/q/offence_kind">Continue</a>' in page
    assert 'action="/en/restart"' in page


def test_the_stylesheet_is_cached_for_a_year_under_a_versioned_url(client):
    href = re.search(r'href="(/assets/app.css\?v=\w+)"', html(client.get("/en/"))).group(1)
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.cache_control.max_age == 365 * 24 * 3600
    response.close()


def test_a_remembered_page_is_never_shown_for_another_question_or_person(app, client):
    begin(client, "en", stage="pending")
    assert "When was the offence committed?" in html(client.get("/en/q/offence_date"))
    page = html(client.get("/en/q/stage"))
    assert "What is the situation of the case now?" in page and 'value="pending" checked' in page
    other = app.test_client()
    begin(other, "en", stage="pending")
    mine, theirs = html(client.get("/en/q/offence_date")), html(other.get("/en/q/offence_date"))
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    code = re.compile(r'<strong class="code">([^<]+)</strong>')
    assert token.search(mine).group(1) != token.search(theirs).group(1)
    assert code.search(mine).group(1) != code.search(theirs).group(1)
    assert len(app.extensions["web_pages"]) >= 2


def test_pages_are_not_remembered_when_the_cache_is_off(app, client):
    app.config["WEB_PAGE_CACHE"] = 0
    client.get(f"/en/q/{FIRST}")
    assert app.extensions["web_pages"] == {}
