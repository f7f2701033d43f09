"""Every legal case of Law 195-VIII, answered through the web pages in kk, ru and en: the
questions asked, the answers listed and the verdict shown are the engine's own.

Every page passes the site-wide checks (tests/web/conftest.py), 20 KB budget included. The
budget is also checked against a pseudo-translation in which every text is Cyrillic (two bytes
a letter in UTF-8) and a third longer than the English: the act's own texts are still being
translated, and the real kk/ru pages must stay within budget when they are.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.mofile import write_mo
from flask_babel import force_locale
from markupsafe import escape

import rules
from app import create_app
from tests import database
from tests.web.conftest import CheckedClient, legal_cases, play, web_value
from web import catalogs, i18n, present

CASES = legal_cases()
ACT = rules.default_act()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_legal_case_through_the_web(app, client, case, lang):
    asked = play(client, lang, case["answers"])
    answers = {qid: web_value(case["answers"][qid]) for qid in asked}
    assert set(answers) == set(case["answers"])  # no question skipped, none added
    check = client.get(f"/{lang}/check-answers").get_data(as_text=True)
    assert check.count('<dd class="change">') == len(asked)
    result = client.get(f"/{lang}/result").get_data(as_text=True)
    verdict = rules.next_step(ACT, answers)
    assert verdict.outcome == case["expect"]["outcome"]
    with app.test_request_context(), force_locale(lang):
        assert f"<h1>{escape(present.outcome_title(verdict))}</h1>" in result
        for provision in verdict.provisions:
            assert str(escape(present.citation(ACT, provision))) in result


# -- the 20 KB budget, with every text in (pseudo) Cyrillic -------------------------------------

PLACEHOLDER = re.compile(r"(%\(\w+\)s)")
LATIN, CYRILLIC = "abcdefghijklmnopqrstuvwxyz", "абсдефгхийклмнопкрстуввхуз"


def pseudo(text: str) -> str:
    parts = PLACEHOLDER.split(text)
    out = "".join(p if PLACEHOLDER.fullmatch(p) else p.lower().translate(
        str.maketrans(LATIN, CYRILLIC)) for p in parts)
    return out + " ж" * (len(text) // 6)  # a third longer (two characters every six)


@pytest.fixture(scope="module")
def pseudo_translations(tmp_path_factory):
    catalog = catalogs.read(catalogs.TRANSLATIONS / "ru" / "LC_MESSAGES" / "messages.po", "ru")
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            message.string = tuple(pseudo(ids[-1]) for _ in range(3)) if isinstance(
                message.id, tuple) else pseudo(message.id)
    root = tmp_path_factory.mktemp("pseudo")
    (root / "ru" / "LC_MESSAGES").mkdir(parents=True)
    with (root / "ru" / "LC_MESSAGES" / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    forget_loaded_catalogs()
    yield root
    forget_loaded_catalogs()


def forget_loaded_catalogs() -> None:
    """Flask-Babel keeps the catalogs it loaded per process, whatever the app."""
    domain = i18n.babel.__dict__.get("domain_instance")  # a cached_property, made on first use
    if domain is not None:
        domain.cache.clear()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_page_stays_within_budget_when_all_text_is_cyrillic(
        tmp_path, pseudo_translations, case):
    app = create_app({"TESTING": True, "DATABASE_URL": database.url(tmp_path, "p.sqlite"),
                      "SECRET_KEY": "test", "PHONE_HMAC_KEY": "test",
                      "BABEL_TRANSLATION_DIRECTORIES": str(pseudo_translations)})
    app.test_client_class = CheckedClient
    client = app.test_client()
    assert "схеск" in client.get("/ru/").get_data(as_text=True)  # pseudo "check": in use
    play(client, "ru", case["answers"])
    for url in ("/ru/check-answers", "/ru/result", "/ru/resume", "/ru/no-such-page"):
        client.get(url)  # the site-wide checks weigh each page
