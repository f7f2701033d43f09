"""A conversation: language, one question per message, keywords, unclear replies, the result."""

from dataclasses import dataclass

import pytest
from flask_babel import force_locale

import rules
from rules import Ask, derivers
from rules.derivers import Derivation
from rules.messages import N_, AnswerError
from rules.model import Message
from sms import keywords, segments, texts
from sms.keywords import ACTIONS, KEYWORDS
from tests.sms.helpers import saved
from web import db
from web.store import Check


def render(app, lang, make):
    """A text as the channel renders it in a language."""
    with app.app_context(), force_locale(lang):
        return make()


def question(app, lang, qid, act=None):
    act = act or rules.default_act()
    return render(app, lang, lambda: texts.question(act, Ask(act.question(qid), 1, 1)))


def plain(phone, greeting="Hello"):
    """Start, and answer the article question with 0 ("I don't know"): the plain-language
    questions follow, the case's stage first."""
    phone.text(greeting)
    return phone.text("0")


# -- language ---------------------------------------------------------------------------------


def test_a_first_message_that_does_not_say_the_language_gets_the_menu(sms_app, phone):
    assert phone.text("🙂") == [render(sms_app, "en", texts.menu)]
    assert saved(sms_app, phone)["state"]["stage"] == "language"
    assert phone.text("ok?") == [question(sms_app, "en", "article")]  # Latin words: English
    assert phone.text("0") == [question(sms_app, "en", "stage")]  # no longer a menu choice
    assert saved(sms_app, phone)["lang"] == "en"


@pytest.mark.parametrize(("choice", "lang"), [("1", "kk"), ("2", "ru"), ("3", "en"),
                                              ("Русский", "ru"), ("KZ", "kk")])
def test_the_menu_chooses_the_language(sms_app, phone, choice, lang):
    phone.text("🙂")
    assert phone.text(choice) == [question(sms_app, lang, "article")]
    assert saved(sms_app, phone)["lang"] == lang


@pytest.mark.parametrize(("first", "lang"), [("Сәлеметсіз бе", "kk"), ("Здравствуйте", "ru"),
                                             ("Hello, amnesty?", "en")])
def test_a_first_message_in_a_language_starts_the_questions_in_it(sms_app, phone, first, lang):
    assert phone.text(first) == [question(sms_app, lang, "article")]
    assert saved(sms_app, phone)["lang"] == lang


def test_an_unclear_menu_reply_gets_the_menu_again(sms_app, phone):
    phone.text("🙂")
    assert phone.text("9") == [render(sms_app, "en", texts.menu)]


# -- questions and answers ----------------------------------------------------------------------


def test_each_question_is_one_message_and_numbers_answer_it(sms_app, phone):
    assert plain(phone) == [question(sms_app, "en", "stage")]
    assert phone.text("2") == [question(sms_app, "en", "offence_kind")]
    assert phone.text("8") == [question(sms_app, "en", "category")]
    assert saved(sms_app, phone)["answers"] == {"article": "unknown",
                                                "stage": "sentenced_before",
                                                "offence_kind": "none"}


def test_an_article_is_read_by_the_criminal_code_lookup(sms_app, phone):
    phone.text("Привет")
    assert phone.text("ч. 2 ст. 190") == [question(sms_app, "ru", "stage")]
    assert saved(sms_app, phone)["answers"] == {"article": "190/2"}  # the lookup's own form
    phone.text("ЗАНОВО")
    (hint,) = phone.text("xyz")  # the lookup's own words, the question too when it fits
    assert hint.startswith("В «xyz» не найден номер статьи.") and segments.within(hint, 2)
    assert saved(sms_app, phone)["answers"] == {}
    assert phone.text("0") == [question(sms_app, "ru", "stage")]


def test_a_notice_that_does_not_fit_with_the_next_question_comes_just_before_it(sms_app, phone):
    phone.text("Привет")
    notice, next_question = phone.text("пятая статья")  # the General Part: no offence there
    assert notice.startswith("Статья 5 ") and next_question == question(sms_app, "ru", "stage")
    assert segments.within(notice, 2) and not segments.within(f"{notice}\n{next_question}", 2)
    assert phone.text("1") == [question(sms_app, "ru", "offence_date")]  # said once only


@pytest.mark.parametrize(("lang", "yes", "no"), [("kk", "иә", "жоқ"), ("ru", "да", "нет"),
                                                 ("en", "yes", "no")])
def test_yes_no_questions_take_words_in_each_language(sms_app, phone, lang, yes, no):
    plain(phone, {"kk": "Сәлем", "ru": "Привет", "en": "Hi"}[lang])
    for reply in ("2", "8", "2"):  # serving a sentence, no excluded offence, minor gravity
        phone.text(reply)
    assert saved(sms_app, phone)["state"]["asked"] == "criminal_group"
    assert phone.text(no) != [question(sms_app, lang, "criminal_group")]
    assert saved(sms_app, phone)["answers"]["criminal_group"] == "no"


