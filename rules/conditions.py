"""Conditions: a small closed vocabulary, evaluated in three-valued (Kleene) logic.

A condition is True, False or None (unknown). A fact that was answered "I don't know", or not
asked yet, is unknown; `all` is False as soon as one part is False, `any` is True as soon as one
part is True, otherwise unknown parts keep the whole unknown.

The vocabulary, as written in an act file:

    {all: [c, ...]}   {any: [c, ...]}   {not: c}    always
    {is: <definition>}                  a term the act defines (e.g. socially_vulnerable)
    {<fact>: value}                     shorthand for {fact: <fact>, eq: value}
    {<fact>: [v1, v2]}                  shorthand for {fact: <fact>, in: [v1, v2]}
    {fact: <fact>, <op>: operand}       op: eq, ne, in, not_in, lt, le, gt, ge, before, after

Operands of comparisons may name a parameter of the act as "$name".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from datetime import date
from typing import Any

from rules.model import NO, YES

Facts = Mapping[str, Any]


class ConditionError(ValueError):
    """A condition that cannot be compiled; the message names the problem."""


class Condition:
    __slots__ = ()

    def value(self, facts: Facts) -> bool | None:
        raise NotImplementedError

    def reach(self, facts: Facts, open_facts: Set[str]) -> int:
        """The values this condition can still take (a mask of T, F, U) when the facts in
        `open_facts` may still be settled, every way, and other unknown facts stay unknown."""
        raise NotImplementedError

    def live(self, facts: Facts, open_facts: Set[str]) -> set[str]:
        """The open facts whose answers can still change this condition's value."""
        if self.reach(facts, open_facts) in _SINGLE:
            return set()
        return self._live_parts(facts, open_facts)

    def _live_parts(self, facts: Facts, open_facts: Set[str]) -> set[str]:
        out: set[str] = set()
        for part in self.parts:
            out |= part.live(facts, open_facts)
        return out

    def facts(self) -> frozenset[str]:
        raise NotImplementedError


T, F, U = 1, 2, 4
_SINGLE = (T, F, U)


class Always(Condition):
    __slots__ = ()

    def value(self, facts):
        return True

    def reach(self, facts, open_facts):
        return T

    def facts(self):
        return frozenset()

    def __repr__(self):
        return "always"


class All(Condition):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Condition, ...]):
        self.parts = parts

    def value(self, facts):
        result = True
        for part in self.parts:
            v = part.value(facts)
            if v is False:
                return False
            if v is None:
                result = None
        return result

    def reach(self, facts, open_facts):
        reaches = [part.reach(facts, open_facts) for part in self.parts]
        out = 0
        if all(r & T for r in reaches):
            out |= T
        if any(r & F for r in reaches):
            out |= F
        if all(r & (T | U) for r in reaches) and any(r & U for r in reaches):
            out |= U
        return out

    def facts(self):
        return frozenset().union(*(p.facts() for p in self.parts))

    def __repr__(self):
        return f"all{list(self.parts)}"


class Any_(Condition):
    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Condition, ...]):
        self.parts = parts

    def value(self, facts):
        result = False
        for part in self.parts:
            v = part.value(facts)
            if v is True:
                return True
            if v is None:
                result = None
        return result

    def reach(self, facts, open_facts):
        reaches = [part.reach(facts, open_facts) for part in self.parts]
        out = 0
        if any(r & T for r in reaches):
            out |= T
        if all(r & F for r in reaches):
            out |= F
        if all(r & (F | U) for r in reaches) and any(r & U for r in reaches):
            out |= U
        return out

    def facts(self):
        return frozenset().union(*(p.facts() for p in self.parts))

    def __repr__(self):
        return f"any{list(self.parts)}"


class Not(Condition):
    __slots__ = ("part",)

    def __init__(self, part: Condition):
        self.part = part

    def value(self, facts):
        v = self.part.value(facts)
        return None if v is None else not v

    def reach(self, facts, open_facts):
        r = self.part.reach(facts, open_facts)
        return (r & U) | (T if r & F else 0) | (F if r & T else 0)

    def _live_parts(self, facts, open_facts):
        return self.part.live(facts, open_facts)

    def facts(self):
        return self.part.facts()

    def __repr__(self):
        return f"not({self.part!r})"


class Is(Any_):
    """A defined term: true when any of its items holds."""

    __slots__ = ("name",)

    def __init__(self, name: str, items: tuple[Condition, ...]):
        super().__init__(items)
        self.name = name

    def __repr__(self):
        return f"is({self.name})"


class Test(Condition):
    """A test of one fact against an operand."""

    __slots__ = ("fact", "op", "operand", "_test", "_set", "_inside")

    def __init__(self, fact: str, op: str, operand: Any):
        self.fact = fact
        self.op = op
        self.operand = operand
        self._test = _TESTS[op](operand)
        # Membership tests (eq, ne, in, not_in) are most of an act: answer them inline.
        self._set = _MEMBERSHIP[op](operand) if op in _MEMBERSHIP else None
        self._inside = op in ("eq", "in")

    def value(self, facts):
        v = facts.get(self.fact)
        if v is None:
            return None
        if self._set is not None:
            return (v in self._set) is self._inside
        return self._test(v)

    def reach(self, facts, open_facts):
        if self.fact in facts:
            return T if self.value(facts) else F
        return T | F | U if self.fact in open_facts else U

    def _live_parts(self, facts, open_facts):
        return {self.fact}

    def facts(self):
        return frozenset({self.fact})

    def __repr__(self):
        return f"{self.fact} {self.op} {self.operand!r}"


