"""The OpenAPI 3.1 document of the JSON API, written by hand to match web/api.py and
web/protocol.py, served at /api/v1/openapi.json.

tests/web/test_openapi.py validates real replies (questions, verdicts of every outcome, errors,
acts, lookups) against these schemas, and tests/web/test_schemathesis.py lets Schemathesis
generate requests from it against the app.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from rules.model import EVIDENCE_LEVELS, OUTCOMES, QUESTION_TYPES


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
EVIDENCE = {"type": "string", "enum": list(EVIDENCE_LEVELS)}
OUTCOME = {"type": "string", "enum": list(OUTCOMES)}
FRACTION = nullable({"type": "string", "enum": ["1/3", "1/4", "1/5"]})


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None,
        closed: bool = True) -> dict[str, Any]:
    """An object schema: every key of `required` must be there; closed: no other keys."""
    schema = {"type": "object", "required": list(required),
              "properties": {**required, **(optional or {})}}
    if closed:
        schema["additionalProperties"] = False
    return schema


SCHEMAS: dict[str, Any] = {
    "AssessRequest": {
        "type": "object",
        "description": "docs/protocol.md: every answer so far, every time (the API keeps no "
                       "state).",
        "properties": {
            "act": {"type": ["string", "null"],
                    "description": "Act id; default (or null): kz-2025-195-viii."},
            "lang": {"type": "string", "enum": ["kk", "ru", "en"]},
            "answers": {
                "type": "object",
                "description": "Question id -> answer; \"unknown\" is \"I don't know\"; an "
                               "empty string or null is not answered.",
                "additionalProperties": {"type": ["string", "boolean", "number", "null"]},
            },
        },
        "examples": [{"lang": "en", "answers": {"article": "190-2", "stage": "sentenced_before",
                                                "damage": "repaid"}}],
    },
    "Error": obj(
        {"error": {"type": "string", "description": "A stable code, e.g. bad_answer, "
                                                    "unknown_act, not_found, too_large."},
         "message": {"type": "string", "description": "In the request's language."}},
        {"question": {"type": "string", "description": "With bad_answer: the question."}},
    ),
    "Option": obj({"value": STRING, "label": STRING}),
    "Question": obj({
        "id": STRING,
        "type": {"type": "string", "enum": list(QUESTION_TYPES)},
        "text": STRING,
        "help": nullable(STRING),
        "options": {"type": "array", "items": ref("Option")},
        "allows_unknown": {"type": "boolean"},
        "number": {"type": "integer", "minimum": 1},
        "remaining_max": {"type": "integer", "minimum": 1},
        "notices": STRINGS,
    }),
    "DecidingProvision": obj({
        "id": STRING, "article": STRING, "probable": {"type": "boolean"}, "evidence": EVIDENCE,
        "title": STRING, "explanation": STRING,
    }),
    "Alternative": obj({
        "value": STRING, "label": STRING, "outcome": OUTCOME, "fraction": FRACTION,
        "provision": nullable(STRING),
    }),
    "Dependency": {"oneOf": [
        obj({"question": STRING, "text": STRING, "answered": {"type": "boolean"},
             "if": {"type": "array", "items": ref("Alternative")}}),
        obj({"provision": STRING, "doubt": STRING, "ask": STRING}),
    ]},
    "Verdict": obj({
        "outcome": OUTCOME,
        "fraction": FRACTION,
        "title": STRING,
        "provisions": {"type": "array", "items": ref("DecidingProvision")},
        "depends_on": {"type": "array", "items": ref("Dependency")},
        "explanation": STRING,
        "next_steps": STRINGS,
        "notes": STRINGS,
        "court_note": STRING,
        "notices": STRINGS,
        "act": STRING,
        "rules_version": STRING,
        "questions_asked": {"type": "integer", "minimum": 0},
    }),
    "AssessReply": {"oneOf": [
        obj({"question": ref("Question")}),
        obj({"verdict": ref("Verdict")}),
    ]},
    "Parameter": obj({
        "id": STRING, "value": {"type": ["string", "number", "boolean"]}, "evidence": EVIDENCE,
        "reference": STRING, "as_of": nullable(STRING),
    }),
    "ActSummary": obj({
        "id": STRING, "number": STRING, "title": STRING, "short_title": STRING,
        "signed": {"type": "string", "format": "date"}, "in_force": ref("Parameter"),
        "source": STRING, "version": STRING, "rules_version": STRING,
    }),
    "ActList": obj({"acts": {"type": "array", "items": ref("ActSummary")}}),
    "Condition": {
        "type": "object",
        "description": "A condition in words: all / any / not (with parts), is (a defined "
                       "term), always, or a test of a fact (eq, in, …) against values.",
        "required": ["op", "text"],
        "properties": {
            "op": STRING,
            "text": STRING,
            "parts": {"type": "array", "items": ref("Condition")},
            "definition": STRING,
            "fact": STRING,
            "values": {"type": "array", "items": obj({
                "value": {"type": ["string", "number", "boolean"]}, "label": STRING})},
        },
        "additionalProperties": False,
    },
    "QuestionDescription": obj({
        "id": STRING,
        "type": {"type": "string", "enum": list(QUESTION_TYPES)},
        "text": STRING,
        "help": nullable(STRING),
        "options": {"type": "array", "items": ref("Option")},
        "allows_unknown": {"type": "boolean"},
        "asked_when": nullable(ref("Condition")),
        "settles": STRINGS,
    }),
    "CaseAnswer": obj({"question": STRING, "value": {"type": ["string", "number"]},
                       "label": STRING}),
    "LegalCase": obj({
        "number": {"type": "integer", "minimum": 1}, "name": STRING, "outcome": OUTCOME,
        "fraction": FRACTION, "title": STRING,
        "answers": {"type": "array", "items": ref("CaseAnswer")},
    }),
    "ProvisionOutcome": obj({
        "when": nullable(obj({"fact": STRING, "value": STRING, "label": STRING})),
        "outcome": OUTCOME, "fraction": FRACTION, "title": STRING,
    }),
    "Provision": obj({
        "id": STRING,
        "kind": {"type": "string", "enum": ["definition", "blocker", "benefit"]},
        "title": STRING,
        "article": STRING,
        "probable": {"type": "boolean"},
        "evidence": EVIDENCE,
        "source": nullable(STRING),
        "explanation": STRING,
        "quote": nullable(STRING),
        "outcomes": {"type": "array", "items": ref("ProvisionOutcome")},
        "fraction": FRACTION,
        "ask": nullable(STRING),
        "when": ref("Condition"),
        "cases": {"type": "array", "items": ref("LegalCase")},
    }),
    "Note": obj({"id": STRING, "text": STRING, "when": nullable(ref("Condition"))}),
    "EvidenceLevel": obj({"code": EVIDENCE, "label": STRING, "description": STRING}),
    "Act": obj({
        **{k: v for k, v in [
            ("id", STRING), ("number", STRING), ("title", STRING), ("short_title", STRING),
            ("signed", {"type": "string", "format": "date"}), ("in_force", ref("Parameter")),
            ("source", STRING), ("version", STRING), ("rules_version", STRING)]},
        "court_note": STRING,
        "evidence_levels": {"type": "array", "items": ref("EvidenceLevel")},
        "parameters": {"type": "array", "items": ref("Parameter")},
        "questions": {"type": "array", "items": ref("QuestionDescription")},
        "definitions": {"type": "array", "items": obj({
            "id": STRING, "title": STRING,
            "items": {"type": "array", "items": ref("Provision")}})},
        "blockers": {"type": "array", "items": ref("Provision")},
        "benefits": {"type": "array", "items": ref("Provision")},
        "next_steps": {"type": "array", "items": ref("Note")},
        "notes": {"type": "array", "items": ref("Note")},
        "legal_cases": {"type": "integer", "minimum": 0},
    }),
    "LookupItem": obj({
        "number": STRING, "canonical": STRING, "text": nullable(STRING),
        "category": nullable(STRING),
        "tags": {"type": "object", "additionalProperties": STRING},
    }),
    "Lookup": obj({
        "input": STRING,
        "reference": obj({"article": STRING, "part": nullable(STRING), "item": nullable(STRING),
                          "canonical": STRING, "display": STRING}),
        "status": {"type": "string", "enum": [
            "found", "unknown_article", "general_part", "repealed", "unknown_part",
            "missing_part", "unknown_item", "missing_item"]},
        "found": {"type": "boolean"},
        "title": nullable(STRING),
        "kind": nullable({"type": "string", "enum": ["crime", "misdemeanour"]}),
        "category": nullable({"type": "string", "enum": [
            "misdemeanour", "minor", "medium", "grave", "especially_grave"]}),
        "max_years": nullable({"type": "number"}),
        "life": nullable({"type": "boolean"}),
        "intent": nullable(STRING),
        "tags": {"type": "object",
                 "additionalProperties": {"type": "string", "enum": ["yes", "no", "depends"]}},
        "differs": nullable({"type": "string", "enum": ["parts", "items"]}),
        "unclassified": nullable(STRING),
        "text": nullable(STRING),
        "items": {"type": "array", "items": ref("LookupItem")},
        "settles": {"type": "object", "additionalProperties": STRING},
        "notices": STRINGS,
        "data_version": STRING,
    }),
}

LANG_QUERY = {
    "name": "lang", "in": "query", "required": False,
    "description": "Language of the texts and error messages: kk, ru or en (any other value "
                   "is ignored). Else the body's lang, else Accept-Language, else Kazakh.",
    "schema": {"type": "string"},
}


def json_reply(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = json_reply("An error: a stable code and a message in the request's language.",
                   ref("Error"))
TOO_LARGE = json_reply("The body is over the size limit.", ref("Error"))

PATHS: dict[str, Any] = {
    "/api/v1/assess": {"post": {
        "operationId": "assess",
        "summary": "Answers in; the next question or the verdict out.",
        "description": "The protocol of docs/protocol.md, as `amnesty assess --jsonl` speaks "
                       "it. Errors (bad_json, bad_request, unknown_act, unknown_language, "
                       "bad_answer) come with status 400.",
        "parameters": [LANG_QUERY],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": ref("AssessRequest")}}},
        "responses": {
            "200": json_reply("The next question, or the verdict.", ref("AssessReply")),
            "400": ERROR, "413": TOO_LARGE, "default": ERROR,
        },
    }},
    "/api/v1/acts": {"get": {
        "operationId": "listActs",
        "summary": "The acts the tool knows, with their rules versions.",
        "parameters": [LANG_QUERY],
        "responses": {"200": json_reply("The acts.", ref("ActList")), "default": ERROR},
    }},
    "/api/v1/acts/{act_id}": {"get": {
        "operationId": "getAct",
        "summary": "Everything the tool believes about an act (the rules browser as JSON).",
        "parameters": [
            {"name": "act_id", "in": "path", "required": True, "schema": {"type": "string"},
             "example": "kz-2025-195-viii"},
            LANG_QUERY,
        ],
        "responses": {"200": json_reply("The act.", ref("Act")),
                      "404": ERROR, "default": ERROR},
    }},
    "/api/v1/criminal-code": {"get": {
        "operationId": "lookupArticleByQuery",
        "summary": "The Criminal Code lookup, the reference in ?ref= (any notation).",
        "parameters": [
            {"name": "ref", "in": "query", "required": True, "schema": {"type": "string"},
             "example": "ч. 2 ст. 190"},
            LANG_QUERY,
        ],
        "responses": {"200": json_reply("What the Code says about the reference.",
                                        ref("Lookup")),
                      "400": ERROR, "default": ERROR},
    }},
    "/api/v1/criminal-code/{article}": {"get": {
        "operationId": "lookupArticle",
        "summary": "The Criminal Code lookup: category, tags, items, what it settles.",
        "description": "Any notation people write: 190-2, 190/2, ч. 2 ст. 190 (URL-encoded), "
                       "190-бап 2-бөлік. An unreadable reference is 400 bad_reference; a "
                       "readable one that the Code lacks is 200 with its status.",
        "parameters": [
            {"name": "article", "in": "path", "required": True,
             "schema": {"type": "string", "minLength": 1}, "example": "190-2"},
            LANG_QUERY,
        ],
        "responses": {"200": json_reply("What the Code says about the reference.",
                                        ref("Lookup")),
                      "400": ERROR, "default": ERROR},
    }},
    "/api/v1/sheet": {"post": {
        "operationId": "sheet",
        "summary": "Answers in (as /assess); the printable result sheet out, as HTML.",
        "description": "One A4 page in the request's language: the answers, the verdict on "
                       "them as they are, the deciding provisions with a quotation and their "
                       "evidence, what would change the answer, next steps, the act, the rules "
                       "version, the date and the court note. Errors as /assess, in JSON.",
        "parameters": [LANG_QUERY],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": ref("AssessRequest")}}},
        "responses": {
            "200": {"description": "The sheet.", "content": {"text/html": {"schema": STRING}}},
            "400": ERROR, "413": TOO_LARGE, "default": ERROR,
        },
    }},
    "/api/v1/batch": {"post": {
        "operationId": "assessCsv",
        "summary": "A CSV of clients in; the same CSV with each client's verdict added.",
        "description": "docs/batch.md: columns named by question id, `;` or `,`, UTF-8 or "
                       "Windows-1251. The reply is UTF-8 with a BOM. Nothing is kept.",
        "parameters": [
            LANG_QUERY,
            {"name": "act", "in": "query", "required": False, "schema": {"type": "string"}},
        ],
        "requestBody": {"required": True, "content": {"text/csv": {"schema": STRING}}},
        "responses": {
            "200": {"description": "The file with the added columns.",
                    "content": {"text/csv": {"schema": STRING}}},
            "400": ERROR, "404": ERROR, "413": TOO_LARGE, "default": ERROR,
        },
    }},
    "/api/v1/openapi.json": {"get": {
        "operationId": "openapi",
        "summary": "This document.",
        "responses": {"200": json_reply("The OpenAPI document.", {"type": "object"}),
                      "default": ERROR},
    }},
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "amnesty-check API",
        "version": "1",
        "summary": "Who Kazakhstan's amnesty Law No. 195-VIII covers: an estimate with the "
                   "legal basis. The court decides each case.",
        "description": "Stateless JSON over HTTP; no authentication, no cookies, no CSRF. "
                       "See docs/api.md and docs/protocol.md.",
        "license": {"name": "MIT", "identifier": "MIT"},
    },
    "paths": PATHS,
    "components": {"schemas": SCHEMAS},
}


def document() -> dict[str, Any]:
    return deepcopy(DOCUMENT)


def schema_of(name: str) -> dict[str, Any]:
    """A component schema that can be validated on its own (its $refs resolve inside it)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **ref(name),
            "components": {"schemas": SCHEMAS}}
