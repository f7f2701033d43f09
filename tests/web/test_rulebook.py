"""The rules browser's content, generated from the act file and the legal cases."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

import rules
from web import legal_cases, rulebook


def test_the_copy_of_the_legal_cases_is_up_to_date():
    built = legal_cases.build()
    assert set(built) == set(rules.acts())
    for act_id, text in built.items():
        committed = legal_cases.path_for(act_id).read_text(encoding="utf-8")
        assert committed == text, "run `amnesty build-legal-cases`"


@pytest.mark.parametrize("act_id", sorted(rules.acts()))
def test_every_provision_lists_the_cases_that_exercise_it(app, act_id):
    act = rules.get_act(act_id)
    with app.app_context(), force_locale("en"):
        described = rulebook.describe(act)
    provisions = [p for d in described["definitions"] for p in d["items"]]
    provisions += described["blockers"] + described["benefits"]
    by_id = {p["id"]: p for p in provisions}
    assert list(by_id) == [p.id for p in act.provisions]
    for case in legal_cases.cases(act_id):
        for pid in case.exercises:
            if pid in by_id:
                assert case.number in [c["number"] for c in by_id[pid]["cases"]]
    assert all(p["cases"] for p in provisions), "every provision decides some case"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_text_is_in_the_language_and_every_condition_reads(app, lang):
    act = rules.default_act()
    with app.app_context(), force_locale(lang):
        described = rulebook.describe(act)
        english = None
        with force_locale("en"):
            english = rulebook.describe(act)
    assert (described["court_note"] == english["court_note"]) == (lang == "en")
    benefit = described["benefits"][0]
    assert benefit["when"]["op"] == "in" and benefit["when"]["values"][0]["label"]
    assert [o["outcome"] for o in benefit["outcomes"]][0] == "release_from_liability"
    asked = {q["id"]: q["asked_when"] for q in described["questions"]}
    assert asked["article"] is None and asked["vulnerable_woman"]["fact"] == "sex"
    levels = [e["code"] for e in described["evidence_levels"]]
    assert levels == ["T", "N", "I", "CC"]


def test_a_condition_in_words():
    act = rules.default_act()
    from app import create_app
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "PHONE_HMAC_KEY": "y"})
    with app.app_context(), force_locale("en"):
        d1 = rulebook.condition(act, act.provision("D1").when)
    assert d1["op"] == "all" and d1["text"] == "All of these"
    assert d1["parts"][1]["op"] == "not"
    assert d1["parts"][1]["parts"][0]["parts"][1]["values"] == [
        {"value": "from_14_to_17", "label": "14 to 17"}]
