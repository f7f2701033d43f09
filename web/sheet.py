"""The printable result sheet: one client's answers and verdict on one A4 page, with the legal
basis a lawyer needs in front of them.

`build(act, answers)` gathers what the sheet shows, in the current language: the answers
(question and answer), the verdict, each deciding provision with its article, evidence level
and a short quotation, what would change the answer, the next steps, the act, the rules
version, the date, and the note that the court decides. The web result page and
`POST /api/v1/sheet` render it with the same template.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date

import rules
from rules import Act, Verdict
from web import present

QUOTE_LIMIT = 300
"""A quotation longer than this is cut at a word, with an ellipsis: the sheet stays one page."""
COMPACT_AFTER = 4
"""An undetermined verdict on few answers may leave many provisions open: past this many they
are listed by title and article only, without quotations."""


@dataclass(frozen=True)
class Answer:
    question_id: str
    question: str
    answer: str


@dataclass(frozen=True)
class Basis:
    """A deciding provision as the sheet cites it."""

    id: str
    title: str
    article: str
    probable: bool
    evidence: str
    evidence_label: str
    quote: str | None
    explanation: str


@dataclass(frozen=True)
class Sheet:
    act: Act
    verdict: Verdict
    title: str
    answers: tuple[Answer, ...]
    basis: tuple[Basis, ...]
    changes: tuple[tuple[str, tuple[str, ...]], ...]
    next_steps: tuple[str, ...]
    good_to_know: tuple[str, ...]
    court_note: str
    act_title: str
    rules_version: str
    date: str
    iso_date: str
    compact: bool = False
    """The provisions are listed without quotations (many left open)."""


def build(act: Act, answers: dict[str, Any], today: date | None = None) -> Sheet:
    """The sheet for these answers: the verdict on them as they are (asking nothing more).
    Raises AnswerError for an answer the act cannot accept."""
    canonical = rules.normalise(act, answers)
    verdict = rules.assess(act, canonical)
    today = today or date.today()
    return Sheet(
        act=act,
        verdict=verdict,
        title=present.outcome_title(verdict),
        answers=tuple(_answers(act, canonical)),
        basis=tuple(_basis(act, p) for p in verdict.provisions),
        changes=tuple((head, tuple(lines)) for head, lines in
                      (present.dependency_lines(act, d) for d in verdict.depends_on)),
        next_steps=tuple(present.text(act, m) for m in verdict.next_steps),
        good_to_know=tuple(present.text(act, m) for m in verdict.notices + verdict.notes),
        court_note=present.text(act, verdict.court_note),
        act_title=present.text(act, act.title),
        rules_version=act.rules_version,
        date=format_date(today, "long"),
        iso_date=today.isoformat(),
        compact=len(verdict.provisions) > COMPACT_AFTER,
    )


def _answers(act: Act, canonical: dict[str, Any]) -> list[Answer]:
    ordered = sorted(canonical.items(), key=lambda item: act.order(item[0]))
    return [Answer(qid, present.text(act, act.question(qid).text),
                   present.answer_label(act, act.question(qid), value))
            for qid, value in ordered]


def _basis(act: Act, p) -> Basis:
    c = p.citation
    return Basis(
        id=p.id,
        title=present.text(act, p.title),
        article=present.text(act, c.article),
        probable=c.probable,
        evidence=c.evidence,
        evidence_label=str(present.EVIDENCE_LABELS[c.evidence]),
        quote=shorten(present.text(act, p.quote)) if p.quote else None,
        explanation=present.text(act, p.explanation),
    )


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} …"
