"""How many questions the flow asks, and how fast the engine assesses.

    .venv/bin/python bench/questions.py

Plays every legal case in tests/rules/cases/ through the questionnaire and prints the questions
asked to reach the verdict (median, p95, max) beside the number of questions in the act (what a
fixed form would ask); then assessments per second on one core (answers in, verdict out).
Targets: median <= 4, p95 <= 8; >= 10,000 assessments per second per core.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rules  # noqa: E402
from rules import Ask  # noqa: E402


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(label, counts):
    print(f"  {label} ({len(counts)}): questions asked median {statistics.median(counts):g}, "
          f"p95 {percentile(counts, 95)}, max {max(counts)}, min {min(counts)}")


def play(act, answers):
    given = {}
    while isinstance(step := rules.next_step(act, given), Ask):
        given[step.question.id] = answers[step.question.id]
    return given


def main() -> None:
    for path in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        act = rules.get_act(data["act"])
        played = [play(act, case["answers"]) for case in data["cases"]]
        counts = [len(p) for p in played]
        print(f"{act.id}: {len(counts)} legal cases, {len(act.questions)} questions in the act "
              "(a fixed form would ask them all)")
        summary("all cases", counts)
        first = act.questions[0].id
        summary(f"{first} known", [len(p) for p in played if p.get(first) != "unknown"])
        summary(f"{first} unknown", [len(p) for p in played if p.get(first) == "unknown"])
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < 2.0:
            for answers in played:
                rules.next_step(act, answers)
            done += len(played)
        rate = done / (time.perf_counter() - start)
        print(f"  assessments per second (one core): {rate:,.0f}")


if __name__ == "__main__":
    main()
