import pytest
import yaml

from rules import ActError, load_act
from tests.rules.tiny_act import TINY_ACT


def write(tmp_path, text, name="act.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mutate(change):
    data = yaml.safe_load(TINY_ACT)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_tiny_act_loads(tmp_path):
    act = load_act(write(tmp_path, TINY_ACT))
    assert act.id == "tiny"
    assert [q.id for q in act.questions] == ["kind", "age", "day", "paid"]
    assert act.rules_version.startswith("1+")


def test_the_rules_version_changes_with_the_file(tmp_path):
    one = load_act(write(tmp_path, TINY_ACT, "one.yaml"))
    two = load_act(write(tmp_path, TINY_ACT.replace("Nothing applies.", "No."), "two.yaml"))
    assert one.rules_version != two.rules_version


def drop_citation(d):
    del d["benefits"][0]["article"]


def unknown_question(d):
    d["benefits"][0]["when"] = {"colour": "red"}


def duplicate_question(d):
    d["questions"].append(dict(d["questions"][0]))


def duplicate_provision(d):
    d["blockers"][0]["id"] = "release"


def unknown_operator(d):
    d["blockers"][0]["when"] = {"fact": "age", "under": 18}


def bad_date(d):
    d["signed"] = "23 June 2025"


def bad_evidence(d):
    d["benefits"][1]["evidence"] = "X"


def unknown_outcome(d):
    d["benefits"][1]["outcome"] = "pardon"


def no_catch_all(d):
    d["benefits"].pop()


def unknown_placeholder(d):
    d["questions"][0]["text"] = "Which kind on %(someday)s?"


def undetermined_without_ask(d):
    d["blockers"][0]["outcome"] = "undetermined"


def doubt_before_certainty(d):
    d["blockers"].insert(0, {**d["blockers"][0], "id": "doubt", "outcome": "undetermined",
                             "ask": "Ask a lawyer."})


def unknown_option_value(d):
    d["benefits"][0]["when"] = {"kind": "medium"}


def options_on_yes_no(d):
    d["questions"][3]["options"] = [{"value": "a", "label": "A"}]


def unknown_deriver(d):
    d["questions"][0] = {"id": "art", "type": "article", "text": "Article?", "deriver": "nope"}


@pytest.mark.parametrize(("change", "item", "problem"), [
    (drop_citation, "benefits[0] (release)", "missing citation"),
    (unknown_question, "benefits[0] (release).when", "unknown fact or operator 'colour'"),
    (duplicate_question, "questions", "duplicate id 'kind'"),
    (duplicate_provision, "provisions", "duplicate id 'release'"),
    (unknown_operator, "blockers[0] (young).when", "unknown operator 'under'"),
    (bad_date, "signed", "bad date '23 June 2025'"),
    (bad_evidence, "benefits[1] (reduce).evidence", "unknown evidence level 'X'"),
    (unknown_outcome, "benefits[1] (reduce).outcome", "unknown outcome 'pardon'"),
    (no_catch_all, "benefits[1]", "must apply 'always'"),
    (unknown_placeholder, "questions[0] (kind).text", "unknown parameter %(someday)s"),
    (undetermined_without_ask, "blockers[0] (young)", "missing 'ask'"),
    (doubt_before_certainty, "blockers[1] (young)", "must come before"),
    (unknown_option_value, "benefits[0] (release).when", "'medium' is not a value of fact 'kind'"),
    (options_on_yes_no, "questions[3] (paid).options", "has no options"),
    (unknown_deriver, "questions[0] (art).deriver", "unknown deriver 'nope'"),
])
def test_a_broken_act_names_the_file_the_item_and_the_problem(tmp_path, change, item, problem):
    path = write(tmp_path, mutate(change))
    with pytest.raises(ActError) as error:
        load_act(path)
    assert error.value.path == str(path)
    assert error.value.item == item
    assert problem in error.value.problem
    assert str(error.value).startswith(f"{path}: {item}: ")


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    with pytest.raises(ActError, match="is not valid YAML"):
        load_act(write(tmp_path, "id: [unclosed"))


def test_a_duplicate_key_is_refused_rather_than_silently_overwritten(tmp_path):
    with pytest.raises(ActError, match="duplicate key 'id'"):
        load_act(write(tmp_path, "id: a\nid: b\n"))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ActError, match="cannot be read"):
        load_act(tmp_path / "absent.yaml")