def test_an_unclear_reply_repeats_the_question_with_a_hint_then_offers_help(sms_app, phone):
    plain(phone)
    hint = render(sms_app, "en", lambda: texts.again(
        rules.default_act(), Ask(rules.default_act().question("stage"), 1, 1)))
    assert phone.text("maybe") == [hint]
    assert hint.startswith("Please reply with the number of your answer.\n")
    assert phone.text("what?") == [render(sms_app, "en", texts.not_understood)]
    assert "HELP" in phone.text("???")[0]
    assert phone.text("2") == [question(sms_app, "en", "offence_kind")]  # understood again
    assert phone.text("hm") == [render(sms_app, "en", lambda: texts.again(
        rules.default_act(), Ask(rules.default_act().question("offence_kind"), 1, 1)))]


def test_i_dont_know_is_refused_where_the_question_does_not_allow_it(sms_app, phone):
    plain(phone)
    assert phone.text("0")[0].startswith("Please reply")
    assert saved(sms_app, phone)["answers"] == {"article": "unknown"}


def test_the_result_is_cited_says_the_court_decides_and_links_to_the_web(sms_app, phone):
    plain(phone)
    phone.text("2")  # sentenced before the law
    result = phone.text("1")  # a terrorist crime
    stored = saved(sms_app, phone)
    assert result == [f"Likely not covered (CC Art. 78 p.2). The court decides. Full result: "
                      f"http://localhost/r/{stored['code']}"]
    assert stored["state"]["stage"] == "done"
    # Afterwards: the link again, and how to start over.
    assert phone.text("thanks") == [f"RESTART: start a new check. Your result: "
                                    f"http://localhost/r/{stored['code']}"]


def test_the_result_link_uses_the_public_base_url(sms_app, phone):
    sms_app.config["PUBLIC_BASE_URL"] = "https://amnesty.example.kz/"
    plain(phone)
    code = saved(sms_app, phone)["code"]
    assert phone.text("4")[0].endswith(f"Full result: https://amnesty.example.kz/r/{code}")


def test_answers_changed_elsewhere_are_followed_not_guessed(sms_app, phone):
    """The person continued on the web with the resume code: the next text gets the question
    the engine now asks; the reply is not taken as an answer to another question."""
    plain(phone)
    phone.text("2")  # asks offence_kind
    with sms_app.app_context():
        check = db.session().query(Check).one()
        check.answers = {"article": "unknown", "stage": "pending"}
        db.session().commit()
    assert phone.text("8") == [question(sms_app, "en", "offence_date")]
    assert saved(sms_app, phone)["answers"] == {"article": "unknown", "stage": "pending"}


# -- keywords ---------------------------------------------------------------------------------


EVERY_KEYWORD = [(action, lang, word) for action in ACTIONS
                 for lang, words in KEYWORDS[action].items() for word in words]


def in_conversation(phone, lang="ru"):
    """A conversation in Russian at its fourth question, three answers given."""
    plain(phone, "Привет" if lang == "ru" else "Hello")
    phone.text("2")
    phone.text("8")


@pytest.mark.parametrize(("action", "lang", "word"), EVERY_KEYWORD)
def test_every_keyword_works_in_every_language(sms_app, phone, action, lang, word):
    in_conversation(phone)  # a Russian conversation: the keyword's language does not matter
    before = saved(sms_app, phone)
    replies = phone.text(word)
    after = saved(sms_app, phone)
    if action == "help":
        assert replies == [render(sms_app, "ru", texts.help_text)]
        assert after["answers"] == before["answers"]
        assert after["state"]["asked"] == "category"
    elif action == "back":
        assert replies == [question(sms_app, "ru", "offence_kind")]
        assert after["answers"] == {"article": "unknown", "stage": "sentenced_before"}
    elif action == "restart":
        assert replies == [question(sms_app, "ru", "article")]
        assert after["answers"] == {} and after["lang"] == "ru"
    elif action == "language":
        assert replies == [render(sms_app, "ru", texts.menu)]
        assert phone.text("3") == [question(sms_app, "en", "category")]  # where it was
        assert saved(sms_app, phone)["answers"] == before["answers"]
    elif action == "erase":
        assert replies == [render(sms_app, "ru", texts.erased)]
        assert after is None
        assert phone.text("?") == [render(sms_app, "ru", texts.menu)]  # a new start
    else:
        raise AssertionError(action)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_help_lists_every_keyword_of_its_language(sms_app, lang):
    help_text = render(sms_app, lang, texts.help_text)
    for action in ("back", "restart", "language", "erase"):
        assert keywords.word(action, lang) in help_text
    assert keywords.word("help", lang) in render(sms_app, lang, texts.not_understood)


