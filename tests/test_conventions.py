"""Team rules, as tests."""

import ast
from pathlib import Path

import pytest
import yaml

import rules
from rules import Ask

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_ENGINE = {"flask", "flask_babel", "flask_wtf", "werkzeug", "twilio", "wtforms",
                       "sqlalchemy"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "rules").rglob("*.py")), ids=str)
def test_the_engine_imports_no_web_sms_or_database_library(path):
    assert not imports(path) & FORBIDDEN_IN_ENGINE


def cases_by_act():
    out = {}
    for path in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["act"]] = data["cases"]
    return out


@pytest.mark.parametrize("act_id", sorted(rules.acts()))
def test_every_act_has_legal_cases(act_id):
    assert len(cases_by_act().get(act_id, [])) >= 80


@pytest.mark.parametrize("act_id", sorted(rules.acts()))
def test_every_provision_is_cited_and_decides_at_least_one_case(act_id):
    act = rules.get_act(act_id)
    deciding = set()
    for case in cases_by_act()[act_id]:
        deciding |= set(case["expect"].get("provisions", []))
        deciding |= {d for d in case["expect"].get("depends_on", []) if act.provision(d)}
    for provision in act.provisions:
        assert provision.citation.article and provision.citation.evidence
        assert provision.id in deciding, f"no legal case is decided by {provision.id}"


@pytest.mark.parametrize("act_id", sorted(rules.acts()))
def test_every_question_is_asked_by_some_case(act_id):
    act = rules.get_act(act_id)
    asked = set()
    for case in cases_by_act()[act_id]:
        given = {}
        while isinstance(step := rules.next_step(act, given), Ask):
            asked.add(step.question.id)
            given[step.question.id] = case["answers"][step.question.id]
    assert {q.id for q in act.questions} - asked == set()


def test_legal_case_names_are_sentences():
    for cases in cases_by_act().values():
        names = [c["name"] for c in cases]
        assert len(names) == len(set(names)), "two cases share a name"
        for name in names:
            assert name[0].isupper() and " " in name and not name.endswith(".")


def test_the_protocol_documents_every_question_and_value():
    doc = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    for act in rules.acts().values():
        for question in act.questions:
            assert f"`{question.id}`" in doc
            for value in question.values:
                assert f"`{value}`" in doc, (question.id, value)
