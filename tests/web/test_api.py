"""The JSON API under /api/v1: the CLI's protocol over HTTP, acts, the Criminal Code lookup,
JSON errors in the request's language, size limits, no CSRF, no state."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from flask_wtf.csrf import CSRFProtect

import rules
from app import create_app
from web import api


def post(client, body, path="/api/v1/assess", **kwargs):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json", **kwargs)


def jsonl(app, *requests):
    """What `amnesty assess --jsonl` replies to these requests."""
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["assess", "--jsonl"], input="".join(json.dumps(r) + "\n" for r in requests))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


REQUESTS = [
    {"lang": "en", "answers": {}},
    {"lang": "ru", "answers": {"article": "190-2"}},
    {"lang": "kk", "answers": {"article": "190-2", "stage": "sentenced_before",
                               "damage": "repaid"}},
    {"lang": "en", "answers": {"article": "unknown", "stage": "pending", "offence_date": "window"}},
    {"lang": "en", "answers": {"stage": "served"}},
    {"lang": "en", "answers": {"damage": "sometimes"}},
    {"lang": "en", "act": "no-such-act", "answers": {}},
    {"lang": "xx", "answers": {}},
    {"lang": "en", "answers": []},
]


def test_assess_replies_exactly_as_the_command_line_does(app, client):
    for request, expected in zip(REQUESTS, jsonl(app, *REQUESTS), strict=True):
        response = post(client, request)
        assert response.get_json() == expected
        assert response.status_code == (400 if "error" in expected else 200)
        assert response.headers["Cache-Control"] == "no-store"


def test_a_question_then_a_verdict(client):
    question = post(client, {"lang": "en", "answers": {"article": "190-2"}}).get_json()
    assert question["question"]["id"] == "stage"
    verdict = post(client, {"lang": "en", "answers": {
        "article": "190-2", "stage": "sentenced_before", "damage": "repaid"}}).get_json()
    assert verdict["verdict"]["outcome"] == "release_from_punishment"
    assert verdict["verdict"]["provisions"][0]["id"] == "B1.2"


@pytest.mark.parametrize(("body", "code"), [
    ("{not json", "bad_json"),
    (b"\xff\xfe\x00", "bad_json"),
    ("[" * 5000 + "]" * 5000, "bad_json"),
    ("[1, 2]", "bad_request"),
    ('{"answers": "190-2"}', "bad_request"),
    ('{"act": "nope", "answers": {}}', "unknown_act"),
    ('{"act": ["kz-2025-195-viii"], "answers": {}}', "unknown_act"),
    ('{"lang": "de", "answers": {}}', "unknown_language"),
    ('{"answers": {"colour": "red"}}', "bad_answer"),
    ('{"answers": {"stage": "unknown"}}', "bad_answer"),
    ('{"answers": {"article": 190}}', "bad_answer"),
    ('{"answers": {"article": "nothing here"}}', "bad_answer"),
])
def test_bad_requests_get_a_stable_code_and_400(client, body, code):
    response = post(client, body)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    reply = response.get_json()
    assert reply["error"] == code and reply["message"]


def test_bad_answer_names_the_question_in_the_requests_language(client):
    reply = post(client, {"lang": "ru", "answers": {"damage": "sometimes"}}).get_json()
    assert reply["question"] == "damage"
    assert reply["message"].startswith("Выберите")


@pytest.mark.parametrize(("how", "expected"), [
    ({"query_string": {"lang": "ru"}}, "ru"),
    ({"headers": {"Accept-Language": "en-GB,en;q=0.9"}}, "en"),
    ({"headers": {"Accept-Language": "kk-KZ,ru;q=0.8"}}, "kk"),
    ({}, "kk"),
])
def test_error_messages_follow_lang_then_accept_language_then_kazakh(client, how, expected):
    response = client.get("/api/v1/no-such-thing", **how)
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert response.headers["Content-Language"] == expected
    english = client.get("/api/v1/no-such-thing?lang=en").get_json()["message"]
    assert (response.get_json()["message"] == english) == (expected == "en")


def test_the_bodys_language_wins_for_assess(client):
    reply = post(client, "{oops", query_string={"lang": "en"}).get_json()
    assert reply["message"] == "The request is not valid JSON."
    reply = post(client, {"lang": "ru", "answers": {"colour": 1}},
                 query_string={"lang": "en"}).get_json()
    assert "colour" in reply["message"] and reply["message"] != reply["message"].encode(
        "ascii", "ignore").decode()


def test_wrong_method_is_json_405_with_allow(client):
    response = client.get("/api/v1/assess?lang=en")
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]
    assert client.delete("/api/v1/acts").status_code == 405


def test_bodies_over_the_limit_get_json_413(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite",
                      "API_MAX_CONTENT_LENGTH": 1000, "BATCH_MAX_CONTENT_LENGTH": 2000})
    client = app.test_client()
    big = {"lang": "en", "answers": {"article": "1" * 1000}}
    response = post(client, big, query_string={"lang": "en"})  # the body is never read
    assert response.status_code == 413
    assert response.get_json() == {"error": "too_large", "message": "The request is too large."}
    assert post(client, {"answers": {}}).status_code == 200
    csv = "article\n" + "190-2\n" * 200  # 1,206 bytes: over the API's limit, within the batch's
    assert client.post("/api/v1/batch", data=csv, content_type="text/csv").status_code == 200
    response = client.post("/api/v1/batch", data=csv * 2, content_type="text/csv")
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def test_an_unexpected_failure_is_json_500_without_details(app, monkeypatch):
    app.testing = False  # as in production: the exception becomes a 500 reply

    def broken(act):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(api.rulebook, "summary", broken)
    response = app.test_client().get("/api/v1/acts?lang=en")
    assert response.status_code == 500
    assert response.get_json()["error"] == "server_error"
    assert "secret" not in response.get_data(as_text=True)


def test_errors_outside_the_api_are_not_json(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype != "application/json"


@pytest.mark.parametrize("csrf_first", [True, False])
def test_csrf_protection_of_the_site_does_not_apply_to_the_api(tmp_path, csrf_first):
    config = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite",
              "WTF_CSRF_ENABLED": True}
    app = create_app(config)
    if not csrf_first:  # CSRFProtect set up after the API (as a later create_app step)
        CSRFProtect(app)
    else:
        app = _app_with_csrf_before_api(config)
    assert "csrf" in app.extensions
    response = post(app.test_client(), {"answers": {}})
    assert response.status_code == 200, response.get_data(as_text=True)


def _app_with_csrf_before_api(config):
    from flask import Flask

    from web import commands, db, i18n
    from web import config as configuration

    app = Flask("app", instance_relative_config=True)
    configuration.init_app(app, config)
    i18n.init_app(app)
    db.init_app(app)
    commands.init_app(app)
    CSRFProtect(app)
    api.init_app(app)
    return app


def test_the_api_keeps_no_state_and_sets_no_cookie(app, client):
    response = post(client, {"answers": {"article": "190-2", "stage": "served"}})
    assert "Set-Cookie" not in response.headers
    from sqlalchemy import func, select

    from web import store
    with app.app_context():
        session = app.extensions["db"]()
        assert session.scalar(select(func.count()).select_from(store.Check)) == 0


# -- acts ----------------------------------------------------------------------------------


def test_acts_lists_every_act_with_its_rules_version(client):
    listed = client.get("/api/v1/acts?lang=en").get_json()["acts"]
    assert [a["id"] for a in listed] == sorted(rules.acts())
    act = rules.default_act()
    assert listed[0]["rules_version"] == act.rules_version
    assert listed[0]["in_force"]["evidence"] == act.in_force.evidence


def test_an_act_lists_every_question_and_provision(client):
    act = rules.default_act()
    described = client.get(f"/api/v1/acts/{act.id}?lang=ru").get_json()
    assert [q["id"] for q in described["questions"]] == [q.id for q in act.questions]
    provisions = [p["id"] for d in described["definitions"] for p in d["items"]]
    provisions += [p["id"] for p in described["blockers"] + described["benefits"]]
    assert provisions == [p.id for p in act.provisions]
    assert described["court_note"].startswith("Это")  # Russian


def test_an_unknown_act_is_404_unknown_act(client):
    response = client.get("/api/v1/acts/nope?lang=en")
    assert response.status_code == 404
    assert response.get_json()["error"] == "unknown_act"


# -- the Criminal Code lookup ----------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/api/v1/criminal-code/190-2",
    "/api/v1/criminal-code/190/2",
    "/api/v1/criminal-code/" + quote("ч. 2 ст. 190"),
    "/api/v1/criminal-code/" + quote("190-бап 2-бөлік"),
    "/api/v1/criminal-code?ref=" + quote("article 190 part 2"),
])
def test_the_lookup_reads_every_notation(client, path):
    reply = client.get(path).get_json()
    assert reply["reference"]["canonical"] == "190/2"
    assert reply["status"] == "found" and reply["category"] == "medium"
    assert reply["settles"]["category"] == "medium"
    assert reply["settles"]["fraud_or_embezzlement"] == "yes"


def test_the_lookup_lists_the_items_of_a_part_and_the_parts_of_an_article(client):
    part = client.get("/api/v1/criminal-code/190-3").get_json()
    assert [i["number"] for i in part["items"]][:2] == ["1", "2"]
    assert part["items"][1]["tags"]["corruption"] == "yes"
    article = client.get("/api/v1/criminal-code/" + quote("ст. 190")).get_json()
    assert article["differs"] == "parts" and len(article["items"]) >= 4
    assert article["notices"]  # "the parts of article 190 differ: add the part"


def test_an_unknown_article_is_found_false_with_a_notice(client):
    reply = client.get("/api/v1/criminal-code/999-1?lang=en").get_json()
    assert reply["status"] == "unknown_article" and reply["found"] is False
    assert reply["notices"] == ["Article 999 is not in the Criminal Code."]


def test_an_unreadable_reference_is_400_in_the_language(client):
    response = client.get("/api/v1/criminal-code/abc?lang=ru")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_reference"
    assert client.get("/api/v1/criminal-code?ref=").get_json()["error"] == "missing_reference"
