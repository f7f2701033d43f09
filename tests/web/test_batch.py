"""Batch assessment: CSV in every encoding and delimiter a lawyer's spreadsheet writes, values
in three languages, bad cells reported per row and cell, the other rows still assessed; the CLI
and the API; nothing kept."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
import yaml
from flask_babel import force_locale

import rules
from tests import database
from web import batch

ROOT = Path(__file__).resolve().parents[2]
CASES = yaml.safe_load((ROOT / "tests/rules/cases/kz-2025-195-viii.yaml").read_text("utf-8"))
ACT = rules.default_act()


def table(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def results(app, data: bytes, lang="en") -> list[dict[str, str]]:
    with app.app_context(), force_locale(lang):
        out, _, _ = batch.run(data)
    text = out.decode("utf-8")
    assert text.startswith("\ufeff")
    delimiter = batch.sniff_delimiter(text[1:].split("\n", 1)[0])
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


def plain(value):
    return "yes" if value is True else "no" if value is False else str(value)


def test_every_legal_case_as_a_row_gets_its_outcome(app):
    act = ACT
    columns = [q.id for q in act.questions]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["ref", *columns])
    for n, case in enumerate(CASES["cases"]):
        writer.writerow([f"C{n}", *(plain(case["answers"].get(c, "")) for c in columns)])
    rows = results(app, out.getvalue().encode())
    assert len(rows) == len(CASES["cases"])
    for row, case in zip(rows, CASES["cases"], strict=True):
        expect = case["expect"]
        assert row["outcome"] == expect["outcome"], case["name"]
        assert row["fraction"] == (expect.get("fraction") or ""), case["name"]
        if "provisions" in expect:
            assert row["provisions"].split(" | ") == expect["provisions"], case["name"]
        assert not row["errors"]
        assert row["act"] == act.id and row["rules_version"] == act.rules_version


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_encodings_and_delimiters(app, encoding, delimiter):
    text = delimiter.join(["Клиент", "article", "stage", "damage"]) + "\r\n"
    text += delimiter.join(["Иванов", "ч. 2 ст. 190", "sentenced_before", "repaid"]) + "\r\n"
    rows = results(app, table(text, encoding))
    assert rows[0]["outcome"] == "release_from_punishment"
    assert rows[0]["Клиент"] == "Иванов"
    assert list(rows[0])[:4] == ["Клиент", "article", "stage", "damage"]


def test_yes_no_and_unknown_in_three_languages(app):
    text = "article,stage,offence_date,criminal_group,sex,vulnerable_man,veteran\n"
    text += "104 ч.1,sentenced_before,before,Нет,man,none,\n"
    text += "104 ч.1,sentenced_before,before,жоқ,man,none,\n"
    text += "104 ч.1,Sentenced_Before,before,NO,man,none,\n"
    text += "104 ч.1,sentenced_before,before,не знаю,man,none,\n"
    text += "104 ч.1,sentenced_before,before,білмеймін,man,none,иә\n"
    rows = results(app, table(text))
    assert [r["errors"] for r in rows] == [""] * 5
    assert [r["doubts"] for r in rows[:3]] == ["D9"] * 3
    assert "criminal_group=unknown" in rows[3]["missing"]


def test_bad_cells_are_reported_per_row_and_cell_and_the_rest_is_assessed(app):
    text = "ref;article;stage;damage;sex\n"
    text += "A;190-2;sentenced_before;repaid;\n"
    text += "B;190-2;in prison;repaid;robot\n"
    text += "C;nothing here;sentenced_before;repaid;\n"
    rows = results(app, table(text))
    assert rows[0]["outcome"] == "release_from_punishment" and not rows[0]["errors"]
    errors = rows[1]["errors"].split(" | ")
    assert [e.split(":")[0] for e in errors] == ["stage", "sex"]
    assert rows[1]["outcome"] == "undetermined" and "stage" in rows[1]["missing"].split(" | ")
    assert rows[2]["errors"].startswith("article: ")
    assert rows[2]["outcome"] == "undetermined"


def test_errors_are_in_the_chosen_language(app):
    text = "stage\nin prison\n"
    english = results(app, table(text), "en")[0]["errors"]
    russian = results(app, table(text), "ru")[0]["errors"]
    assert english.startswith("stage: Choose") and russian.startswith("stage: Выберите")


def test_an_undetermined_row_lists_the_missing_questions(app):
    rows = results(app, table("article;stage\n190-2;sentenced_before\n"))
    assert rows[0]["outcome"] == "undetermined"
    assert rows[0]["missing"].split(" | ")[0] == "damage"


def test_comment_rows_and_empty_rows_pass_through(app):
    text = "article;stage\n# a note;for the lawyer\n;\n190-1;sentenced_before\n"
    rows = results(app, table(text))
    assert rows[0]["article"] == "# a note" and not rows[0]["outcome"]
    assert rows[1]["outcome"] == "" and rows[2]["outcome"] == "release_from_punishment"


def test_a_results_file_can_be_assessed_again(app):
    first = results(app, table("article;stage\n190-1;sentenced_before\n"))
    with app.app_context(), force_locale("en"):
        out, _, _ = batch.run(table("article;stage\n190-1;sentenced_before\n"))
        again, _, _ = batch.run(out)
    header = again.decode("utf-8-sig").splitlines()[0].split(";")
    assert header.count("outcome") == 1 and len(header) == 2 + len(batch.RESULT_COLUMNS)
    assert first[0]["outcome"] == "release_from_punishment"


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "empty"), (b"\n\n", "empty"), (b"name;phone\nA;1\n", "no column"),
    (b"PK\x03\x04\x00\x00", "not text")])
def test_unreadable_files_are_refused_with_a_reason(app, data, problem):
    with app.app_context(), force_locale("en"), pytest.raises(batch.CsvError) as e:
        batch.read(data)
    assert problem in e.value.problem()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_template_reads_back_as_an_empty_list_of_clients(app, lang):
    with app.app_context(), force_locale(lang):
        data = batch.template(ACT, lang)
        parsed = batch.read(data)
        out, _, rows = batch.run(data)
    assert data.startswith("\ufeff".encode())
    assert parsed.delimiter == ("," if lang == "en" else ";")
    assert sorted(parsed.columns.values()) == sorted(q.id for q in ACT.questions)
    assert all(batch.is_comment(r) for r in parsed.rows) and len(parsed.rows) == 2
    assert all(r.verdict is None for r in rows)


def test_result_names_are_safe():
    assert batch.result_name("clients.csv") == "clients-results.csv"
    assert batch.result_name("../../etc/x.CSV") == "x-results.csv"
    assert batch.result_name('a"b.csv') == "a_b-results.csv"
    assert batch.result_name("") == "clients-results.csv"


# -- the command line --------------------------------------------------------------------------


def test_amnesty_batch_writes_the_results_and_reports_on_stderr(app, tmp_path):
    source = tmp_path / "clients.csv"
    source.write_bytes(table("ref;article;stage\nA;190-1;sentenced_before\nB;190-1;jail\n",
                             "cp1251"))
    target = tmp_path / "results.csv"
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["batch", str(source), "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig")), delimiter=";"))
    assert [r["outcome"] for r in rows] == ["release_from_punishment", "undetermined"]
    assert "row 3, stage: Choose one of the options" in result.stderr
    assert "Columns passed through unread: ref" in result.stderr
    assert result.stdout == ""


def test_amnesty_batch_refuses_an_unreadable_file(app, tmp_path):
    source = tmp_path / "clients.csv"
    source.write_bytes(b"name;phone\n")
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["batch", str(source), "-o", str(tmp_path / "out.csv"), "--lang", "en"])
    assert result.exit_code == 1 and "no column is named by a question id" in result.stderr


# -- the API, and nothing kept -------------------------------------------------------------------


def test_the_api_returns_the_file_with_the_results(client):
    data = table("ref;article;stage\nA;190-1;sentenced_before\n", "cp1251")
    response = client.post("/api/v1/batch?lang=ru", data=data, content_type="text/csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")),
                               delimiter=";"))
    assert rows[0]["verdict"].startswith("Вероятно")


def test_nothing_uploaded_is_kept(app, client, tmp_path, monkeypatch):
    import tempfile

    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    before = set(os.listdir(app.instance_path)) if os.path.isdir(app.instance_path) else set()
    data = table("ref;article;stage\nSECRET-CLIENT;190-1;sentenced_before\n") * 2000
    assert client.post("/api/v1/batch", data=data, content_type="text/csv").status_code == 200
    assert list(spool.iterdir()) == []
    after = set(os.listdir(app.instance_path)) if os.path.isdir(app.instance_path) else set()
    assert after == before
    assert "SECRET-CLIENT" not in database.text_stored(app.config["DATABASE_URL"])
