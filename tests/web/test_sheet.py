"""The printable result sheet's content (the page itself: tests/web/test_lawyer_pages.py)."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

import rules
from rules import AnswerError
from web import sheet

ACT = rules.default_act()


def build(app, answers, lang="en"):
    with app.test_request_context(), force_locale(lang):
        return sheet.build(ACT, answers, today=date(2026, 11, 27))


def test_a_covered_case_cites_its_provision_with_quote_and_evidence(app):
    s = build(app, {"article": "190-2", "stage": "sentenced_before", "damage": "repaid"})
    assert s.verdict.outcome == "release_from_punishment"
    assert [b.id for b in s.basis] == ["B1.2"]
    assert s.basis[0].quote and s.basis[0].evidence == "N" and s.basis[0].probable
    assert [a.question_id for a in s.answers] == ["article", "stage", "damage"]
    assert s.answers[2].answer == "Damage was caused and has been repaid in full"
    assert s.next_steps and s.court_note.startswith("This is an estimate")
    assert s.date == "November 27, 2026" and s.rules_version == ACT.rules_version


def test_an_undetermined_case_says_what_would_change_it(app):
    s = build(app, {"article": "190-2", "stage": "sentenced_before"})
    assert s.verdict.outcome == "undetermined"
    heads = [head for head, _ in s.changes]
    assert heads[0] == ACT.question("damage").text
    assert any("Repaid in full" in line or "repaid in full" in line for line in s.changes[0][1])


@pytest.mark.parametrize(("lang", "month"), [("kk", "қараша"), ("ru", "ноября")])
def test_the_date_and_texts_are_in_the_language(app, lang, month):
    s = build(app, {"stage": "served"}, lang)
    assert month in s.date
    assert s.court_note != build(app, {"stage": "served"}).court_note


def test_long_quotations_are_shortened_at_a_word():
    assert sheet.shorten("a " * 200).endswith(" …")
    assert len(sheet.shorten("word " * 100)) <= sheet.QUOTE_LIMIT + 2
    assert sheet.shorten("short") == "short"


def test_a_bad_answer_is_refused(app):
    with pytest.raises(AnswerError):
        build(app, {"stage": "in prison"})
