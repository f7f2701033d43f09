"""Every legal case, played through the SMS webhook in each language, reaches the verdict the
engine gives and the case expects: same outcome, fraction and deciding provisions, asked in the
same order, and the result message says it with the article."""

import pytest
from flask_babel import force_locale

import rules
from app import create_app
from rules import Ask, Verdict
from sms import conversation, simulator, texts
from tests.sms.helpers import TOKEN, URL, app_config, cases, sms_verdict
from web import store as checks

LANGUAGES = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def parity_app(tmp_path_factory):
    return create_app(app_config(tmp_path_factory.mktemp("parity")))


@pytest.fixture(scope="module")
def scripts(parity_app):
    return {(act_id, lang): simulator.Script.build(parity_app, rules.get_act(act_id), lang)
            for act_id in rules.acts() for lang in LANGUAGES}


def engine(act, answers):
    """The engine alone, as the web asks it: the questions in order, then the verdict."""
    given, asked = {}, []
    while isinstance(step := rules.next_step(act, given), Ask):
        asked.append(step.question.id)
        given[step.question.id] = answers[step.question.id]
    return step, asked, rules.normalise(act, given)


def summary(verdict: Verdict):
    return verdict.outcome, verdict.fraction, [p.id for p in verdict.provisions]


@pytest.mark.parametrize("style", ["number", "words"])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("act_id", "case"), [pytest.param(a, c, id=c["name"])
                                              for a, c in cases()])
def test_a_legal_case_gets_the_same_cited_verdict_by_sms(parity_app, scripts, act_id, case,
                                                         lang, style):
    act = rules.get_act(act_id)
    phone = simulator.Phone(simulator.client_transport(parity_app.test_client()), URL, TOKEN)
    played, stored, verdict = sms_verdict(parity_app, phone, scripts[act_id, lang], act,
                                          case["answers"], style)
    expected, asked, answers = engine(act, case["answers"])
    expect = case["expect"]

    assert played.asked == asked
    assert stored == answers
    assert isinstance(verdict, Verdict)
    assert summary(verdict) == summary(expected)
    assert (verdict.outcome, verdict.fraction) == (expect["outcome"], expect.get("fraction"))
    if "provisions" in expect:
        assert [p.id for p in verdict.provisions] == expect["provisions"]
    with parity_app.test_request_context(), force_locale(lang):
        check = checks.by_code(played.code)
        assert played.result == texts.verdict(act, verdict, conversation.link(check))
