"""Messages the engine itself produces (answer errors, notices).

`N_` only marks a string for extraction (`pybabel extract -k N_`); the engine returns the
message id and the channel translates it in the user's language.
"""

from __future__ import annotations

from rules.model import Message


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext marker name
    return text


class AnswerError(ValueError):
    """An answer the act cannot accept. `message` says why, in a translatable form."""

    def __init__(self, question_id: str, text: str, **params):
        self.question_id = question_id
        self.message = Message(text, params)
        super().__init__(f"{question_id}: {text % params if params else text}")
