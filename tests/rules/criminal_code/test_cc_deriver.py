"""The criminal_code deriver: what each reference settles for the act, and what it leaves out."""

from __future__ import annotations

import pytest

from rules import derivers
from rules.criminal_code import lookup as code
from rules.messages import AnswerError

ALL_NO = {"terrorist": "no", "extremist": "no", "corruption": "no", "torture": "no",
          "sexual_minor": "no", "death": "no", "drug_sale": "no"}


@pytest.fixture(scope="module")
def deriver():
    return derivers.get("criminal_code")


def derive(deriver, text: str):
    return deriver.derive(deriver.parse(text))


def test_the_deriver_registers_itself_as_a_builtin(deriver):
    assert "criminal_code" in derivers.names()
    assert deriver.version == code.version() == code.data()["version"]


def test_the_deriver_provides_only_facts_the_act_knows(deriver):
    import rules

    act = rules.default_act()
    assert deriver.provides <= set(act.facts)


def test_parse_returns_the_canonical_form(deriver):
    assert deriver.parse("ст. 190 ч. 2") == "190/2"
    assert deriver.parse("ст. 218-1") == "218-1/"


def test_parse_raises_an_answer_error_for_the_article_question(deriver):
    with pytest.raises(AnswerError) as error:
        deriver.parse("nothing here")
    assert error.value.question_id == "article"


def test_fraud_part_two_settles_every_fact(deriver):
    derivation = derive(deriver, "190-2")
    assert dict(derivation.values) == {
        "category": "medium", **ALL_NO, "criminal_group": "no", "life_sentence": "no",
        "fraud_or_embezzlement": "yes", "scale": "neither"}
    assert derivation.notice is None


def test_large_scale_embezzlement_gives_the_scale(deriver):
    values = derive(deriver, "189 ч.3 п.1").values
    assert values["scale"] == "large"
    assert values["category"] == "grave"
    assert values["corruption"] == "no"


def test_especially_large_scale_fraud_gives_the_scale_but_leaves_corruption_out(deriver):
    values = derive(deriver, "190 ч.4 п.2").values
    assert values["scale"] == "especially_large"
    assert "corruption" not in values  # only with the features of p.3 item 2


def test_a_part_with_scale_items_but_no_item_leaves_scale_out(deriver):
    derivation = derive(deriver, "190 ч.3")
    assert "scale" not in derivation.values
    assert "corruption" not in derivation.values
    assert derivation.values["category"] == "grave"
    assert derivation.notice.id == ("The items of part %(part)s of article %(article)s differ: "
                                    "add the item for a precise answer.")
    assert derivation.notice.params["part"] == "3"


def test_a_criminal_group_item_says_yes_and_its_sibling_says_no(deriver):
    assert derive(deriver, "189 ч.4 п.1").values["criminal_group"] == "yes"
    assert derive(deriver, "189 ч.4 п.2").values["criminal_group"] == "no"
    assert derive(deriver, "189 ч.1").values["criminal_group"] == "no"


def test_criminal_group_is_left_out_where_the_article_never_names_it(deriver):
    assert "criminal_group" not in derive(deriver, "104 ч.1").values


def test_criminal_group_is_left_out_where_it_is_one_alternative(deriver):
    assert "criminal_group" not in derive(deriver, "106 ч.3").values


def test_scale_and_fraud_are_only_for_articles_189_and_190(deriver):
    values = derive(deriver, "188 ч.3 п.1").values
    assert "scale" not in values
    assert values["fraud_or_embezzlement"] == "no"


def test_life_sentence_is_no_only_where_the_sanction_excludes_life(deriver):
    assert derive(deriver, "190 ч.4").values["life_sentence"] == "no"
    assert "life_sentence" not in derive(deriver, "99 ч.2").values
    assert "life_sentence" not in derive(deriver, "99").values


def test_undecidable_tags_are_left_out_so_the_act_asks(deriver):
    values = derive(deriver, "120 ч.1").values
    assert "sexual_minor" not in values
    assert values["category"] == "grave"
    assert derive(deriver, "120 ч.3-1 п.1").values["sexual_minor"] == "yes"
    assert "torture" not in derive(deriver, "146 ч.3").values
    assert derive(deriver, "146 ч.2").values["torture"] == "yes"
    assert "death" not in derive(deriver, "277 ч.2").values


def test_exclusion_tags_come_through_as_yes(deriver):
    assert derive(deriver, "255 ч.1").values["terrorist"] == "yes"
    assert derive(deriver, "404 ч.2").values["extremist"] == "yes"
    assert derive(deriver, "366 ч.1").values["corruption"] == "yes"
    assert derive(deriver, "297 ч.1").values["drug_sale"] == "yes"
    assert derive(deriver, "345 ч.3").values["death"] == "yes"


def test_a_misdemeanour_is_categorised_as_such(deriver):
    assert derive(deriver, "296 ч.2").values["category"] == "misdemeanour"


def test_an_article_without_its_part_asks_for_the_part(deriver):
    derivation = derive(deriver, "190")
    assert "category" not in derivation.values
    assert derivation.values["fraud_or_embezzlement"] == "yes"
    assert derivation.notice.id == ("The parts of article %(article)s differ: add the part for "
                                    "a precise answer.")
    assert derivation.notice.params["article"] == "190"


def test_a_part_without_a_category_says_the_next_questions_ask_for_it(deriver):
    derivation = derive(deriver, "324 ч.1")
    assert "category" not in derivation.values
    assert derivation.values["terrorist"] == "no"
    assert derivation.notice.id.startswith("The Criminal Code alone does not settle")


def test_a_part_that_is_no_offence_settles_nothing(deriver):
    derivation = derive(deriver, "467 ч.1")
    assert dict(derivation.values) == {}


@pytest.mark.parametrize(("text", "notice", "params"), [
    ("999", "Article %(article)s is not in the Criminal Code.", {"article": "999"}),
    ("ст. 50", "Article %(article)s is in the General Part of the Criminal Code, which defines "
               "no offences. Give the article of the Special Part named in the charge or the "
               "verdict.", {"article": "50"}),
    ("108", "Article %(article)s of the Criminal Code has been repealed.", {"article": "108"}),
    ("190 ч.7", "Article %(article)s of the Criminal Code has no part %(part)s.",
     {"article": "190", "part": "7"}),
    ("318 ч.1", "Part %(part)s of article %(article)s is missing from the copy of the Criminal "
                "Code this tool uses.", {"article": "318", "part": "1"}),
    ("190 ч.3 п.9", "Part %(part)s of article %(article)s has no item %(item)s.",
     {"article": "190", "part": "3", "item": "9"}),
    ("188 ч.2 п.2", "Item %(item)s of part %(part)s of article %(article)s is missing from the "
                    "copy of the Criminal Code this tool uses.",
     {"article": "188", "part": "2", "item": "2"}),
])
def test_a_reference_not_found_gives_no_values_and_a_notice(deriver, text, notice, params):
    derivation = derive(deriver, text)
    assert dict(derivation.values) == {}
    assert derivation.notice.id == notice
    assert {k: v for k, v in derivation.notice.params.items() if v} == params


def test_derivations_are_cached_and_read_only(deriver):
    first = deriver.derive("190/2")
    assert first is deriver.derive("190/2")
    with pytest.raises(TypeError):
        first.values["category"] = "minor"  # type: ignore[index]
