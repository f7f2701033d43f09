"""Derivers turn one answer into other facts.

A question of type `article` names a deriver; the Criminal Code lookup is the first: from
"190-2" it derives the offence's category and exclusion tags, so the flow skips the questions
those facts would otherwise need. A deriver is pure: text in, facts out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rules.model import Message


@dataclass(frozen=True)
class Derivation:
    values: Mapping[str, str] = field(default_factory=dict)
    notice: Message | None = None
    """Shown with the next questions, e.g. "Article 999 is not in the Criminal Code"."""


class Deriver(Protocol):
    provides: frozenset[str]
    version: str

    def parse(self, text: str) -> str:
        """The canonical form of an answer, or AnswerError when it cannot be read."""

    def derive(self, value: str) -> Derivation: ...


_REGISTRY: dict[str, Deriver] = {}


def register(name: str, deriver: Deriver) -> None:
    _REGISTRY[name] = deriver


def get(name: str) -> Deriver:
    _load_builtin()
    return _REGISTRY[name]


def names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def _load_builtin() -> None:
    """The built-in derivers register themselves on import."""
    import rules.criminal_code.deriver  # noqa: F401
