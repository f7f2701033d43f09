"""Every text the SMS channel can send, to check each against the two-segment budget.

    python -m sms.budget            # every act, every language; prints the texts over budget

`outbound(act)` renders, in the current language, every question, every question asked again
with its hint, the result for every outcome each provision can decide (and "cannot tell yet"
with any provision), and every reply that does not depend on the act (keywords, hints, the
language menu, the apology). It walks the act and the texts module, not a fixed list, so a new
question, a new translation or a new reply is checked as soon as it exists.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass

from rules import Act, Ask, Message, Provision, Question
from sms import segments, texts

SAMPLE_LINK = "https://amnesty.example.kz/r/ABCD2345"
"""A result link of a realistic length (PUBLIC_BASE_URL + /r/ + the 8-letter code)."""
ENGINE_HINT = "Write the article as text, for example 190-2."
"""The engine's message for an article it cannot read (rules/flow.py), a sample hint."""


@dataclass(frozen=True)
class Text:
    what: str
    text: str
    act_texts: tuple[str, ...] = ()
    """The act's message ids the text includes (to tell a pending translation)."""
    neutral: bool = False
    """Written in all three languages at once (the language menu): never plain GSM-7."""


def outbound(act: Act, link: str = SAMPLE_LINK) -> Iterator[Text]:
    """Every text the channel can send about this act, in the current language."""
    for q in act.questions:
        step = Ask(q, 1, 1)
        used = _question_texts(q)
        yield Text(f"question {q.id}", texts.question(act, step), used)
        yield Text(f"question {q.id} again", texts.again(act, step), used)
        if not q.values:
            hint = texts.present.text(act, Message(ENGINE_HINT), short=True)
            yield Text(f"question {q.id} again, engine hint", texts.again(act, step, hint), used)
    provisions = [p for p in act.provisions if p.kind != "definition"]
    for p in provisions:
        for outcome in _outcomes(p):
            yield _verdict(act, outcome, p.fraction, p, link)
    for outcome in ("undetermined", "possibly_covered"):
        for p in (*provisions, None):
            yield _verdict(act, outcome, None, p, link)
    yield from replies(link)


def replies(link: str = SAMPLE_LINK) -> Iterator[Text]:
    """The replies that do not depend on an act: keywords, hints, menu, apology."""
    yield Text("language menu", texts.menu(), neutral=True)
    yield Text("help", texts.help_text())
    yield Text("not understood, offer help", texts.not_understood())
    yield Text("erased", texts.erased())
    yield Text("done", texts.done(link))
    yield Text("apology", texts.failed())
    yield Text("over the rate limit", texts.slow_down())


def _question_texts(q: Question) -> tuple[str, ...]:
    return (q.sms, *(o.sms for o in q.options))


def _outcomes(p: Provision) -> list[str]:
    return list(dict.fromkeys(p.outcome_by[1].values())) if p.outcome_by else [p.outcome]


def _verdict(act: Act, outcome: str, fraction: str | None, p: Provision | None,
             link: str) -> Text:
    return Text(f"verdict {outcome} {fraction or ''} {p.id if p else '-'}".replace("  ", " "),
                texts.verdict_line(act, outcome, fraction, p, link),
                (p.citation.article,) if p else ())


def problem(text: Text, lang: str) -> str | None:
    """Why a text breaks the budget, or None: over 2 segments, or English not in GSM-7."""
    cost = segments.cost(text.text)
    if cost.segments > texts.BUDGET:
        return f"{cost.units} {cost.encoding} units, {cost.segments} segments"
    if lang == "en" and not text.neutral and cost.encoding != "GSM-7":
        odd = "".join(sorted({c for c in text.text if segments.cost(c).encoding != "GSM-7"}))
        return f"English not in GSM-7 (because of {odd!r})"
    return None


def pending_translations(lang: str) -> set[str]:
    """The message ids not yet translated into a language (they show in English meanwhile)."""
    from web import catalogs

    path = catalogs.TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    return {m.id for m in catalogs.read(path, lang)
            if m.id and (m.fuzzy or not catalogs._complete(m.string))}


def main() -> int:
    from flask_babel import force_locale

    import rules
    from app import create_app

    app = create_app()
    over = checked = 0
    with app.app_context():
        base = app.config.get("PUBLIC_BASE_URL")
        link = f"{base.rstrip('/')}/r/ABCD2345" if base else SAMPLE_LINK
        for lang in app.config["LANGUAGES"]:
            pending = pending_translations(lang)
            with force_locale(lang):
                for act in rules.acts().values():
                    for text in outbound(act, link):
                        checked += 1
                        why = problem(text, lang)
                        if why:
                            over += 1
                            waiting = [t for t in text.act_texts if t in pending]
                            note = f" (translation pending: {waiting})" if waiting else ""
                            print(f"[{act.id} {lang}] {text.what}: {why}{note}\n{text.text}\n")
    print(f"{checked} texts checked, {over} over budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
