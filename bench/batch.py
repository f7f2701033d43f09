"""How fast `amnesty batch` assesses a large client list.

    .venv/bin/python bench/batch.py [ROWS]          # default 10,000 rows; target < 5 s

Makes ROWS clients from the legal cases in tests/rules/cases/, varied the way real lists vary:
the article written in another notation, an answer left blank or answered "unknown", now and
then a bad cell (2%). Then times the batch core in one process, as `amnesty batch` runs it:
read the CSV bytes, assess every row, write the results. Prints rows per second and seconds,
once as it runs (one verdict per distinct set of answers) and once computing every row (the
worst case: a list where no two clients answer alike).
"""

from __future__ import annotations

import csv
import io
import random
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_babel import force_locale  # noqa: E402

import rules  # noqa: E402
from app import create_app  # noqa: E402
from web import batch  # noqa: E402

NOTATIONS = ("{a}-{p}", "ч. {p} ст. {a}", "{a}-бап {p}-бөлік", "article {a} part {p}", "{a}({p})")
TARGET_SECONDS = 5.0


def plain(value) -> str:
    return "yes" if value is True else "no" if value is False else str(value)


def renotate(article: str, rnd: random.Random) -> str:
    """The same reference in another notation, when it is a plain "190-2"."""
    head, _, part = article.partition("-")
    if head.isdigit() and part.isdigit():
        return rnd.choice(NOTATIONS).format(a=head, p=part)
    return article


def clients(count: int, seed: int = 195) -> bytes:
    act = rules.default_act()
    cases = yaml.safe_load((ROOT / "tests/rules/cases" / f"{act.id}.yaml").read_text("utf-8"))
    columns = [q.id for q in act.questions]
    rnd = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["ref", *columns])
    for n in range(count):
        answers = {k: plain(v) for k, v in rnd.choice(cases["cases"])["answers"].items()}
        roll = rnd.random()
        if "article" in answers and roll < 0.3:
            answers["article"] = renotate(answers["article"], rnd)
        elif roll < 0.5 and len(answers) > 1:
            answers.pop(rnd.choice(list(answers)[1:]))  # left blank
        elif roll < 0.65:
            key = rnd.choice(list(answers))
            if act.question(key).allows_unknown:
                answers[key] = "unknown"
        if rnd.random() < 0.02:
            answers["stage"] = "in prison"  # a bad cell, reported in its row
        writer.writerow([f"C-{n + 1:05d}", *(answers.get(c, "") for c in columns)])
    return out.getvalue().encode("utf-8")


def timed(data: bytes, remember: bool) -> tuple[float, int, list]:
    act = rules.default_act()
    start = time.perf_counter()
    table = batch.read(data, act)
    results = list(batch.assess_rows(act, table, remember=remember))
    out = batch.write(table, results, act)
    seconds = time.perf_counter() - start
    return seconds, len(out), results


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "bench",
                      "PHONE_HMAC_KEY": "bench"})
    data = clients(count)
    seconds = {}
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";"))[1:]
    print(f"{count:,} clients made from the legal cases: "
          f"{len({tuple(r[1:]) for r in rows}):,} distinct sets of answers")
    with app.app_context(), force_locale("ru"):
        rules.assess(rules.default_act(), {})  # load the act and the Criminal Code data first
        for label, remember in (("as run", True), ("every row computed", False)):
            seconds[label], size, results = timed(data, remember)
            print(f"{label}: {count:,} rows ({len(data) / 1024:,.0f} KiB in, "
                  f"{size / 1024:,.0f} KiB out) in {seconds[label]:.2f} s = "
                  f"{count / seconds[label]:,.0f} rows/s, "
                  f"{sum(1 for r in results if r.errors)} rows with a bad cell")
        print("outcomes:", ", ".join(f"{k} {v}" for k, v in batch.summary(results).items()))
    met = "met" if seconds["as run"] < TARGET_SECONDS else "MISSED"
    print(f"target: {count:,} rows in under {TARGET_SECONDS:g} s as run: {met}")

if __name__ == "__main__":
    main()