_TESTS: dict[str, Callable[[Any], Callable[[Any], bool]]] = {
    "eq": lambda x: lambda v: v == x,
    "ne": lambda x: lambda v: v != x,
    "in": lambda xs: (lambda s: lambda v: v in s)(frozenset(xs)),
    "not_in": lambda xs: (lambda s: lambda v: v not in s)(frozenset(xs)),
    "lt": lambda x: lambda v: v < x,
    "le": lambda x: lambda v: v <= x,
    "gt": lambda x: lambda v: v > x,
    "ge": lambda x: lambda v: v >= x,
    "before": lambda x: lambda v: v < x,
    "after": lambda x: lambda v: v > x,
}
_MEMBERSHIP = {
    "eq": lambda x: frozenset({x}),
    "ne": lambda x: frozenset({x}),
    "in": frozenset,
    "not_in": frozenset,
}
OPERATORS = tuple(_TESTS)
_SET_OPS = ("in", "not_in")
_NUMBER_OPS = ("lt", "le", "gt", "ge")
_DATE_OPS = ("before", "after")
_LOGIC = ("all", "any", "not", "is", "fact")


class Vocabulary:
    """What a condition may refer to: the act's facts (with their kinds and values), its
    parameters and its definitions. The loader builds one per act."""

    def __init__(
        self,
        fact_kinds: Mapping[str, str],
        fact_values: Mapping[str, tuple[str, ...] | None],
        parameters: Mapping[str, Any],
        definitions: Mapping[str, tuple[Condition, ...]] | None = None,
    ):
        self.fact_kinds = fact_kinds
        self.fact_values = fact_values
        self.parameters = parameters
        self.definitions = dict(definitions or {})

    def compile(self, raw: Any) -> Condition:
        if raw == "always" or raw is True:
            return Always()
        if not isinstance(raw, Mapping) or not raw:
            raise ConditionError(f"a condition must be a mapping or 'always', not {raw!r}")
        if "fact" in raw:
            return self._test(raw)
        if len(raw) != 1:
            raise ConditionError(f"a condition has one operator, not {sorted(raw)}")
        (key, arg), = raw.items()
        if key in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise ConditionError(f"'{key}' takes a non-empty list of conditions")
            parts = tuple(self.compile(part) for part in arg)
            return All(parts) if key == "all" else Any_(parts)
        if key == "not":
            return Not(self.compile(arg))
        if key == "is":
            if arg not in self.definitions:
                raise ConditionError(f"unknown definition '{arg}'")
            return Is(arg, self.definitions[arg])
        if key in self.fact_kinds:
            op = "in" if isinstance(arg, list) else "eq"
            return self._test({"fact": key, op: arg})
        if key in OPERATORS:
            raise ConditionError(f"operator '{key}' needs a 'fact'")
        raise ConditionError(
            f"unknown fact or operator '{key}' (operators: {', '.join(_LOGIC + OPERATORS)})"
        )

    def _test(self, raw: Mapping[str, Any]) -> Test:
        fact = raw["fact"]
        if fact not in self.fact_kinds:
            raise ConditionError(f"unknown fact '{fact}'")
        ops = [k for k in raw if k != "fact"]
        if len(ops) != 1:
            raise ConditionError(f"a test of '{fact}' needs exactly one operator, got {ops}")
        op = ops[0]
        if op not in OPERATORS:
            raise ConditionError(f"unknown operator '{op}' (known: {', '.join(OPERATORS)})")
        operand = self._operand(raw[op])
        kind = self.fact_kinds[fact]
        if op in _SET_OPS:
            if not isinstance(operand, list) or not operand:
                raise ConditionError(f"'{op}' takes a non-empty list")
            for item in operand:
                self._check_value(fact, item)
            return Test(fact, op, [self._normal(item) for item in operand])
        if op in _NUMBER_OPS:
            if kind != "number" or not isinstance(operand, int | float) or isinstance(
                operand, bool
            ):
                raise ConditionError(f"'{op}' compares a number fact with a number")
        elif op in _DATE_OPS:
            if kind != "date" or not isinstance(operand, date):
                raise ConditionError(f"'{op}' compares a date fact with a date, not {operand!r}")
        else:
            self._check_value(fact, operand)
            operand = self._normal(operand)
        return Test(fact, op, operand)

    def _operand(self, operand: Any) -> Any:
        if isinstance(operand, str) and operand.startswith("$"):
            name = operand[1:]
            if name not in self.parameters:
                raise ConditionError(f"unknown parameter '{operand}'")
            return self.parameters[name]
        return operand

    @staticmethod
    def _normal(value: Any) -> Any:
        # YAML 1.1 reads a bare yes/no as a boolean; the act's yes/no facts hold strings.
        if value is True:
            return YES
        if value is False:
            return NO
        return value

    def _check_value(self, fact: str, value: Any) -> None:
        allowed = self.fact_values.get(fact)
        if allowed is not None and self._normal(value) not in allowed:
            raise ConditionError(
                f"'{value}' is not a value of fact '{fact}' (values: {', '.join(allowed)})"
            )
