"""The build step: sanction reading, determinism, the committed data, and the rules' purity."""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

import pytest

from rules.criminal_code import build, sanction
from rules.criminal_code.lookup import DATA

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("words", "value"), [
    ("пяти", 5), ("двенадцати", 12), ("двухсот", 200), ("одной тысячи двухсот", 1200),
    ("ста шестидесяти", 160), ("семи тысяч", 7000), ("двадцати пяти", 25), ("тот", None),
])
def test_number_words_read_as_numbers(words, value):
    assert sanction.number(words) == value


def test_on_the_same_term_takes_the_term_named_before():
    found = sanction.parse("наказывается ограничением свободы на срок до трех лет, либо "
                           "лишением свободы на тот же срок.")
    assert found.prison_years == 3 and found.restriction_years == 3
    assert found.kind == "crime"


def test_a_range_gives_its_upper_limit_and_life_is_seen():
    found = sanction.parse("наказывается лишением свободы на срок от пятнадцати до двадцати "
                           "лет либо пожизненным лишением свободы, с конфискацией имущества.")
    assert (found.prison_years, found.life) == (20, True)


def test_months_count_as_parts_of_a_year():
    assert sanction.parse("лишением свободы на срок до шести месяцев").prison_years == 0.5


def test_a_lifelong_ban_is_not_life_imprisonment():
    found = sanction.parse("наказываются лишением свободы на срок до пяти лет с пожизненным "
                           "лишением права занимать определенные должности.")
    assert (found.prison_years, found.life) == (5, False)


def test_misdemeanour_limits_decide_a_sanction_without_custody():
    small = sanction.parse("штрафом в размере до двухсот месячных расчетных показателей либо "
                           "исправительными работами в том же размере")
    large = sanction.parse("штрафом в размере до двух тысяч месячных расчетных показателей")
    fixed = sanction.parse("штрафом в размере двухсот месячных расчетных показателей")
    arrest = sanction.parse("штрафом в размере до ста месячных расчетных показателей либо "
                            "арестом на срок до тридцати суток")
    multiple = sanction.parse("штрафом от двухкратного до трехкратного размера похищенного")
    assert (small.kind, large.kind, fixed.kind, arrest.kind, multiple.kind) == (
        "misdemeanour", "crime", None, "misdemeanour", "crime")


def test_building_twice_gives_the_same_bytes(records):
    source = {"file": "criminal-code-rk.jsonl", "sha256": "0" * 64}
    assert build.dumps(build.build(records, source)) == build.dumps(build.build(records, source))


def test_rebuilding_from_the_source_reproduces_the_committed_data(source_path, tmp_path):
    out = tmp_path / "data.json"
    report = build.build_file(source_path, out)
    assert out.read_bytes() == DATA.read_bytes()
    assert report.warnings == []


def test_the_header_names_the_source_and_comes_first():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert list(data)[:4] == ["amended_to", "command", "source", "version"]
    assert data["source"]["sha256"] == (
        "6be422d5d08507274c01136839e2fa9d724a9142baa4038080bf09155f1b2558")
    assert data["source"]["document"]["id"] == "K1400000226"
    assert data["source"]["copy"] == {
        "repository": "kittamirlan5555-blip/adilet", "path": "chunks/ugolovniy.jsonl",
        "commit": "7fa4426f35088068a3b491d0bbdc8ae0667cce7a"}
    assert "150-VIII" in data["amended_to"]
    assert data["command"] == "amnesty build-criminal-code ../shared/law/criminal-code-rk.jsonl"
    assert len(data["version"]) == 12


def test_an_unknown_source_file_is_built_without_upstream_claims(records):
    data = build.build(records, {"file": "other.jsonl", "sha256": "f" * 64})
    assert data["source"]["copy"] is None and data["amended_to"] is None
    assert build.report(data).warnings


def test_the_version_follows_the_content(records):
    known = hashlib.sha256(b"x").hexdigest()
    first = build.build(records, {"file": "a.jsonl", "sha256": known})
    second = build.build(records[:-1], {"file": "a.jsonl", "sha256": known})
    assert first["version"] != second["version"]


def test_the_report_counts_classified_and_unclassified_parts():
    report = build.report(json.loads(DATA.read_text(encoding="utf-8")))
    assert report.parts == 1051
    assert report.unclassified == {"form_of_guilt": 17, "kind_undecided": 1, "no_sanction": 4}
    assert report.parts_classified + sum(report.unclassified.values()) == report.parts
    assert report.missing_parts == ["140/1", "318/1", "337/5", "343/1", "362/2", "428/2"]
    assert "188/2/2" in report.missing_items
    assert sum(report.categories.values()) == report.parts_classified
    assert "1029 classified" in str(report)


def test_the_two_source_gaps_visible_in_the_text_are_mended(records):
    from rules.criminal_code.structure import articles

    code = articles(records)
    assert [p.number for p in code["208"].parts] == ["1", "2", "3", "4"]
    assert [p.number for p in code["379"].parts] == ["1", "2"]
    assert code["379"].part("1").source_note.startswith("text of part 1 taken from")
    assert "2.Умышленное" not in code["208"].part("1").sanction


def test_the_note_records_are_skipped(records):
    from rules.criminal_code.structure import articles

    assert [p.number for p in articles(records)["146"].parts] == ["1", "2", "3", "4"]


def test_the_module_runs_as_a_command(source_path, tmp_path, capsys):
    assert build.main([str(source_path), str(tmp_path / "out.json")]) == 0
    assert "Special Part: 1051 parts" in capsys.readouterr().out
    assert build.main([]) == 2


FORBIDDEN = {"flask", "werkzeug", "flask_babel", "twilio"}


def test_nothing_under_rules_imports_a_web_or_sms_library():
    offenders = []
    for path in sorted((ROOT / "rules").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_the_source_jsonl_is_not_kept_in_the_repository():
    places = [ROOT, ROOT / "rules", ROOT / "tests"]
    assert not [p for place in places for p in place.rglob("*.jsonl") if ".venv" not in p.parts]
