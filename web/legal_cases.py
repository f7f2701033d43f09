"""The legal cases of each act, as the rules browser shows them: which cases exercise which
provision, so a lawyer can see what the tool was tested against.

The cases are written in `tests/rules/cases/<act-id>.yaml` (where the engine's tests read them).
An installed app has no `tests/`, so a build step copies what the browser needs into
`web/data/<act-id>.cases.json`, which is committed and packaged:

    amnesty build-legal-cases

A test fails when the copy differs from the YAML, the way a stale translation catalog fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "rules" / "cases"
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LegalCase:
    number: int
    """1 for the file's first case: the case's anchor on the rules page."""
    name: str
    """A sentence in English: the case's name in the test file."""
    answers: dict[str, Any]
    outcome: str
    fraction: str | None
    provisions: tuple[str, ...]
    depends_on: tuple[str, ...]

    @property
    def exercises(self) -> tuple[str, ...]:
        """The provisions this case checks: its deciding ones and the doubts it depends on."""
        return tuple(dict.fromkeys((*self.provisions, *self.depends_on)))


def build(source: Path = SOURCE) -> dict[str, str]:
    """The JSON text of each act's cases, by act id, from the test files."""
    out = {}
    for path in sorted(source.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases = [
            {
                "name": case["name"],
                "answers": {k: _plain(v) for k, v in case["answers"].items()},
                "outcome": case["expect"]["outcome"],
                "fraction": case["expect"].get("fraction"),
                "provisions": case["expect"].get("provisions", []),
                "depends_on": case["expect"].get("depends_on", []),
            }
            for case in data["cases"]
        ]
        head = {"act": data["act"], "source": f"tests/rules/cases/{path.name}",
                "command": "amnesty build-legal-cases"}
        lines = ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases)
        # One case a line: the copy diffs like the YAML it comes from.
        out[data["act"]] = json.dumps(head, ensure_ascii=False)[:-1] + (
            f', "cases": [\n{lines}\n]}}\n')
    return out


def _plain(value: Any) -> Any:
    """YAML reads yes/no as booleans in places; the protocol's words are "yes" and "no"."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value if isinstance(value, str | int | float) or value is None else str(value)


def path_for(act_id: str, data: Path = DATA) -> Path:
    return data / f"{act_id}.cases.json"


def write(source: Path = SOURCE, data: Path = DATA) -> list[Path]:
    data.mkdir(parents=True, exist_ok=True)
    written = []
    for act_id, text in build(source).items():
        path = path_for(act_id, data)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@cache
def cases(act_id: str) -> tuple[LegalCase, ...]:
    """The act's legal cases in file order; none when the act has no built copy."""
    path = path_for(act_id)
    if not path.exists():
        return ()
    raw = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return tuple(
        LegalCase(n, c["name"], c["answers"], c["outcome"], c["fraction"],
                  tuple(c["provisions"]), tuple(c["depends_on"]))
        for n, c in enumerate(raw, 1)
    )


@cache
def by_provision(act_id: str) -> dict[str, tuple[LegalCase, ...]]:
    """For each provision id, the cases that exercise it."""
    out: dict[str, list[LegalCase]] = {}
    for case in cases(act_id):
        for pid in case.exercises:
            out.setdefault(pid, []).append(case)
    return {pid: tuple(found) for pid, found in out.items()}
