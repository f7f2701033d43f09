"""The engine's questions and verdicts in the current language: the words every channel shows.

The engine returns message ids and citations; this module turns them into text once, so the web
pages, the terminal, the JSON API and the SMS replies say the same things in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from rules import UNKNOWN, Act, Dependency, LegalDoubt, Message, Provision, Question, Verdict
from rules.model import NO, NOT_COVERED, UNDETERMINED, YES
from web.i18n import format_value, render

OUTCOME_TITLES = {
    "release_from_liability": _l("Likely covered: release from criminal liability"),
    "release_from_punishment": _l("Likely covered: release from the main punishment"),
    "sentence_reduced": _l("Likely covered: the unserved part of the sentence is reduced by "
                           "%(fraction)s"),
    NOT_COVERED: _l("Likely not covered"),
    UNDETERMINED: _l("Cannot be determined yet"),
}
POSSIBLY_COVERED = _l("Possibly covered: it depends on the points below")

EVIDENCE_LABELS = {
    "T": _l("law text"),
    "N": _l("reported by officials or the press"),
    "I": _l("inference, to be confirmed"),
    "CC": _l("Criminal Code"),
}
YES_NO_LABELS = {YES: _l("Yes"), NO: _l("No")}
UNKNOWN_LABEL = _l("I don't know")
PROBABLE_NUMBERING = _l("article number not confirmed")


def text(act: Act, message: str | Message | None, short: bool = False) -> str:
    """An act's message in the current language, its parameters filled in."""
    if message is None:
        return ""
    if isinstance(message, Message):
        return render(message.id, {**act.message_params, **message.params}, short)
    return render(message, act.message_params, short)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def choices(act: Act, question: Question, short: bool = False) -> list[Choice]:
    """The answers a question offers, "I don't know" last where it is allowed."""
    if question.type == "yes_no":
        out = [Choice(v, str(YES_NO_LABELS[v])) for v in (YES, NO)]
    else:
        out = [Choice(o.value, text(act, o.sms if short else o.label, short))
               for o in question.options]
    if question.allows_unknown and question.values:
        out.append(Choice(UNKNOWN, str(UNKNOWN_LABEL)))
    return out


def answer_label(act: Act, question: Question, value) -> str:
    """How an answer reads back to the person ("check your answers")."""
    if value == UNKNOWN:
        return str(UNKNOWN_LABEL)
    if question.type == "yes_no":
        return str(YES_NO_LABELS[value])
    if question.type == "date":  # stored as 2025-01-01; read as 1 января 2025 г.
        return format_value(date.fromisoformat(value) if isinstance(value, str) else value)
    if question.type == "number":
        return format_value(value)
    option = question.option(value) if question.options else None
    return text(act, option.label) if option else str(value)


def outcome_title(verdict: Verdict) -> str:
    if verdict.outcome == UNDETERMINED and possibly_covered(verdict):
        return str(POSSIBLY_COVERED)
    return OUTCOME_TITLES[verdict.outcome] % {"fraction": verdict.fraction or ""}


def possibly_covered(verdict: Verdict) -> bool:
    """Undetermined, but some answer (or the settling of a legal doubt) would make it covered."""
    for item in verdict.depends_on:
        if isinstance(item, LegalDoubt):
            return True
        if any(a.outcome not in (NOT_COVERED, UNDETERMINED) for a in item.alternatives):
            return True
    return False


def citation(act: Act, provision: Provision) -> str:
    """"Art. 2 p.1 item 1 (article number not confirmed) [N: official summary]"."""
    c = provision.citation
    article = text(act, c.article)
    if c.probable:
        article = f"{article} ({PROBABLE_NUMBERING})"
    return f"{article} [{c.evidence}: {EVIDENCE_LABELS[c.evidence]}]"


def outcome_phrase(outcome: str, fraction: str | None) -> str:
    return OUTCOME_TITLES[outcome] % {"fraction": fraction or ""}


def dependency_lines(act: Act, item: Dependency | LegalDoubt) -> tuple[str, list[str]]:
    """A point the verdict depends on, and what each answer to it would give."""
    if isinstance(item, LegalDoubt):
        p = item.provision
        return text(act, p.explanation), [text(act, p.ask)]
    lines = []
    for alt in item.alternatives:
        label = answer_label(act, item.question, alt.value)
        outcome = outcome_phrase(alt.outcome, alt.fraction)
        cited = f" ({text(act, alt.provision.citation.article)})" if alt.provision else ""
        lines.append(f"{label}: {outcome}{cited}")
    return text(act, item.question.text), lines



def verdict_lines(act: Act, v: Verdict) -> list[str]:
    """The verdict as plain text lines: the terminal and text exports print these."""
    lines = [outcome_title(v), ""]
    for p in v.provisions:
        lines.append(f"- {text(act, p.title)}: {citation(act, p)}")
        lines.append(f"  {text(act, p.explanation)}")
    if v.depends_on:
        lines += ["", str(DEPENDS_ON)]
        for item in v.depends_on:
            head, options = dependency_lines(act, item)
            lines.append(f"- {head}")
            lines += [f"    {o}" for o in options]
    for title, messages in ((NEXT_STEPS, v.next_steps), (GOOD_TO_KNOW, v.notices + v.notes)):
        if messages:
            lines += ["", str(title)] + [f"- {text(act, m)}" for m in messages]
    lines += ["", text(act, v.court_note), "", stamp(act)]
    return lines


def stamp(act: Act) -> str:
    return str(STAMP) % {"act": text(act, act.short_title), "version": act.rules_version}


DEPENDS_ON = _l("What would change the answer:")
NEXT_STEPS = _l("Next steps:")
GOOD_TO_KNOW = _l("Good to know:")
STAMP = _l("%(act)s. Rules version %(version)s.")
