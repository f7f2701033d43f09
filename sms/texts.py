"""The words of the SMS channel: every outbound text is built here, in the person's language,
and each must fit two segments (kk/ru: 134 UCS-2 units; English: plain GSM-7)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from rules import Act, Ask, Provision, Verdict
from web import present

DONT_KNOW = _l("Don't know")
ARTICLE_HINT = _l("Reply like 190-2 (article-part), or 0 if you don't know.")
OUTCOMES = {
    "release_from_liability": _l("Likely covered: the case is closed (release from liability)"),
    "release_from_punishment": _l("Likely covered: release from the main punishment"),
    "sentence_reduced": _l("Likely covered: sentence cut by %(fraction)s"),
    "not_covered": _l("Likely not covered"),
    "undetermined": _l("Cannot tell yet: it depends on facts a lawyer can check"),
}
COURT = _l("The court decides.")
FULL_RESULT = _l("Full result: %(link)s")


def question(act: Act, step: Ask) -> str:
    """One question as one message: the short text, then numbered answers."""
    q = step.question
    lines = [present.text(act, q.sms, short=True)]
    if not q.values:
        lines.append(str(ARTICLE_HINT))
        return "\n".join(lines)
    numbered = [c for c in present.choices(act, q, short=True) if c.value != "unknown"]
    lines += [f"{i} {c.label}" for i, c in enumerate(numbered, 1)]
    if q.allows_unknown:
        lines.append(f"0 {DONT_KNOW}")
    return "\n".join(lines)


def verdict(act: Act, v: Verdict, link: str) -> str:
    """The result: outcome, deciding article, the court's role, where to read it all."""
    return verdict_line(act, v.outcome, v.fraction, v.provisions[0] if v.provisions else None,
                        link)


def verdict_line(act: Act, outcome: str, fraction: str | None, provision: Provision | None,
                 link: str) -> str:
    head = str(OUTCOMES[outcome]) % {"fraction": fraction or ""}
    if provision is not None:
        head = f"{head} ({present.text(act, provision.citation.article, short=True)})"
    return f"{head}. {COURT} {FULL_RESULT % {'link': link}}"
