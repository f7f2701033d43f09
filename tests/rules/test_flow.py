from datetime import date
from pathlib import Path

import pytest
import yaml

import rules
from rules import UNKNOWN, AnswerError, Ask, Verdict, assess, load_act, next_step, prune
from tests.rules.tiny_act import TINY_ACT

CASES = Path(__file__).parent / "cases"


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_ACT, encoding="utf-8")
    return load_act(path)


@pytest.fixture
def act():
    return rules.default_act()


def test_the_first_question_is_the_first_that_can_decide(tiny):
    step = next_step(tiny, {})
    assert isinstance(step, Ask)
    assert step.question.id == "age"  # the exclusion (blocker) comes before the benefits
    assert step.number == 1


def test_the_flow_stops_as_soon_as_the_verdict_is_certain(tiny):
    verdict = next_step(tiny, {"age": 17})
    assert isinstance(verdict, Verdict)
    assert verdict.outcome == "not_covered"
    assert [p.id for p in verdict.provisions] == ["young"]
    assert verdict.questions_asked == 1


def test_numbers_and_dates_are_compared_with_the_acts_parameters(tiny):
    released = next_step(tiny, {"age": 30, "kind": "small", "day": "2025-01-01"})
    assert released.outcome == "release_from_punishment"
    too_late = next_step(tiny, {"age": 30, "kind": "small", "day": date(2025, 1, 2)})
    assert too_late.outcome == "not_covered"


def test_a_question_that_cannot_change_the_outcome_is_not_asked(tiny):
    # A big one needs "paid"; the date only matters for small ones.
    step = next_step(tiny, {"age": 30, "kind": "big"})
    assert step.question.id == "paid"


def test_an_unknown_answer_that_matters_gives_undetermined_with_what_would_decide(tiny):
    verdict = next_step(tiny, {"age": 30, "kind": "big", "paid": UNKNOWN})
    assert verdict.outcome == "undetermined"
    (dependency,) = verdict.depends_on
    assert dependency.question_id == "paid"
    assert dependency.answered is True
    assert [(a.value, a.outcome, a.fraction) for a in dependency.alternatives] == [
        ("yes", "sentence_reduced", "1/3"),
        ("no", "not_covered", None),
    ]


def test_assess_asks_nothing_and_lists_what_was_never_answered(tiny):
    verdict = assess(tiny, {"age": 30, "kind": "big"})
    assert verdict.outcome == "undetermined"
    assert [(d.question_id, d.answered) for d in verdict.depends_on] == [("paid", False)]


def test_prune_drops_answers_the_flow_no_longer_asks_for(tiny):
    answers = {"age": 30, "kind": "big", "paid": "yes"}
    assert prune(tiny, {**answers, "kind": "small"}) == {"age": 30, "kind": "small"}
    assert prune(tiny, {**answers, "age": 10}) == {"age": 10}


@pytest.mark.parametrize(("answers", "message"), [
    ({"colour": "red"}, "There is no question"),
    ({"kind": "medium"}, "Choose one of the options"),
    ({"paid": "maybe"}, "Answer yes or no."),
    ({"age": "old"}, "Write a number."),
    ({"day": "yesterday"}, "Write a date as YYYY-MM-DD."),
    (["kind"], "must be a mapping"),
])
def test_a_bad_answer_is_refused_with_a_translatable_message(tiny, answers, message):
    with pytest.raises(AnswerError) as error:
        next_step(tiny, answers)
    assert message in error.value.message.id


def test_an_empty_answer_counts_as_not_answered(tiny):
    assert next_step(tiny, {"age": "", "kind": None}).question.id == "age"


def test_i_dont_know_is_refused_where_the_act_does_not_allow_it(act):
    with pytest.raises(AnswerError, match="is not possible here"):
        next_step(act, {"stage": "unknown"})


def test_yes_and_no_may_be_given_as_booleans(tiny):
    assert next_step(tiny, {"age": 30, "kind": "big", "paid": True}).outcome == (
        "sentence_reduced"
    )


def test_the_count_of_remaining_questions_is_an_upper_bound_on_every_legal_case(act):
    cases = yaml.safe_load((CASES / "kz-2025-195-viii.yaml").read_text(encoding="utf-8"))
    for case in cases["cases"]:
        given, bounds = {}, []
        while isinstance(step := next_step(act, given), Ask):
            bounds.append(step.remaining_max)
            given[step.question.id] = case["answers"][step.question.id]
        asked = len(bounds)
        for i, bound in enumerate(bounds):
            assert bound >= asked - i, (case["name"], i, bounds)


def test_answers_of_a_woman_are_dropped_when_the_sex_changes(act):
    answers = {"article": "unknown", "stage": "sentenced_before", "offence_kind": "none",
               "category": "grave",
               "recidivism": "no", "criminal_group": "no", "fraud_or_embezzlement": "no",
               "sex": "woman", "vulnerable_woman": "mother"}
    kept = prune(act, {**answers, "sex": "man"})
    assert "vulnerable_woman" not in kept
    assert kept["sex"] == "man"
    assert isinstance(next_step(act, kept), Ask)


def test_a_verdict_always_carries_the_court_note_and_the_rules_version(act):
    verdict = next_step(act, {"stage": "served"})
    assert verdict.court_note == act.court_note
    assert verdict.rules_version == act.rules_version
    assert verdict.next_steps  # who to ask, legal aid
