"""The deriver inside the engine: the act's article question skips what the Code settles."""

from __future__ import annotations

import pytest

import rules


@pytest.fixture(scope="module")
def act():
    return rules.default_act()


def test_a_minor_fraud_pending_in_court_is_released_from_liability_without_more_questions(act):
    verdict = rules.next_step(act, {"stage": "pending", "offence_date": "before",
                                    "article": "ч.1 ст.190 УК РК"})
    assert isinstance(verdict, rules.Verdict)
    assert verdict.outcome == "release_from_liability"


def test_the_category_and_kind_of_offence_questions_are_skipped_for_a_known_part(act):
    step = rules.next_step(act, {"stage": "sentenced_before", "article": "190-2"})
    assert step.question.id not in ("category", "offence_kind", "criminal_group")


def test_an_article_without_its_part_falls_back_to_the_plain_questions_with_a_notice(act):
    step = rules.next_step(act, {"stage": "sentenced_before", "article": "190"})
    assert step.question.id == "offence_kind"
    assert [n.params["article"] for n in step.notices] == ["190"]


def test_a_terrorist_article_is_not_covered(act):
    verdict = rules.next_step(act, {"stage": "sentenced_before", "article": "255 ч.1"})
    assert isinstance(verdict, rules.Verdict)
    assert verdict.outcome == "not_covered"


def test_a_bad_article_answer_is_refused_by_the_engine(act):
    with pytest.raises(rules.AnswerError) as error:
        rules.next_step(act, {"article": "218-1"})
    assert error.value.question_id == "article"
