"""The OpenAPI document matches the code: real replies of every kind validate against its
schemas, and every route under /api/v1 is documented (and nothing else)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

import rules
from web import openapi

ROOT = Path(__file__).resolve().parents[2]
CASES = yaml.safe_load((ROOT / "tests/rules/cases/kz-2025-195-viii.yaml").read_text("utf-8"))


def validate(body, schema_name):
    jsonschema.validate(body, openapi.schema_of(schema_name),
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def case_for(outcome):
    return next(c for c in CASES["cases"] if c["expect"]["outcome"] == outcome)


def answers(case):
    return {k: "yes" if v is True else "no" if v is False else v
            for k, v in case["answers"].items()}


def test_the_document_is_served_and_is_openapi_3_1(client):
    served = client.get("/api/v1/openapi.json").get_json()
    assert served == openapi.document()
    assert served["openapi"].startswith("3.1")
    jsonschema.Draft202012Validator.check_schema(openapi.schema_of("Act"))


def test_every_api_route_is_documented_and_every_documented_path_exists(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((path, method.lower()))
    documented = {(path, method) for path, ops in openapi.PATHS.items() for method in ops}
    assert routes == documented


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("outcome", rules.model.OUTCOMES)
def test_verdicts_of_every_outcome_validate(client, outcome, lang):
    reply = client.post("/api/v1/assess", json={"lang": lang,
                                                "answers": answers(case_for(outcome))})
    assert reply.status_code == 200
    body = reply.get_json()
    assert body["verdict"]["outcome"] == outcome
    validate(body, "AssessReply")


def test_a_verdict_with_both_kinds_of_dependency_validates(client):
    body = client.post("/api/v1/assess", json={"answers": {
        "article": "99 ч.1", "stage": "sentenced_before", "sex": "man",
        "vulnerable_man": "man_60", "recidivism": "unknown"}}).get_json()
    kinds = {"question" in d for d in body["verdict"]["depends_on"]}
    assert kinds == {True, False}
    validate(body, "AssessReply")


def test_every_question_validates(client):
    client.application.config["RATELIMIT_ENABLED"] = False  # hundreds of requests in a row
    for case in CASES["cases"][:40]:
        given = {}
        for qid, value in answers(case).items():
            body = client.post("/api/v1/assess", json={"answers": given}).get_json()
            validate(body, "AssessReply")
            given[qid] = value


@pytest.mark.parametrize("body", [
    "{", "[]", '{"act": "x"}', '{"lang": "de"}', '{"answers": {"damage": "x"}}'])
def test_protocol_errors_validate(client, body):
    reply = client.post("/api/v1/assess", data=body, content_type="application/json")
    assert reply.status_code == 400
    validate(reply.get_json(), "Error")


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/nothing"), ("get", "/api/v1/assess"), ("get", "/api/v1/acts/x"),
    ("get", "/api/v1/criminal-code/abc"), ("post", "/api/v1/batch")])
def test_http_errors_validate(client, method, path):
    reply = getattr(client, method)(path)
    assert reply.status_code >= 400
    validate(reply.get_json(), "Error")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_acts_validate(client, lang):
    validate(client.get(f"/api/v1/acts?lang={lang}").get_json(), "ActList")
    for act_id in rules.acts():
        validate(client.get(f"/api/v1/acts/{act_id}?lang={lang}").get_json(), "Act")


@pytest.mark.parametrize("ref", ["190-2", "190-3", "ст. 190", "189/3/1", "999", "10", "218-1/4",
                                 "ст. 140 ч. 1", "104 ч.1", "1-1"])
def test_lookups_validate(client, ref):
    reply = client.get("/api/v1/criminal-code", query_string={"ref": ref})
    body = reply.get_json()
    validate(body, "Lookup" if reply.status_code == 200 else "Error")
    json.dumps(body)
