"""Forms generated from a question's type: one form class per type, never one per question.

* `yes_no`, `choice`: radios, "I don't know" last where the question allows it;
* `article`: a text input; the engine reads it (a parse error comes back as AnswerError);
* `number`: a text input (`inputmode="decimal"`) read the way the page's language writes
  numbers (1 234,5 in Kazakh and Russian, 1,234.5 in English);
* `date`: day, month and year inputs (the GOV.UK date pattern).

On a text-like question that allows it, a second button answers "I don't know".
Every form carries a CSRF token (Flask-WTF); a missing or wrong token is a 400 error page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.numbers import format_decimal, get_decimal_symbol
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms import Form as PlainForm
from wtforms import FormField, RadioField, StringField, SubmitField
from wtforms.validators import StopValidation

from rules import UNKNOWN, Act, Question
from web import present
from web.store import CODE_LENGTH, normalise_code

SELECT_ONE = _l("Select one answer.")
ENTER_ANSWER = _l("Enter your answer, or choose \"I don't know\".")
ENTER_NUMBER = _l("Enter a number, for example 12.")
ENTER_DATE = _l("Enter a real date, with a day, a month and a year.")
ENTER_CODE = _l("Enter the code: 8 letters and digits.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    def validate_on_submit(self, extra_validators=None) -> bool:
        """Flask-WTF's, except that a bad CSRF token raises CSRFError (a 400 page) instead of
        showing as an error next to a field the person cannot see."""
        if not self.is_submitted():
            return False
        valid = self.validate(extra_validators)
        token = getattr(self, "csrf_token", None)
        if token is not None and token.errors:
            raise CSRFError(token.errors[0])
        return valid


class QuestionForm(Form):
    answer: Any
    unknown = SubmitField()
    """The "I don't know" button of text-like questions."""

    @property
    def first_id(self) -> str:
        """The id of the first input, where the error summary links to."""
        return self.answer.id

    @property
    def messages(self) -> list[str]:
        """What is wrong with the answer, in the page's language."""
        return list(self.answer.errors)

    def fail(self, message: str) -> None:
        self.answer.errors = [*self.answer.errors, message]

    def value(self) -> Any:
        """The answer as the engine takes it (rules.normalise does the rest)."""
        return UNKNOWN if self.unknown.data else self.answer.data


class RadiosForm(QuestionForm):
    answer = RadioField(validate_choice=False)

    @property
    def first_id(self) -> str:
        return f"{self.answer.id}-0"

    def validate_answer(self, field) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise StopValidation(str(SELECT_ONE))


class TextForm(QuestionForm):
    answer = StringField(filters=[_strip])

    def validate_answer(self, field) -> None:
        if not self.unknown.data and not field.data:
            raise StopValidation(str(ENTER_ANSWER))


class NumberForm(TextForm):
    def validate_answer(self, field) -> None:
        super().validate_answer(field)
        if not self.unknown.data:
            try:
                self.number = parse_number(field.data)
            except ValueError:
                raise StopValidation(str(ENTER_NUMBER)) from None

    def value(self) -> Any:
        return UNKNOWN if self.unknown.data else self.number


class DateParts(PlainForm):
    day = StringField(filters=[_strip])
    month = StringField(filters=[_strip])
    year = StringField(filters=[_strip])


class DateForm(QuestionForm):
    answer = FormField(DateParts)
    _messages: list[str]

    @property
    def first_id(self) -> str:
        return self.answer.day.id

    @property
    def messages(self) -> list[str]:
        return getattr(self, "_messages", [])

    def fail(self, message: str) -> None:
        self._messages = [*self.messages, message]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.unknown.data:
            return valid
        try:
            parts = self.answer.data
            self.date = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
            if self.date.year < 1900:
                raise ValueError(self.date)
        except (TypeError, ValueError):
            self.fail(str(ENTER_DATE))
            return False
        return valid

    def value(self) -> Any:
        return UNKNOWN if self.unknown.data else self.date.isoformat()


FORMS: dict[str, type[QuestionForm]] = {
    "yes_no": RadiosForm,
    "choice": RadiosForm,
    "article": TextForm,
    "number": NumberForm,
    "date": DateForm,
}


def question_form(act: Act, question: Question, stored: Any = None) -> QuestionForm:
    """The form for a question, filled with the stored answer when there is one."""
    form = FORMS[question.type](data={"answer": _initial(question, stored)})
    if isinstance(form, RadiosForm):
        form.answer.choices = [(c.value, c.label) for c in present.choices(act, question)]
    return form


def _initial(question: Question, stored: Any) -> Any:
    if stored is None or stored == UNKNOWN:
        return None
    if question.type == "number":
        return format_decimal(stored, locale=get_locale(), group_separator=False)
    if question.type == "date":
        day = date.fromisoformat(stored)
        return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
    return stored


def parse_number(text: str) -> int | float:
    """A number as a person writes it in the page's language; ValueError if it is not one."""
    compact = "".join(text.split()).replace("\u202f", "")
    if get_decimal_symbol(get_locale()) == ",":
        compact = compact.replace(",", ".")
    else:
        compact = compact.replace(",", "")
    number = float(compact)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(number) if number.is_integer() else number


class ResumeForm(Form):
    code = StringField(filters=[_strip])

    def validate_code(self, field) -> None:
        if len(normalise_code(field.data or "")) != CODE_LENGTH:
            raise StopValidation(str(ENTER_CODE))


class ButtonForm(Form):
    """A form that is only a button and its CSRF token ("Start again")."""
