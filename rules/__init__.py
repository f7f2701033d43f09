"""The amnesty rules engine: the law as data, and one pure engine that every channel asks
what to ask next and what the verdict is.

    >>> import rules
    >>> act = rules.default_act()
    >>> step = rules.next_step(act, {})            # an Ask (the next question) or a Verdict

It imports nothing from Flask, Werkzeug, Flask-Babel or Twilio, does no I/O beyond reading its
own data files, and returns message ids (English source texts), never translated text.
"""

from functools import cache

from rules.flow import (
    Alternative,
    Ask,
    Dependency,
    LegalDoubt,
    Verdict,
    assess,
    next_step,
    normalise,
    prune,
)
from rules.loader import ActError, load_act, load_acts
from rules.messages import AnswerError
from rules.model import UNKNOWN, Act, Message, Provision, Question

__all__ = [
    "UNKNOWN", "Act", "ActError", "Alternative", "AnswerError", "Ask", "Dependency",
    "LegalDoubt", "Message", "Provision", "Question", "Verdict", "acts", "assess",
    "default_act", "get_act", "load_act", "next_step", "normalise", "prune",
]

DEFAULT_ACT = "kz-2025-195-viii"


@cache
def acts() -> dict[str, Act]:
    """Every act under rules/acts/, loaded and validated once."""
    return load_acts()


def get_act(act_id: str | None = None) -> Act:
    """The act with this id (the default act when None); KeyError when there is none."""
    return acts()[act_id or DEFAULT_ACT]


def default_act() -> Act:
    return get_act(DEFAULT_ACT)
