"""Every text the SMS channel can send, to check each against the two-segment budget.

    python -m sms.budget            # every language; prints the texts over budget
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from rules import Act, Ask
from rules.model import OUTCOMES
from sms import segments, texts

SAMPLE_LINK = "https://amnesty.example.kz/r/ABCD2345"


def outbound(act: Act) -> Iterator[tuple[str, str]]:
    """(what, text) for every question and every verdict shape, in the current language."""
    for q in act.questions:
        yield f"question {q.id}", texts.question(act, Ask(q, 1, 1))
    provisions = [p for p in act.provisions if p.kind != "definition"]
    for outcome in OUTCOMES:
        for p in provisions:
            yield f"verdict {outcome} {p.id}", texts.verdict_line(act, outcome, "1/3", p,
                                                                   SAMPLE_LINK)


def main() -> int:
    from flask_babel import force_locale

    from app import create_app
    from rules import default_act

    app = create_app()
    over = 0
    with app.app_context():
        for lang in app.config["LANGUAGES"]:
            with force_locale(lang):
                for what, text in outbound(default_act()):
                    cost = segments.cost(text)
                    if cost.segments > 2:
                        over += 1
                        print(f"[{lang}] {what}: {cost.units} {cost.encoding} units, "
                              f"{cost.segments} segments\n{text}\n")
    print(f"{over} texts over budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
