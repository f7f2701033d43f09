"""Reading a sanction («наказывается …») of the Criminal Code: which punishments it allows and
their upper limits.

The Code writes every quantity in Russian number words, in the genitive after «до»/«от» ("до
пяти лет", "до одной тысячи двухсот часов"), and refers back to the previous term with "на тот
же срок" ("ограничением свободы на срок до трех лет, либо лишением свободы на тот же срок") and
to the previous amount with "в том же размере". Only the upper limits matter here: Art. 11
classifies crimes by the longest imprisonment the sanction allows, and Art. 41–45 set the
misdemeanour limits for fines, correctional and public work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "один": 1, "одна": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2, "три": 3,
    "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
    "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10,
    "десяти": 10, "одиннадцать": 11, "одиннадцати": 11, "двенадцать": 12, "двенадцати": 12,
    "тринадцать": 13, "тринадцати": 13, "четырнадцать": 14, "четырнадцати": 14,
    "пятнадцать": 15, "пятнадцати": 15, "шестнадцать": 16, "шестнадцати": 16,
    "семнадцать": 17, "семнадцати": 17, "восемнадцать": 18, "восемнадцати": 18,
    "девятнадцать": 19, "девятнадцати": 19, "двадцать": 20, "двадцати": 20, "тридцать": 30,
    "тридцати": 30, "сорок": 40, "сорока": 40, "пятьдесят": 50, "пятидесяти": 50,
    "шестьдесят": 60, "шестидесяти": 60, "семьдесят": 70, "семидесяти": 70,
    "восемьдесят": 80, "восьмидесяти": 80, "девяносто": 90, "девяноста": 90, "сто": 100,
    "ста": 100, "двести": 200, "двухсот": 200, "триста": 300, "трехсот": 300,
    "четыреста": 400, "четырехсот": 400, "пятьсот": 500, "пятисот": 500, "шестьсот": 600,
    "шестисот": 600, "семьсот": 700, "семисот": 700, "восемьсот": 800, "восьмисот": 800,
    "девятьсот": 900, "девятисот": 900,
}
_THOUSAND = re.compile(r"тысяч[аиеу]?$")
_NUMBER = r"(?:(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r"|тысяч[аиеу]?)\s*)+"


def number(words: str) -> int | None:
    """The value of Russian number words ("одной тысячи двухсот" → 1200), None if not one."""
    total = current = 0
    seen = False
    for word in words.split():
        if _THOUSAND.match(word):
            total += (current or 1) * 1000
            current = 0
        elif word in _UNITS:
            current += _UNITS[word]
        elif word.isdigit():
            current += int(word)
        else:
            return None
        seen = True
    return total + current if seen else None


# "на срок от двух до семи лет", "сроком до трех лет", "до восьми лет", "на один год",
# "на срок до шести месяцев", "на срок до пятидесяти суток", "до восьмисот часов".
_UNIT = r"(?:лет|года?|месяц\w*|суток|час\w*)"
_TERM = re.compile(
    rf"(?:на\s+)?(?:срок(?:ом)?\s+)?(?:от\s+{_NUMBER}\s*{_UNIT}?\s*)?"
    rf"(?:до\s+)?(?P<high>{_NUMBER})\s*(?P<unit>{_UNIT})"
)
# "в размере до двух тысяч месячных …", "в размере от пятисот до двух тысяч …", "в размере
# двухсот …" (a fixed amount).
_AMOUNT = re.compile(
    rf"в\s+размере\s+(?:от\s+{_NUMBER}\s+)?(?P<upto>до\s+)?(?P<high>{_NUMBER})\s*месячных"
)
_MULTIPLE = re.compile(r"(?:в\s+размере\s+)?(?:от\s+)?\S*кратн")  # "от двухкратного до …"
_SAME_TERM = re.compile(r"(?:на\s+)?тот\s+же\s+срок")
_SAME_AMOUNT = re.compile(r"в\s+том\s+же\s+размере")

_PUNISHMENTS = re.compile(
    r"(?P<life>пожизненн\w+\s+лишени\w+\s+свободы)"
    r"|(?P<prison>лишени\w+\s+свободы)"
    r"|(?P<restriction>ограничени\w+\s+свободы)"
    r"|(?P<fine>штраф\w*)"
    r"|(?P<correctional>исправительн\w+\s+работ\w*)"
    r"|(?P<works>общественн\w+\s+работ\w*)"
    r"|(?P<arrest>арест\w*)"
)
_FIELDS = {"prison": "prison_years", "restriction": "restriction_years", "arrest": "arrest_days",
           "works": "works_hours", "fine": "fine_mrp", "correctional": "correctional_mrp"}
MISDEMEANOUR_LIMIT = 200
"""Misdemeanour fines and correctional work: up to 200 MRP (Art. 41 p.2, 42 p.3); public
works: up to 200 hours (Art. 43 p.2). For crimes these start at 200."""


@dataclass(frozen=True)
class Sanction:
    """The upper limits of one sanction; None where the punishment is not provided."""

    prison_years: float | None = None
    life: bool = False
    restriction_years: float | None = None
    fine_mrp: int | None = None
    fine_multiple: bool = False
    correctional_mrp: int | None = None
    works_hours: int | None = None
    arrest_days: int | None = None
    fixed_amount: bool = False
    """A fine or correctional work of one fixed amount ("в размере двухсот …"), not a range."""
    unread: tuple[str, ...] = ()
    """Punishments named without a term or amount this module can read."""

    @property
    def empty(self) -> bool:
        return self == Sanction()

    @property
    def kind(self) -> str | None:
        """"crime" or "misdemeanour", None when the sanction cannot tell.

        Art. 10 names the punishments of each: restriction of freedom and imprisonment only
        for crimes (p.2), arrest only for misdemeanours (p.3); multiple fines are for crimes
        (Art. 41 p.2). Expulsion does not decide: crimes carry it as an additional punishment
        ("с выдворением", Art. 40 p.3). Fines, correctional and public work serve both, and
        then their limits decide: above 200 only a crime; "up to 200" only a misdemeanour
        (a crime's range would shrink to the single value 200). A fixed amount of exactly 200
        fits both ranges: the sanction cannot tell.
        """
        crime = bool(self.prison_years or self.life or self.restriction_years
                     or self.fine_multiple)
        misdemeanour = bool(self.arrest_days)
        if crime or misdemeanour:
            return None if crime and misdemeanour else ("crime" if crime else "misdemeanour")
        limits = [v for v in (self.fine_mrp, self.correctional_mrp, self.works_hours) if v]
        if not limits:
            return None
        if max(limits) > MISDEMEANOUR_LIMIT:
            return "crime"
        if self.fixed_amount and max(limits) == MISDEMEANOUR_LIMIT:
            return None
        return "misdemeanour"


def _years(value: int, unit: str) -> float:
    return round(value / 12, 2) if unit.startswith("месяц") else float(value)


def parse(text: str, last_term: float | None = None) -> Sanction:
    """The punishments of a sanction text, read left to right so that "на тот же срок" and "в
    том же размере" take the term or amount named just before (`last_term` is the term named
    before this text, for an item's own sanction that refers back to the part's)."""
    found: dict = {}
    last_amount: int | None = None
    for match in _PUNISHMENTS.finditer(text):
        kind = match.lastgroup
        rest = text[match.end():match.end() + 160].lstrip()
        if kind == "life":
            found["life"] = True
            continue
        if kind == "fine" and _MULTIPLE.match(rest):
            found["fine_multiple"] = True
            continue
        value = None
        if kind in ("fine", "correctional"):
            amount = _AMOUNT.match(rest)
            if amount:
                value = last_amount = number(amount["high"])
                found["fixed_amount"] = found.get("fixed_amount") or not amount["upto"]
            elif _SAME_AMOUNT.match(rest):
                value = last_amount
        else:
            term = _TERM.match(rest)
            if term:
                value = number(term["high"])
                if kind in ("prison", "restriction"):
                    value = last_term = _years(value, term["unit"])
            elif kind in ("prison", "restriction") and _SAME_TERM.match(rest):
                value = last_term
        if value is None:
            found["unread"] = (*found.get("unread", ()), kind)
            continue
        field_name = _FIELDS[kind]
        found[field_name] = max(found.get(field_name) or 0, value)
    return Sanction(**found)
