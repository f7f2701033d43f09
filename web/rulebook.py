"""Everything the tool believes about an act, in the current language: what the rules browser
(/<lang>/rules/<act-id>) shows and `GET /api/v1/acts/<act-id>` returns.

It is generated from the act file (and the legal cases copied from the tests), never written by
hand: metadata, parameters with their evidence, every question with when it is asked, every
provision with its article, evidence, explanation, quotation, the condition under which it
applies and the legal cases that exercise it, the definitions, next steps and notes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from rules import Act, Provision, Question
from rules.conditions import All, Always, Any_, Condition, Is, Not, Test
from rules.model import EVIDENCE_LEVELS
from web import legal_cases, present, protocol

EVIDENCE_DESCRIPTIONS = {
    "T": _l("The law's own text was seen."),
    "N": _l("An official summary (parliament, a ministry, the penal system) or the press; the "
            "law's text was not seen."),
    "I": _l("An inference from the 2021 amnesty law, the Criminal Code or arithmetic: to be "
            "confirmed."),
    "CC": _l("The Criminal Code of 3 July 2014 No. 226-V."),
}


def summary(act: Act) -> dict[str, Any]:
    """What `GET /api/v1/acts` lists for each act."""
    return {
        "id": act.id,
        "number": act.number,
        "title": present.text(act, act.title),
        "short_title": present.text(act, act.short_title),
        "signed": act.signed.isoformat(),
        "in_force": _parameter(act, act.in_force),
        "source": act.source_url,
        "version": act.version,
        "rules_version": act.rules_version,
    }


def describe(act: Act) -> dict[str, Any]:
    """The whole act, for the rules browser and the API."""
    return {
        **summary(act),
        "court_note": present.text(act, act.court_note),
        "evidence_levels": evidence_levels(),
        "parameters": [_parameter(act, p) for p in act.parameters.values()],
        "questions": [question(act, q) for q in act.questions],
        "definitions": [
            {"id": d.id, "title": present.text(act, d.title),
             "items": [provision(act, p) for p in d.items]}
            for d in act.definitions.values()
        ],
        "blockers": [provision(act, p) for p in act.blockers],
        "benefits": [provision(act, p) for p in act.benefits],
        "next_steps": [note(act, n) for n in act.next_steps],
        "notes": [note(act, n) for n in act.notes],
        "legal_cases": len(legal_cases.cases(act.id)),
    }


def evidence_levels() -> list[dict[str, str]]:
    return [{"code": code, "label": str(present.EVIDENCE_LABELS[code]),
             "description": str(EVIDENCE_DESCRIPTIONS[code])} for code in EVIDENCE_LEVELS]


def _parameter(act: Act, p) -> dict[str, Any]:
    return {"id": p.id, "value": _json_value(p.value), "evidence": p.evidence,
            "reference": p.reference, "as_of": _json_value(p.as_of)}


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def question(act: Act, q: Question) -> dict[str, Any]:
    return {
        **protocol.question_fields(act, q),
        "asked_when": condition(act, q.ask_if) if q.ask_if else None,
        "settles": list(q.settles),
    }


def provision(act: Act, p: Provision) -> dict[str, Any]:
    c = p.citation
    return {
        "id": p.id,
        "kind": p.kind,
        "title": present.text(act, p.title),
        "article": present.text(act, c.article),
        "probable": c.probable,
        "evidence": c.evidence,
        "source": c.source,
        "explanation": present.text(act, p.explanation),
        "quote": present.text(act, p.quote) or None,
        "outcomes": outcomes(act, p),
        "fraction": p.fraction,
        "ask": present.text(act, p.ask) or None,
        "when": condition(act, p.when),
        "cases": [case_ref(act, case) for case in legal_cases.by_provision(act.id).get(p.id, ())],
    }


def outcomes(act: Act, p: Provision) -> list[dict[str, Any]]:
    """The outcome a provision gives; for some, one per value of a fact (the case's stage)."""
    if p.kind == "definition":
        return []
    if p.outcome_by is None:
        return [{"when": None, "outcome": p.outcome, "fraction": p.fraction,
                 "title": present.outcome_phrase(p.outcome, p.fraction)}]
    fact, by_value = p.outcome_by
    return [{"when": {"fact": fact, "value": value, "label": _value_label(act, fact, value)},
             "outcome": outcome, "fraction": p.fraction,
             "title": present.outcome_phrase(outcome, p.fraction)}
            for value, outcome in by_value.items()]


def case_ref(act: Act, case: legal_cases.LegalCase) -> dict[str, Any]:
    return {
        "number": case.number,
        "name": case.name,
        "outcome": case.outcome,
        "fraction": case.fraction,
        "title": present.outcome_phrase(case.outcome, case.fraction),
        "answers": [
            {"question": qid, "value": value, "label": _answer_label(act, qid, value)}
            for qid, value in case.answers.items()
        ],
    }


def _answer_label(act: Act, qid: str, value: Any) -> str:
    """An answer in its short (SMS) wording: a case lists many."""
    q = act.question(qid)
    if q is None or not q.values or value not in (*q.values, "unknown"):
        return str(value)
    return _value_label(act, qid, value) if value != "unknown" else str(present.UNKNOWN_LABEL)


def note(act: Act, n) -> dict[str, Any]:
    return {"id": n.id, "text": present.text(act, n.text),
            "when": None if isinstance(n.when, Always) else condition(act, n.when)}


# -- the rules browser's pages ----------------------------------------------------------------

GROUP_KINDS = {"definitions": "definition", "exclusions": "blocker", "benefits": "benefit"}


def overview(act: Act) -> dict[str, Any]:
    """The act's first page: metadata, evidence levels, parameters, and what the other pages
    hold."""
    return {
        **summary(act),
        "court_note": present.text(act, act.court_note),
        "evidence_levels": evidence_levels(),
        "parameters": [_parameter(act, p) for p in act.parameters.values()],
        "counts": {
            "questions": len(act.questions),
            **{name: len(_members(act, name)) for name in GROUP_KINDS},
            "next_steps": len(act.next_steps) + len(act.notes),
            "legal_cases": len(legal_cases.cases(act.id)),
        },
    }


def _members(act: Act, name: str) -> tuple[Provision, ...]:
    kind = GROUP_KINDS[name]
    return tuple(p for p in act.provisions if p.kind == kind)


def group(act: Act, name: str) -> list[dict[str, Any]]:
    return [provision(act, p) for p in _members(act, name)]


QUESTIONS_PER_PAGE = 14
"""The questions page is split in pages of this many, each within the site's page budget."""


def question_pages(act: Act) -> int:
    return -(-len(act.questions) // QUESTIONS_PER_PAGE)


def questions_page(act: Act, page: int) -> list[dict[str, Any]]:
    start = (page - 1) * QUESTIONS_PER_PAGE
    return [{**question(act, q), "number": start + n}
            for n, q in enumerate(act.questions[start:start + QUESTIONS_PER_PAGE], 1)]


def distinct_outcomes(p: dict[str, Any]) -> list[str]:
    """The outcome titles a provision gives, each once (by stage they often repeat)."""
    return list(dict.fromkeys(o["title"] for o in p["outcomes"]))


def group_of(p: Provision) -> str:
    return next(name for name, kind in GROUP_KINDS.items() if kind == p.kind)


# -- conditions in words --------------------------------------------------------------------

ALL_OF = _l("All of these")
ANY_OF = _l("Any of these")
NOT = _l("Not this")
ALWAYS = _l("Always")
OUTCOME_FACT = _l("The verdict")
FRACTION_FACT = _l("The reduction")
OUTCOME_NAMES = {
    "release_from_liability": _l("release from criminal liability"),
    "release_from_punishment": _l("release from the main punishment"),
    "sentence_reduced": _l("sentence reduced"),
    "not_covered": _l("not covered"),
    "undetermined": _l("cannot be determined yet"),
}


def condition(act: Act, c: Condition) -> dict[str, Any]:
    """A condition as a tree a person can read: each test names the fact (by its question or
    label) and the values (by their answer labels)."""
    if isinstance(c, Always):
        return {"op": "always", "text": str(ALWAYS)}
    if isinstance(c, Is):
        d = act.definitions[c.name]
        return {"op": "is", "definition": c.name, "text": present.text(act, d.title)}
    if isinstance(c, All | Any_):
        op = "all" if isinstance(c, All) else "any"
        return {"op": op, "text": str(ALL_OF if op == "all" else ANY_OF),
                "parts": [condition(act, part) for part in c.parts]}
    if isinstance(c, Not):
        return {"op": "not", "text": str(NOT), "parts": [condition(act, c.part)]}
    if isinstance(c, Test):
        values = c.operand if isinstance(c.operand, list | tuple) else [c.operand]
        return {
            "op": c.op,
            "fact": c.fact,
            "text": _fact_label(act, c.fact),
            "values": [{"value": _json_value(v), "label": _value_label(act, c.fact, v)}
                       for v in values],
        }
    raise TypeError(c)  # the condition vocabulary is closed


def _fact_label(act: Act, fact_id: str) -> str:
    if fact_id in ("outcome", "fraction"):
        return str(OUTCOME_FACT if fact_id == "outcome" else FRACTION_FACT)
    fact = act.facts.get(fact_id)
    if fact is not None and fact.label:
        return present.text(act, fact.label)
    q = act.question(fact_id)  # its short (SMS) wording: conditions read as lists of facts
    return present.text(act, q.sms, short=True) if q else fact_id


def _value_label(act: Act, fact_id: str, value: Any) -> str:
    if fact_id == "outcome" and value in OUTCOME_NAMES:
        return str(OUTCOME_NAMES[value])
    q = act.question(fact_id)
    option = q.option(value) if q is not None and q.options else None
    if option is not None:
        return present.text(act, option.sms, short=True)
    if q is not None and q.values and value in q.values:
        return present.answer_label(act, q, value)
    if value in present.YES_NO_LABELS:
        return str(present.YES_NO_LABELS[value])
    return str(_json_value(value))
