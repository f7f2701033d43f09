import re
from datetime import date

import pytest

from rules.conditions import ConditionError, F, T, U, Vocabulary

VOCABULARY = Vocabulary(
    fact_kinds={"a": "enum", "b": "enum", "n": "number", "d": "date"},
    fact_values={"a": ("yes", "no"), "b": ("x", "y", "z"), "n": None, "d": None},
    parameters={"limit": 18, "cutoff": date(2025, 6, 24)},
)


def check(raw, facts):
    return VOCABULARY.compile(raw).value(facts)


@pytest.mark.parametrize(("raw", "facts", "expected"), [
    ({"a": "yes"}, {"a": "yes"}, True),
    ({"a": "yes"}, {"a": "no"}, False),
    ({"a": "yes"}, {}, None),
    ({"b": ["x", "y"]}, {"b": "y"}, True),
    ({"b": ["x", "y"]}, {"b": "z"}, False),
    ({"fact": "b", "not_in": ["x"]}, {"b": "z"}, True),
    ({"fact": "b", "ne": "x"}, {}, None),
    ({"fact": "n", "lt": "$limit"}, {"n": 17}, True),
    ({"fact": "n", "ge": 18}, {"n": 18}, True),
    ({"fact": "n", "le": 18}, {"n": 19}, False),
    ({"fact": "n", "gt": 18}, {}, None),
    ({"fact": "d", "before": "$cutoff"}, {"d": date(2025, 6, 23)}, True),
    ({"fact": "d", "before": "$cutoff"}, {"d": date(2025, 6, 24)}, False),
    ({"fact": "d", "after": date(2025, 1, 1)}, {"d": date(2025, 6, 24)}, True),
    ("always", {}, True),
])
def test_a_test_of_one_fact_is_true_false_or_unknown(raw, facts, expected):
    assert check(raw, facts) is expected


def test_all_is_false_as_soon_as_one_part_is_false_even_if_others_are_unknown():
    assert check({"all": [{"a": "yes"}, {"b": "x"}]}, {"b": "y"}) is False
    assert check({"all": [{"a": "yes"}, {"b": "x"}]}, {"b": "x"}) is None
    assert check({"all": [{"a": "yes"}, {"b": "x"}]}, {"a": "yes", "b": "x"}) is True


def test_any_is_true_as_soon_as_one_part_is_true_even_if_others_are_unknown():
    assert check({"any": [{"a": "yes"}, {"b": "x"}]}, {"b": "x"}) is True
    assert check({"any": [{"a": "yes"}, {"b": "x"}]}, {"b": "y"}) is None
    assert check({"any": [{"a": "yes"}, {"b": "x"}]}, {"a": "no", "b": "y"}) is False


def test_not_keeps_unknown_unknown():
    assert check({"not": {"a": "yes"}}, {}) is None
    assert check({"not": {"a": "yes"}}, {"a": "no"}) is True


def test_yaml_booleans_mean_yes_and_no():
    assert check({"a": True}, {"a": "yes"}) is True
    assert check({"a": False}, {"a": "no"}) is True


def test_reach_tells_what_a_condition_can_still_become():
    cond = VOCABULARY.compile({"all": [{"a": "yes"}, {"b": "x"}]})
    assert cond.reach({}, {"a", "b"}) == T | F | U
    assert cond.reach({}, {"b"}) == F | U  # a is unknown for good: never true
    assert cond.reach({"a": "no"}, set()) == F


def test_live_facts_are_those_that_can_still_change_the_value():
    cond = VOCABULARY.compile({"all": [{"a": "yes"}, {"not": {"all": [{"b": "x"}, {"n": 1}]}}]})
    assert cond.live({}, {"a", "b", "n"}) == {"a", "b", "n"}
    # With a unknown for good, the inner part can only make the whole false… via b or n.
    assert cond.live({}, {"b", "n"}) == {"b", "n"}
    # …and once b is known not to be x, nothing can change it any more.
    assert cond.live({"b": "y"}, {"n"}) == set()


@pytest.mark.parametrize(("raw", "problem"), [
    ({"zz": "yes"}, "unknown fact or operator 'zz'"),
    ({"fact": "zz", "eq": 1}, "unknown fact 'zz'"),
    ({"fact": "a", "like": "yes"}, "unknown operator 'like'"),
    ({"a": "maybe"}, "'maybe' is not a value of fact 'a'"),
    ({"fact": "n", "lt": "$nothing"}, "unknown parameter '$nothing'"),
    ({"fact": "a", "lt": 3}, "compares a number fact with a number"),
    ({"fact": "n", "before": "2025-01-01"}, "compares a date fact with a date"),
    ({"all": []}, "non-empty list"),
    ({"is": "vulnerable"}, "unknown definition 'vulnerable'"),
    ({"a": "yes", "b": "x"}, "one operator"),
    ([1], "must be a mapping"),
])
def test_a_bad_condition_is_refused_with_the_problem_named(raw, problem):
    with pytest.raises(ConditionError, match=re.escape(problem)):
        VOCABULARY.compile(raw)
