"""The words of the SMS channel: every outbound text is built here, in the current language
(the caller wraps it in `flask_babel.force_locale`), and each must fit two segments (kk/ru: 134
UCS-2 units; English: 306 plain GSM-7 characters, so no curly quotes and no long dashes).

Where a text may not fit (a long link, a long error message from the engine), `fit` picks the
first of several shorter forms that does; `python -m sms.budget` lists any text that still
does not.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from rules import UNKNOWN, Act, Ask, Message, Provision, Question, Verdict
from sms import keywords, parse, segments
from web import present
from web.i18n import LANGUAGE_NAMES, current_language

BUDGET = 2
"""Segments per outbound text."""

# TRANSLATORS: SMS: the whole message must fit 134 characters (kk/ru).
# Keep it short: `python -m sms.budget` lists the texts over budget.
DONT_KNOW = _l("Don't know")
ARTICLE_HINT = _l("Reply like 190-2 (article-part), or 0 if you don't know.")
OUTCOMES = {
    "release_from_liability": _l("Likely covered: the case is closed (release from liability)"),
    "release_from_punishment": _l("Likely covered: release from the main punishment"),
    "sentence_reduced": _l("Likely covered: sentence cut by %(fraction)s"),
    "not_covered": _l("Likely not covered"),
    "undetermined": _l("Cannot tell yet: it depends on facts a lawyer can check"),
}
POSSIBLY_COVERED = _l("Possibly covered: it depends on facts a lawyer can check")
COURT = _l("The court decides.")
FULL_RESULT = _l("Full result: %(link)s")

# TRANSLATORS: SMS: one word above the language menu, shown in the three languages at once.
TITLE = _l("Amnesty")
NUMBER_HINT = _l("Please reply with the number of your answer.")
# TRANSLATORS: SMS: %(help)s, %(back)s are keywords in capitals (ПОМОЩЬ, НАЗАД).
NOT_UNDERSTOOD = _l("Sorry, that reply was not understood. %(help)s: help. %(back)s: previous "
                    "question.")
HELP = _l("Reply with a number (0: don't know). %(back)s: previous question. %(restart)s: "
          "start again. %(language)s: language. %(erase)s: delete answers.")
ERASED = _l("Your answers have been deleted. Send any message to start again.")
DONE = _l("%(restart)s: start a new check. Your result: %(link)s")
FAILED = _l("Sorry, please try again later.")
SLOW_DOWN = _l("You have sent many messages in a short time. Please write again later.")


# -- questions ------------------------------------------------------------------------------------


def numbered(act: Act, question: Question) -> list[present.Choice]:
    """The answers a question offers by number, 1 first ("I don't know" is 0, not listed)."""
    return [c for c in present.choices(act, question, short=True) if c.value != UNKNOWN]


def options(act: Act, question: Question) -> parse.Options:
    """What the parser accepts for a question: its numbers, 0 where allowed, and the options'
    own words (short and long) in the current language."""
    labels = {}
    for choice in numbered(act, question):
        option = question.option(choice.value) if question.options else None
        long = [present.text(act, option.label, short=True)] if option else []
        labels[choice.value] = [choice.label, *long]
    return parse.Options(tuple(labels), question.allows_unknown, labels)


def question(act: Act, step: Ask) -> str:
    """One question as one message: the short text, then numbered answers."""
    q = step.question
    return "\n".join([present.text(act, q.sms, short=True), *_answer_lines(act, q)])


def _answer_lines(act: Act, q: Question) -> list[str]:
    if not q.values:
        return [str(ARTICLE_HINT)] if q.type == "article" else []
    lines = [f"{i} {c.label}" for i, c in enumerate(numbered(act, q), 1)]
    if q.allows_unknown:
        lines.append(f"0 {DONT_KNOW}")
    return lines


def question_with_notices(act: Act, step: Ask, notices: list[Message]) -> list[str]:
    """A question, after what the person should learn about an earlier answer (e.g. that an
    article is not in the Criminal Code): in the same message when it fits, else before it."""
    text = question(act, step)
    said = [present.text(act, n, short=True) for n in notices]
    said = [s for s in said if segments.within(s, BUDGET)]
    joined = "\n".join([*said, text])
    return [joined] if segments.within(joined, BUDGET) else [*said, text]


def again(act: Act, step: Ask, hint: str | None = None) -> str:
    """The question once more, after a reply that was not understood, with a hint: the engine's
    own words when it could not read a free answer (an article), else "reply with the number".
    Shorter forms when that does not fit: the hint with the answers only, the hint alone."""
    q = step.question
    text = present.text(act, q.sms, short=True)
    lines = _answer_lines(act, q)
    forms = []
    for said in filter(None, (hint, str(NUMBER_HINT) if q.values else None)):
        forms += ["\n".join([said, text, *lines]), "\n".join([said, *lines]), said]
    return fit(*forms, "\n".join([text, *lines]))


def not_understood() -> str:
    return str(NOT_UNDERSTOOD) % _words()


# -- keyword replies ------------------------------------------------------------------------------


def menu() -> str:
    """The language menu, in all three languages: "1 Қазақша 2 Русский 3 English"."""
    titles = []
    for lang in LANGUAGE_NAMES:
        with force_locale(lang):
            titles.append(str(TITLE))
    names = [f"{i} {name}" for i, name in enumerate(LANGUAGE_NAMES.values(), 1)]
    return fit("\n".join([" / ".join(dict.fromkeys(titles)), *names]), "\n".join(names))


def help_text() -> str:
    return str(HELP) % _words()


def erased() -> str:
    return str(ERASED)


def done(link: str) -> str:
    return str(DONE) % {**_words(), "link": link}


def failed() -> str:
    return str(FAILED)


def slow_down() -> str:
    """Sent once when a number goes over the rate limit (web/ratelimit.py), then nothing."""
    return str(SLOW_DOWN)


def _words() -> dict[str, str]:
    lang = current_language()
    return keywords.words(lang if lang in LANGUAGE_NAMES else "en")


# -- the result -----------------------------------------------------------------------------------


def verdict(act: Act, v: Verdict, link: str) -> str:
    """The result: outcome, deciding article, the court's role, where to read it all."""
    outcome = v.outcome
    if outcome == "undetermined" and present.possibly_covered(v):
        outcome = "possibly_covered"
    return verdict_line(act, outcome, v.fraction, v.provisions[0] if v.provisions else None,
                        link)


def verdict_line(act: Act, outcome: str, fraction: str | None, provision: Provision | None,
                 link: str) -> str:
    title = POSSIBLY_COVERED if outcome == "possibly_covered" else OUTCOMES[outcome]
    head = str(title) % {"fraction": fraction or ""}
    if provision is not None:
        head = f"{head} ({present.text(act, provision.citation.article, short=True)})"
    bare = link.split("://", 1)[-1]
    return fit(
        f"{head}. {COURT} {FULL_RESULT % {'link': link}}",
        f"{head}. {COURT} {link}",
        f"{head}. {COURT} {bare}",
    )


def fit(*candidates: str) -> str:
    """The first text that fits the budget (the last one when none does)."""
    for text in candidates:
        if segments.within(text, BUDGET):
            return text
    return candidates[-1]
