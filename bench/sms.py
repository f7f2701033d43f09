"""How many SMS segments a conversation costs, per language.

    .venv/bin/python bench/sms.py

Plays every legal case in tests/rules/cases/ through the SMS webhook (signed as Twilio signs,
through Flask's test client, on a temporary database), in Kazakh, Russian and English, answering
by number, and counts the segments of every text the app sends back: median, p95 and max per
conversation. Two openings: a first text that says the language ("Сәлем"), and one that does
not, so the language menu comes first. Target: median <= 12 segments in kk/ru.

Texts of the act still waiting for their kk/ru translation are sent in English meanwhile (in
UCS-2, since the rest of the message is Cyrillic); the line "translation pending" says how many
of the texts sent were such.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rules  # noqa: E402
from app import create_app  # noqa: E402
from sms import budget, segments, simulator  # noqa: E402
from tests.sms.helpers import TOKEN, URL, app_config, cases  # noqa: E402
from web import db, schema  # noqa: E402

MENU = {"kk": "1", "ru": "2", "en": "3"}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    app = create_app(app_config(Path(tempfile.mkdtemp(prefix="bench-sms-"))))
    schema.create_from_models(db.engine(app))  # a throwaway database: tables from the models
    client = app.test_client()
    by_act = {}
    for act_id, case in cases():
        by_act.setdefault(act_id, []).append(case)
    for act_id, act_cases in by_act.items():
        act = rules.get_act(act_id)
        print(f"{act_id}: {len(act_cases)} legal cases, segments sent per conversation")
        for lang in ("kk", "ru", "en"):
            script = simulator.Script.build(app, act, lang)
            pending = budget.pending_translations(lang) if lang != "en" else set()
            for opening, label in (((), "language said"), (("?", MENU[lang]), "menu first")):
                totals, messages, started = [], [], time.perf_counter()
                for case in act_cases:
                    phone = simulator.Phone(simulator.client_transport(client), URL, TOKEN)
                    played = simulator.play(phone, script, case["answers"], opening=opening)
                    totals.append(sum(segments.cost(t).segments for t in played.outbound))
                    messages.append(len(played.outbound))
                took = (time.perf_counter() - started) / sum(messages) * 1000
                print(f"  {lang} ({label}): median {statistics.median(totals):g}, "
                      f"p95 {percentile(totals, 95)}, max {max(totals)} segments; "
                      f"messages median {statistics.median(messages):g}; {took:.1f} ms/text")
            if pending:
                untranslated = sum(1 for q in act.questions if q.sms in pending)
                print(f"  {lang}: translation pending for {untranslated} of "
                      f"{len(act.questions)} question texts (sent in English meanwhile)")


if __name__ == "__main__":
    main()
