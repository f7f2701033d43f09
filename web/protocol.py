"""The JSON shapes of a question, a verdict and an error: one protocol for `amnesty assess
--jsonl` and the JSON API, documented in docs/protocol.md.

A request is `{"act": "<id, optional>", "lang": "kk|ru|en", "answers": {"<question>": value}}`;
the reply is `{"question": {...}}`, `{"verdict": {...}}` or `{"error": "<code>", "message": "..."}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

import rules
from rules import Act, AnswerError, Ask, Dependency, Question, Verdict
from web import present
from web.i18n import languages

ERRORS = {
    "bad_json": _l("The request is not valid JSON."),
    "bad_request": _l("The request must be a JSON object with \"answers\", a mapping of "
                      "question id to answer."),
    "unknown_act": _l("There is no act with this id."),
    "unknown_language": _l("Unknown language: use kk, ru or en."),
}


class ProtocolError(ValueError):
    def __init__(self, code: str, message: str, **extra):
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra

    def json(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


def error(code: str) -> ProtocolError:
    return ProtocolError(code, str(ERRORS[code]))


def respond(request: Any, default_lang: str) -> dict[str, Any]:
    """The reply to one request, in the request's language (errors included)."""
    lang = request.get("lang", default_lang) if isinstance(request, Mapping) else default_lang
    if lang not in languages():
        lang = default_lang
        with force_locale(lang):
            return error("unknown_language").json()
    with force_locale(lang):
        try:
            act, answers = parse(request)
            return step_json(act, rules.next_step(act, answers))
        except ProtocolError as e:
            return e.json()
        except AnswerError as e:
            return answer_error(act, e).json()


def parse(request: Any) -> tuple[Act, Mapping]:
    """The act and the answers of a request; ProtocolError when it is not one."""
    if not isinstance(request, Mapping) or not isinstance(request.get("answers", {}), Mapping):
        raise error("bad_request")
    if not isinstance(request.get("act"), str | None):
        raise error("unknown_act")
    try:
        act = rules.get_act(request.get("act"))
    except KeyError:
        raise error("unknown_act") from None
    return act, request.get("answers", {})


def answer_error(act: Act, e: AnswerError) -> ProtocolError:
    return ProtocolError("bad_answer", present.text(act, e.message), question=e.question_id)


def step_json(act: Act, step: Ask | Verdict) -> dict[str, Any]:
    if isinstance(step, Ask):
        return {"question": question_json(act, step)}
    return {"verdict": verdict_json(act, step)}


def question_fields(act: Act, q: Question) -> dict[str, Any]:
    """A question as JSON, in the request's language (also the rules browser's first fields)."""
    return {
        "id": q.id,
        "type": q.type,
        "text": present.text(act, q.text),
        "help": present.text(act, q.help) or None,
        "options": [{"value": c.value, "label": c.label} for c in present.choices(act, q)],
        "allows_unknown": q.allows_unknown,
    }


def question_json(act: Act, step: Ask) -> dict[str, Any]:
    return {
        **question_fields(act, step.question),
        "number": step.number,
        "remaining_max": step.remaining_max,
        "notices": [present.text(act, n) for n in step.notices],
    }


def verdict_json(act: Act, v: Verdict) -> dict[str, Any]:
    return {
        "outcome": v.outcome,
        "fraction": v.fraction,
        "title": present.outcome_title(v),
        "provisions": [
            {
                "id": p.id,
                "article": present.text(act, p.citation.article),
                "probable": p.citation.probable,
                "evidence": p.citation.evidence,
                "title": present.text(act, p.title),
                "explanation": present.text(act, p.explanation),
            }
            for p in v.provisions
        ],
        "depends_on": [_dependency_json(act, d) for d in v.depends_on],
        "explanation": " ".join(present.text(act, p.explanation) for p in v.provisions),
        "next_steps": [present.text(act, m) for m in v.next_steps],
        "notes": [present.text(act, m) for m in v.notes],
        "court_note": present.text(act, v.court_note),
        "notices": [present.text(act, n) for n in v.notices],
        "act": act.id,
        "rules_version": act.rules_version,
        "questions_asked": v.questions_asked,
    }


def _dependency_json(act: Act, d) -> dict[str, Any]:
    if not isinstance(d, Dependency):
        p = d.provision
        return {"provision": p.id, "doubt": present.text(act, p.explanation),
                "ask": present.text(act, p.ask)}
    return {
        "question": d.question_id,
        "text": present.text(act, d.question.text),
        "answered": d.answered,
        "if": [
            {
                "value": a.value,
                "label": present.answer_label(act, d.question, a.value),
                "outcome": a.outcome,
                "fraction": a.fraction,
                "provision": a.provision.id if a.provision else None,
            }
            for a in d.alternatives
        ],
    }