@pytest.mark.parametrize(("word", "lang"), [("КӨМЕК", "kk"), ("ПОМОЩЬ", "ru"), ("HELP", "en")])
def test_a_keyword_as_first_message_also_chooses_its_language(sms_app, phone, word, lang):
    assert phone.text(word) == [render(sms_app, lang, texts.help_text)]
    assert saved(sms_app, phone)["lang"] == lang
    assert phone.text("1") == [question(sms_app, lang, "article")]  # then the first question


def test_back_at_the_first_question_stays_there(sms_app, phone):
    phone.text("Hello")
    assert phone.text("BACK") == [question(sms_app, "en", "article")]


def test_back_after_the_result_asks_the_last_question_again(sms_app, phone):
    plain(phone)
    phone.text("2")
    phone.text("1")  # the result
    assert phone.text("BACK") == [question(sms_app, "en", "offence_kind")]
    assert saved(sms_app, phone)["answers"] == {"article": "unknown",
                                                "stage": "sentenced_before"}


def test_erasing_without_a_conversation_still_confirms(sms_app, phone):
    assert phone.text("ӨШІРУ") == [render(sms_app, "kk", texts.erased)]
    assert saved(sms_app, phone) is None


# -- a free answer: an article of the Criminal Code --------------------------------------------


ARTICLE_ACT = """
id: sms-article
number: "1"
title: "Article act"
short_title: "Articles"
signed: 2025-01-01
in_force: {value: 2025-01-02, evidence: T, reference: "Art. 9"}
source: https://example.org/articles
version: "1"
court_note: "A court decides."
facts:
  minor: {values: [yes, no], label: "Whether the offence is minor"}
questions:
  - id: article
    type: article
    deriver: sms-test-articles
    text: "Which article of the Criminal Code?"
    sms: "Which article?"
  - id: paid
    type: yes_no
    text: "Was the damage paid?"
benefits:
  - id: release
    title: "Release"
    article: "Art. 2"
    evidence: T
    explanation: "Minor offences paid for are released."
    when: {all: [{minor: yes}, {paid: yes}]}
    outcome: release_from_punishment
  - id: none
    title: "Nothing"
    article: "Art. 4"
    evidence: I
    explanation: "Nothing applies."
    when: always
    outcome: not_covered
blockers:
  - id: not_minor
    title: "Not minor"
    article: "Art. 5"
    evidence: T
    explanation: "Only minor offences."
    when: {minor: no}
    outcome: not_covered
"""


@dataclass
class Articles:
    """A stand-in for the Criminal Code lookup: 190-2 is minor; 999 is not in the Code."""

    provides: frozenset = frozenset({"minor"})
    version: str = "test"

    def parse(self, text: str) -> str:
        cleaned = text.replace(" ", "")
        if not cleaned.replace("-", "").isdigit():
            raise AnswerError("article", N_("Write the article as text, for example 190-2."))
        return cleaned

    def derive(self, value: str) -> Derivation:
        if value.startswith("999"):
            return Derivation({}, Message("Article %(article)s is not in the Criminal Code.",
                                          {"article": value}))
        return Derivation({"minor": "yes" if value == "190-2" else "no"})


@pytest.fixture
def article_act(tmp_path, monkeypatch):
    monkeypatch.setitem(derivers._REGISTRY, "sms-test-articles", Articles())
    path = tmp_path / "sms-article.yaml"
    path.write_text(ARTICLE_ACT, encoding="utf-8")
    act = rules.load_act(path)
    monkeypatch.setattr(rules, "default_act", lambda: act)
    monkeypatch.setattr(rules, "get_act", lambda act_id=None: act)
    return act


def test_an_article_question_takes_free_text_and_the_engines_errors_are_the_hint(
        sms_app, phone, article_act):
    first = phone.text("Hello")
    assert first == [question(sms_app, "en", "article", article_act)]
    assert "190-2" in first[0]  # how to answer
    hint = phone.text("the one about fraud")[0]
    assert hint.startswith("Write the article as text, for example 190-2.\n")
    assert phone.text("190 - 2") == [question(sms_app, "en", "paid", article_act)]
    assert saved(sms_app, phone)["answers"] == {"article": "190-2"}
    assert phone.text("1")[0].startswith("Likely covered: release from the main punishment "
                                         "(Art. 2)")


def test_an_article_can_be_unknown_and_a_notice_comes_with_the_next_question(
        sms_app, phone, article_act):
    phone.text("Hello")
    assert phone.text("999")[0] == ("Article 999 is not in the Criminal Code.\n"
                                    + question(sms_app, "en", "paid", article_act))
    assert phone.text("BACK") == [question(sms_app, "en", "article", article_act)]
    assert phone.text("0") == [question(sms_app, "en", "paid", article_act)]  # no notice again
    assert saved(sms_app, phone)["answers"] == {"article": "unknown"}
    assert phone.text("2")[0].startswith("Likely not covered (Art. 4)")
