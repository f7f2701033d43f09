"""Reading replies forgivingly, and refusing to guess when a reply says two things."""

import pytest

from sms import parse
from sms.keywords import ACTIONS, KEYWORDS
from sms.parse import Options

YES_NO = Options(("yes", "no"), unknown=True, labels={"yes": ["Да"], "no": ["Нет"]})
SEX = Options(("woman", "man"), unknown=False,
              labels={"woman": ["Женщина", "A woman"], "man": ["Мужчина", "A man"]})
STAGE = Options(("pending", "sentenced_before", "sentenced_after", "served"), unknown=False)


@pytest.mark.parametrize(("reply", "value"), [
    # numbers, however they are typed
    ("1", "yes"), ("2", "no"), ("0", "unknown"), (" 2. ", "no"), ("2)", "no"), ("#1", "yes"),
    ("２", "no"), ("1️⃣", "yes"), ("١", "yes"), ("1 - да", "yes"), ("2 нет", "no"),
    # words in three languages, any case, repeated letters, typos
    ("иә", "yes"), ("Иә", "yes"), ("ия", "yes"), ("жоқ", "no"), ("ЖОҚ", "no"), ("жок", "no"),
    ("иа", "yes"), ("да", "yes"), ("Дааа", "yes"), ("ДА!", "yes"), ("нет", "no"), ("неа", "no"),
    ("нееет", "no"), ("нте", "no"), ("yes", "yes"), ("YES", "yes"), ("Yes.", "yes"),
    ("yse", "yes"), ("y", "yes"), ("no", "no"), ("NO", "no"), ("nope", "no"),
    ("da", "yes"), ("net", "no"), ("jok", "no"),
    # Latin look-alikes of Cyrillic letters, and back
    ("HET", "no"), ("ДA", "yes"), ("Иə", "yes"), ("жoқ", "no"), ("yеs", "yes"), ("nо", "no"),
    # I don't know
    ("не знаю", "unknown"), ("Незнаю", "unknown"), ("незнаб", "unknown"),
    ("не помню", "unknown"), ("не помнб", "unknown"), ("есімде жоқ", "unknown"),
    ("I don't remember", "unknown"),
    ("білмеймін", "unknown"), ("Білмеймин", "unknown"), ("dont know", "unknown"),
    ("I don't know", "unknown"), ("not sure", "unknown"), ("idk", "unknown"),
    ("ne znayu", "unknown"),
    # extra words
    ("да, было", "yes"), ("нет, не было", "no"), ("не было", "no"), ("Yes I think so", "yes"),
    ("not yet", "no"), ("иә болды", "yes"), ("жоқ, болмаған", "no"),
    # emoji
    ("👍", "yes"), ("👍🏽", "yes"), ("✅", "yes"), ("👎", "no"), ("❌", "no"),
    ("🤷‍♀️", "unknown"), ("да 👍", "yes"),
    # the option's own words
    ("Да", "yes"), ("Нет", "no"),
])
def test_a_yes_no_reply_is_understood(reply, value):
    assert parse.answer(reply, YES_NO) == value


@pytest.mark.parametrize("reply", [
    "", "   ", "3", "12", "2025", "1 2", "да нет", "yes no", "0 нет", "👍👎", "?", "hmm",
    "he was", "у", "nothing", "🙂", "1/2", "-1" + "0" * 5, "не знаб", "не",
])
def test_a_reply_that_is_unclear_or_says_two_things_is_not_guessed(reply):
    assert parse.answer(reply, YES_NO) is None


@pytest.mark.parametrize(("reply", "value"), [
    ("1", "woman"), ("2", "man"), ("Мужчина", "man"), ("мужчина", "man"), ("женщина", "woman"),
    ("a man", "man"), ("Женшина", "woman"),
])
def test_a_choice_is_understood_by_number_or_by_its_words(reply, value):
    assert parse.answer(reply, SEX) == value


@pytest.mark.parametrize("reply", ["0", "не знаю", "🤷", "3", "да"])
def test_a_choice_without_i_dont_know_refuses_it_and_yes_no_words(reply):
    assert parse.answer(reply, SEX) is None


def test_numbers_beyond_the_list_are_not_understood():
    assert parse.answer("4", STAGE) == "served"
    assert parse.answer("5", STAGE) is None


@pytest.mark.parametrize(("action", "lang", "word"), [
    (action, lang, word) for action in ACTIONS for lang, words in KEYWORDS[action].items()
    for word in words
])
def test_every_keyword_is_recognised_in_its_language_in_any_case(action, lang, word):
    for typed in (word, word.lower(), word.capitalize(), f" {word}! ", f"{word} please"):
        assert parse.keyword(typed) == parse.Keyword(action, lang), typed


@pytest.mark.parametrize(("typed", "action"), [
    ("помошь", "help"), ("Помощ", "help"), ("тил", "language"), ("кайта", "restart"),
    ("артка", "back"), ("ошiру", "erase"), ("HEPL", "help"), ("Restrat", "restart"),
])
def test_keywords_forgive_a_typo_and_missing_kazakh_letters(typed, action):
    assert parse.keyword(typed).action == action


@pytest.mark.parametrize("typed", [
    "1", "да", "нет", "помощь мне нужна очень", "1 help", "stop", "yes", "не знаю", "",
    "Hello", "hello there", "Hell", "Lane", "бак",
])
def test_answers_and_long_messages_are_not_keywords(typed):
    assert parse.keyword(typed) is None


@pytest.mark.parametrize(("text", "lang"), [
    ("1", "kk"), ("2", "ru"), ("3", "en"), ("2.", "ru"),
    ("Қазақша", "kk"), ("казакша", "kk"), ("KZ", "kk"), ("Русский", "ru"), ("RU", "ru"),
    ("English", "en"), ("eng", "en"),
    ("Сәлеметсіз бе", "kk"), ("Салем", "kk"), ("рақымшылық туралы", "kk"),
    ("Здравствуйте", "ru"), ("Амнистия", "ru"), ("Hello", "en"), ("hi, amnesty?", "en"),
])
def test_the_first_message_tells_the_language_when_it_can(text, lang):
    assert parse.language(text) == lang


@pytest.mark.parametrize("text", ["", "🙂", "?", "123", "4", "!!!", "x"])
def test_a_message_that_does_not_tell_the_language_gets_the_menu(text):
    assert parse.language(text) is None


def test_a_free_answer_is_tidied_for_the_engine():
    assert parse.free_text("  190 -  2\u200b ", unknown_allowed=True) == "190 - 2"
    assert parse.free_text("０", unknown_allowed=True) == "unknown"
    assert parse.free_text("не знаю", unknown_allowed=True) == "unknown"
    assert parse.free_text("не знаю", unknown_allowed=False) == "не знаю"
    assert parse.free_text(" ", unknown_allowed=True) is None
