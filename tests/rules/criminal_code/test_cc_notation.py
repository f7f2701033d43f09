"""Reading article references the way people write them."""

from __future__ import annotations

import pytest

from rules.criminal_code.notation import Reference, parse_reference
from rules.messages import AnswerError

ACCEPTED = [
    # the forms of the brief
    ("190-2", "190/2"),
    ("190 ч.2", "190/2"),
    ("ч. 2 ст. 190", "190/2"),
    ("ст.190 ч.2 п.1", "190/2/1"),
    ("190-бап 2-бөлік", "190/2"),
    ("article 190 part 2", "190/2"),
    ("190(2)", "190/2"),
    ("п.1 ч.3 ст.189", "189/3/1"),
    ("190 ч2", "190/2"),
    # spacing, dots, commas, case, noise
    ("  190   ч .  2 ", "190/2"),
    ("ст 190, ч 2, п 1", "190/2/1"),
    ("СТ.190 Ч.2", "190/2"),
    ("ARTICLE 190 PART 2", "190/2"),
    ("ст. 190 ч. 3 УК РК", "190/3"),
    ("ҚК 190-бабының 2-бөлігі", "190/2"),
    ("190 бап 3 бөлік 1 тармақ", "190/3/1"),
    ("Art. 190, p. 2, item 1", "190/2/1"),
    ("статья 190 часть 2 пункт 1", "190/2/1"),
    ("части 2 статьи 190", "190/2"),
    ("2 части 190 статьи", "190/2"),
    ("третья часть 190 статьи", "190/3"),
    ("статья 190 часть вторая", "190/2"),
    ("190-бабының екінші бөлігі", "190/2"),
    ("190 (3) (1)", "189/3/1".replace("189", "190")),
    ("190-2-1", "190/2/1"),
    ("189-3-1", "189/3/1"),
    ("190 2", "190/2"),
    ("190", "190"),
    ("ст. 99", "99"),
    # Latin letters that look Cyrillic: a Latin c in "cт", a Latin "ct"
    ("cт. 190 ч.2", "190/2"),
    ("ct 190 ч 2", "190/2"),
    # the dash settled by the Code: there is no article 190-2; article 115 has no parts
    ("115-1", "115-1/"),
    # markers settle inserted articles
    ("ст. 218-1", "218-1/"),
    ("218-1 ч.4", "218-1/4"),
    ("ч.4 218-1", "218-1/4"),
    ("ст. 218-1 ч.4 п.1", "218-1/4/1"),
    ("218-1-бап 4-бөлік", "218-1/4"),
    ("218 ч.1", "218/1"),
    ("120 ч.3-1 п.1", "120/3-1/1"),
    # the canonical and display forms read back
    ("218-1/4/1", "218-1/4/1"),
    ("218-1/", "218-1/"),
    ("189/3/1", "189/3/1"),
    ("Art. 218-1 p.4 item 1", "218-1/4/1"),
]


@pytest.mark.parametrize(("text", "canonical"), ACCEPTED, ids=[a for a, _ in ACCEPTED])
def test_every_accepted_form_reads_as_the_same_reference(text, canonical):
    assert parse_reference(text).canonical() == canonical


@pytest.mark.parametrize("ref", [
    Reference("190"), Reference("190", "2"), Reference("189", "3", "1"),
    Reference("218-1"), Reference("218-1", "4", "1"), Reference("120", "3-1", "1"),
])
def test_the_canonical_and_display_forms_read_back_as_the_same_reference(ref):
    assert parse_reference(ref.canonical()) == ref
    assert parse_reference(ref.display()) == ref


def test_display_is_english_and_names_each_level():
    assert Reference("189", "3", "1").display() == "Art. 189 p.3 item 1"
    assert Reference("218-1").display() == "Art. 218-1"


def test_a_bare_dash_form_that_names_both_an_article_and_a_part_is_refused():
    with pytest.raises(AnswerError) as error:
        parse_reference("218-1")
    assert error.value.question_id == "article"
    assert error.value.message.params == {"written": "218-1", "inserted": "218-1",
                                          "article": "218", "part": "1"}
    assert "art. %(inserted)s" in error.value.message.id


def test_a_dash_form_the_code_does_not_know_separates_article_and_part():
    assert parse_reference("999-1").canonical() == "999/1"


def test_the_code_passed_in_settles_the_dash_form():
    assert parse_reference("218-1", exists=lambda ref: ref.part is None).canonical() == "218-1/"


BAD = [
    ("", "Write the article of the Criminal Code, for example 190 or 190 part 2."),
    ("   ", "Write the article of the Criminal Code, for example 190 or 190 part 2."),
    ("hello", "No article number found in \"%(answer)s\". Write it like 190, 190-2 or "
              "190 part 2."),
    ("ч.2", "No article number found in \"%(answer)s\". Write it like 190, 190-2 or "
            "190 part 2."),
    ("12345", "%(number)s is not an article, part or item number of the Criminal Code. "
              "Write it like 190 part 2."),
    ("0", "%(number)s is not an article, part or item number of the Criminal Code. "
          "Write it like 190 part 2."),
    ("190 ч.200", "%(number)s is not an article, part or item number of the Criminal Code. "
                  "Write it like 190 part 2."),
    ("190 ч.2 и 188 ч.1", "Write one article at a time, for example 190 part 2."),
    ("1-2-3-4-5", "Write one article at a time, for example 190 part 2."),
    ("190 2 1 5", "Write one article at a time, for example 190 part 2."),
    ("п.1 ст.190", "An item needs its part, for example 189 part 3 item 1."),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[repr(t) for t, _ in BAD])
def test_a_bad_answer_raises_an_answer_error_with_a_plain_message(text, message):
    with pytest.raises(AnswerError) as error:
        parse_reference(text)
    assert error.value.question_id == "article"
    assert error.value.message.id == message


def test_a_non_string_answer_is_refused():
    with pytest.raises(AnswerError):
        parse_reference(None)  # type: ignore[arg-type]
