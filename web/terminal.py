"""`amnesty check`: the questionnaire in the terminal, one question at a time."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

import rules
from rules import UNKNOWN, Act, AnswerError, Ask, Verdict
from web import present

HINT = _l("Type the number of your answer. b: back, r: restart, q: quit.")
TEXT_HINT = _l("Type your answer. 0: I don't know, b: back, r: restart, q: quit.")
NOT_UNDERSTOOD = _l("Please type one of the numbers shown.")
QUESTION_NUMBER = _l("Question %(number)s (at most %(remaining)s left)")


def run(act: Act, ask: Callable[[str], str], say: Callable[[str], None]) -> Verdict | None:
    """Ask until there is a verdict; returns it, or None if the person quits."""
    answers: dict[str, object] = {}
    say(present.text(act, act.title))
    while True:
        step = rules.next_step(act, answers)
        if isinstance(step, Verdict):
            say("")
            for line in present.verdict_lines(act, step):
                say(line)
            return step
        reply = _ask(act, step, ask, say)
        if reply == "q":
            return None
        if reply == "b":
            answers.popitem() if answers else None
        elif reply == "r":
            answers.clear()
        else:
            answers[step.question.id] = reply


def _ask(act: Act, step: Ask, ask, say) -> object:
    """One question, asked again until the reply is understood."""
    q = step.question
    say("")
    say(str(QUESTION_NUMBER) % {"number": step.number, "remaining": step.remaining_max})
    for notice in step.notices:
        say(f"! {present.text(act, notice)}")
    say(present.text(act, q.text))
    if q.help:
        say(f"  ({present.text(act, q.help)})")
    choices = present.choices(act, q)
    numbered = {str(i): c for i, c in enumerate((c for c in choices if c.value != UNKNOWN), 1)}
    for key, choice in numbered.items():
        say(f"  {key}. {choice.label}")
    if q.allows_unknown and numbered:
        say(f"  0. {present.UNKNOWN_LABEL}")
    say(str(HINT if numbered else TEXT_HINT))
    while True:
        reply = ask("> ").strip()
        if reply.lower() in ("q", "b", "r"):
            return reply.lower()
        if reply == "0" and q.allows_unknown:
            return UNKNOWN
        if numbered:
            if reply in numbered:
                return numbered[reply].value
            say(str(NOT_UNDERSTOOD))
            continue
        try:
            return rules.normalise(act, {q.id: reply})[q.id]
        except AnswerError as e:
            say(present.text(act, e.message))
