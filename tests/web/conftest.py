"""Web test fixtures: every page a test client fetches passes the site-wide checks.

`client` is a test client whose every HTML response is checked (GOV.UK Notify's
`client_request` idea): a title, exactly one h1, no duplicate ids, `<html lang>` set to the
page's language, HTML + CSS within 20 KB, no stack trace. Helpers answer questions the way a
browser does, CSRF token included.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient

import rules
from rules.derivers import Derivation, register
from rules.messages import N_, AnswerError
from rules.model import Message

ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "web" / "static" / "app.css"
PAGE_BUDGET = 20 * 1024
LANGUAGES = ("kk", "ru", "en")


class Page(HTMLParser):
    """What the site-wide checks look at in a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lang, self.title, self.h1, self.ids, self.css = None, "", 0, [], []
        self.text, self._in_title = [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        self._in_title = tag == "title"
        self.h1 += tag == "h1"
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.css.append(a["href"])

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text.append(data)


def check_page(path: str, html: str) -> Page:
    page = Page(html)
    first = path.strip("/").split("/", 1)[0]
    expected = first if first in LANGUAGES else None
    assert page.title.strip(), f"{path}: no title"
    assert page.h1 == 1, f"{path}: {page.h1} h1 elements"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"{path}: duplicate ids {duplicates}"
    assert page.lang in LANGUAGES and page.lang == (expected or page.lang), (path, page.lang)
    assert all(href.startswith("/assets/app.css") for href in page.css)
    weight = len(html.encode()) + len(page.css) * CSS.stat().st_size
    assert weight <= PAGE_BUDGET, f"{path}: {weight} bytes of HTML and CSS"
    assert "Traceback" not in html and "File \"" not in html
    assert 'style="' not in html and "<script" not in html  # a strict CSP will follow
    return page


class CheckedClient(FlaskClient):
    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        # Every page a person can see; a redirect's body is Werkzeug's and never shown.
        if response.mimetype == "text/html" and not response.status_code // 100 == 3:
            check_page(response.request.path, response.get_data(as_text=True))
        return response


@pytest.fixture
def client(app):
    app.test_client_class = CheckedClient
    return app.test_client()


# -- answering like a browser ---------------------------------------------------------------

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(client, url: str) -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def post(client, url: str, data: dict | None = None, page: str | None = None):
    """POST a form as a browser would: with the CSRF token of the page it was on."""
    return client.post(url, data={**(data or {}), "csrf_token": token(client, page or url)})


def web_value(value) -> str:
    """An answer as a form sends it (YAML reads yes/no as booleans)."""
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else str(value)


def begin(client, lang: str, stage: str | None = None, article: str | None = None):
    """Start a check of the real act as a person would: answer its first question, the article
    ("I don't know", the form's second button, unless `article` is given), then the stage
    question if `stage` is given. Returns the response to the last answer."""
    act = rules.default_act()
    first = act.questions[0].id
    assert first == "article" and rules.next_step(act, {}).question.id == first
    response = post(client, f"/{lang}/q/{first}",
                    {"answer": article} if article else {"answer": "", "unknown": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    if stage is not None:
        assert response.headers["Location"] == f"/{lang}/q/stage"
        response = post(client, f"/{lang}/q/stage", {"answer": stage})
        assert response.status_code == 302, response.get_data(as_text=True)
    return response


def play(client, lang: str, answers: dict) -> list[str]:
    """Answer every question the flow asks from `answers`; return the question ids asked.
    Ends on "check your answers"."""
    response = client.get(f"/{lang}/q/{rules.default_act().questions[0].id}")
    url, asked = response.request.path, []
    while "/q/" in url:
        qid = url.rsplit("/", 1)[1]
        asked.append(qid)
        response = post(client, url, {"answer": web_value(answers[qid])})
        assert response.status_code == 302, response.get_data(as_text=True)
        url = response.headers["Location"]
    assert url == f"/{lang}/check-answers"
    return asked


def legal_cases() -> list:
    path = ROOT / "tests" / "rules" / "cases" / "kz-2025-195-viii.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


# -- a tiny act with every question type ----------------------------------------------------

TINY_WEB_ACT = """
id: tiny-web
number: "1"
title: "Tiny web act"
short_title: "Tiny"
signed: 2025-01-01
in_force: {value: 2025-01-02, evidence: T, reference: "Art. 9"}
source: https://example.org/tiny
version: "1"
court_note: "A court decides."
parameters:
  cutoff: {value: 2025-01-02, evidence: T, reference: "Art. 9"}
  adult: {value: 18, evidence: T, reference: "Art. 1"}
facts:
  grave: {values: [yes, no], label: "Whether the offence is grave"}
questions:
  - {id: article, type: article, deriver: web-test-article, text: "Which article?"}
  - {id: age, type: number, text: "How old?", unknown: false}
  - {id: day, type: date, text: "When?", help: "The day of the offence."}
  - {id: paid, type: yes_no, text: "Paid?"}
blockers:
  - {id: grave, title: "Grave", article: "Art. 5", evidence: CC, explanation: "Grave ones are
     excluded.", when: {grave: yes}, outcome: not_covered}
  - {id: young, title: "Young", article: "Art. 6", evidence: T, explanation: "Minors are
     excluded.", when: {fact: age, lt: $adult}, outcome: not_covered}
benefits:
  - {id: release, title: "Release", article: "Art. 2", evidence: T, explanation: "Paid ones
     before the cutoff are released.", when: {all: [{paid: yes}, {fact: day, before: $cutoff}]},
     outcome: release_from_punishment}
  - {id: none, title: "Nothing", article: "Art. 4", evidence: I, explanation: "Nothing applies.",
     when: always, outcome: not_covered}
"""


class ArticleDeriver:
    """Reads "123" or "123-2"; articles from 900 are grave; 555 is unknown (a notice)."""

    provides = frozenset({"grave"})
    version = "test"

    def parse(self, text: str) -> str:
        if not re.fullmatch(r"\d{1,3}(-\d)?", text.strip()):
            raise AnswerError("article", N_("Write the article as text, for example 190-2."))
        return text.strip()

    def derive(self, value: str) -> Derivation:
        if value == "555":
            return Derivation({}, Message("Article 555 is not in the Criminal Code."))
        return Derivation({"grave": "yes" if value.startswith("9") else "no"})


@pytest.fixture
def tiny_app(app, tmp_path, monkeypatch):
    """The app asking the tiny act's questions (article, number, date, yes/no)."""
    register("web-test-article", ArticleDeriver())
    path = tmp_path / "tiny-web.yaml"
    path.write_text(TINY_WEB_ACT, encoding="utf-8")
    monkeypatch.setitem(rules.acts(), "tiny-web", rules.load_act(path))
    app.config["WEB_ACT"] = "tiny-web"
    return app


@pytest.fixture
def tiny_client(tiny_app):
    tiny_app.test_client_class = CheckedClient
    return tiny_app.test_client()
