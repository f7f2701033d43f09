"""The legal cases in tests/rules/cases/<act-id>.yaml, run through the questionnaire's flow."""

from pathlib import Path

import pytest
import yaml

import rules
from rules import Ask, Dependency

CASES_DIR = Path(__file__).parent / "cases"


def load_cases() -> list:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [pytest.param(data["act"], case, id=case["name"]) for case in data["cases"]]
    return out


def play(act, answers):
    """Answer the flow's questions from `answers`; return the verdict and the questions asked."""
    given, asked = {}, []
    while True:
        step = rules.next_step(act, given)
        if not isinstance(step, Ask):
            return step, asked
        qid = step.question.id
        assert qid in answers, f"the flow asks '{qid}', which the case does not answer"
        given[qid] = answers[qid]
        asked.append(qid)


@pytest.mark.parametrize(("act_id", "case"), load_cases())
def test_legal_case(act_id, case):
    act = rules.get_act(act_id)
    verdict, asked = play(act, case["answers"])
    expect = case["expect"]
    unused = set(case["answers"]) - set(asked)
    assert not unused, f"answers never asked for: {sorted(unused)}"
    assert verdict.outcome == expect["outcome"]
    assert verdict.fraction == expect.get("fraction")
    if "provisions" in expect:
        assert [p.id for p in verdict.provisions] == expect["provisions"]
    depends = [d.question_id if isinstance(d, Dependency) else d.provision.id
               for d in verdict.depends_on]
    assert depends == expect.get("depends_on", [])
    if "notes" in expect:
        note_ids = {n.text: n.id for n in act.notes}
        notes = [note_ids[m.id] for m in verdict.notes]
        assert set(expect["notes"]) <= set(notes)
