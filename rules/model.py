"""The vocabulary of an amnesty act: what the loader builds from `rules/acts/<id>.yaml`.

Every user-visible text here is a gettext message id (the English wording); channels translate
it. Nothing in this module knows about HTTP, SMS or the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rules.conditions import Condition

UNKNOWN = "unknown"
"""The answer "I don't know". It is a value of its own: the fact stays unknown for good."""

YES, NO = "yes", "no"

NOT_COVERED = "not_covered"
UNDETERMINED = "undetermined"
OUTCOMES = (
    "release_from_liability",
    "release_from_punishment",
    "sentence_reduced",
    NOT_COVERED,
    UNDETERMINED,
)
FRACTIONS = ("1/3", "1/4", "1/5")

EVIDENCE_LEVELS = {
    "T": "the law's own text",
    "N": "an official summary (parliament, ministry, penal system)",
    "I": "an inference (from the 2021 template, the Criminal Code or arithmetic)",
    "CC": "the Criminal Code of 3 July 2014 No. 226-V",
}

QUESTION_TYPES = ("yes_no", "choice", "article", "number", "date")


@dataclass(frozen=True)
class Message:
    """A message id with the values its placeholders take."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    article: str
    """As the dossier numbers it, e.g. "Art. 2 p.1 item 1" or "CC Art. 78 p.2"."""
    evidence: str
    probable: bool = False
    """True when the article number is the dossier's guess from the 2021 template."""
    source: str | None = None


@dataclass(frozen=True)
class Parameter:
    """A value set by law (a date, an age, a threshold), with where it comes from."""

    id: str
    value: Any
    evidence: str
    reference: str
    as_of: date | None = None


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    sms: str
    sets: Mapping[str, str] = field(default_factory=dict)
    """Facts this option settles besides the question's own (e.g. "sentenced before 23 June
    2025" settles that the offence came before the law)."""


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    sms: str
    help: str | None
    options: tuple[Option, ...]
    allows_unknown: bool
    deriver: str | None = None
    """Name of a registered deriver that turns the answer into other facts (the Criminal Code
    lookup turns "190-2" into a category and exclusion tags)."""
    sets: frozenset[str] = frozenset()
    """Facts other than its own that the question may settle (through options or the deriver)."""
    ask_if: Condition | None = None
    """The question is asked only when this holds, e.g. questions about women only for women."""

    @cached_property
    def settles(self) -> tuple[str, ...]:
        """Every fact this question may settle, its own first."""
        return (self.id, *sorted(self.sets))

    def option(self, value: str) -> Option | None:
        return self._options.get(value)

    @cached_property
    def _options(self) -> dict[str, Option]:
        return {option.value: option for option in self.options}

    @property
    def values(self) -> tuple[str, ...]:
        if self.type == "yes_no":
            return (YES, NO)
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class Fact:
    """Something the rules test. Questions settle facts; several questions may settle the same
    fact, and the first one (in the act's order) that gives a value wins."""

    id: str
    values: tuple[str, ...] | None
    """The closed set of values, or None for free values (numbers, dates, article references)."""
    label: str | None
    providers: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Provision:
    """One rule of the act: a criterion, an exclusion or an item of a definition."""

    id: str
    kind: str
    """"benefit" (releases or reduces), "blocker" (excludes or suspends a benefit) or
    "definition" (an item of a defined term such as "socially vulnerable")."""
    title: str
    explanation: str
    citation: Citation
    when: Condition
    outcome: str | None = None
    outcome_by: tuple[str, Mapping[str, str]] | None = None
    """(fact, {value: outcome}) when the outcome depends on a fact, e.g. the stage of the case."""
    fraction: str | None = None
    quote: str | None = None
    ask: str | None = None
    """For a rule whose outcome is "undetermined": who can settle the legal doubt."""

    def outcomes(self, facts: Mapping[str, Any]) -> frozenset[tuple[str, str | None]]:
        """The (outcome, fraction) pairs this provision can yield given what is known."""
        if self.outcome_by is None:
            return frozenset({(self.outcome, self.fraction)})
        fact, by_value = self.outcome_by
        value = facts.get(fact)
        if value is None:
            return frozenset((outcome, self.fraction) for outcome in by_value.values())
        return frozenset({(by_value[value], self.fraction)})


@dataclass(frozen=True)
class Definition:
    """A term the act defines as a list of items, any of which suffices (Art. 1)."""

    id: str
    title: str
    items: tuple[Provision, ...]


@dataclass(frozen=True)
class Note:
    """A message added to a verdict when its condition holds: a next step or a caveat."""

    id: str
    text: str
    when: Condition


@dataclass(frozen=True)
class Act:
    id: str
    title: str
    short_title: str
    number: str
    signed: date
    in_force: Parameter
    source_url: str
    version: str
    rules_version: str
    court_note: str
    parameters: Mapping[str, Parameter]
    facts: Mapping[str, Fact]
    questions: tuple[Question, ...]
    definitions: Mapping[str, Definition]
    benefits: tuple[Provision, ...]
    blockers: tuple[Provision, ...]
    next_steps: tuple[Note, ...]
    notes: tuple[Note, ...]
    path: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_questions", {q.id: q for q in self.questions})
        object.__setattr__(self, "_order", {q.id: i for i, q in enumerate(self.questions)})

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def order(self, question_id: str) -> int:
        return self._order[question_id]

    @property
    def provisions(self) -> tuple[Provision, ...]:
        """Every provision, in the order a lawyer reads them: definitions, blockers, benefits."""
        items = tuple(i for d in self.definitions.values() for i in d.items)
        return items + self.blockers + self.benefits

    def provision(self, provision_id: str) -> Provision | None:
        for provision in self.provisions:
            if provision.id == provision_id:
                return provision
        return None

    @property
    def message_params(self) -> dict[str, Any]:
        """The values an act message may name as %(parameter)s."""
        return {p.id: p.value for p in self.parameters.values()}
