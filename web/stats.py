"""Operator statistics: anonymous daily counters, counted when things happen and kept after the
checks themselves are purged.

    stats_daily(day, act, channel, lang, metric, key) -> count

    metric      key            counted once per check (per run), when…
    started     ""             the check gets its first answer
    shown       question id    the question is put to the person (sent by SMS, or the web
                               redirects to it); an answered question counts as shown too
    answered    question id    the question is answered
    unknown     question id    the question is answered "I don't know"
    completed   the outcome    the check reaches a verdict (release_from_liability, …)

Drop-off at a question is `shown - answered`; its "I don't know" rate is `unknown / answered`.

A counter is incremented in the transaction that saves the event (the check's answers), so an
answer that is rolled back is not counted, and a retried one is counted once: `record` notes the
increments on the session, and they are written as one upsert (INSERT … ON CONFLICT DO UPDATE,
SQLite or PostgreSQL) just before the transaction commits. Which events a
check has already counted are kept in the check's own row (`Check.counted`: "started", "done",
"s:<question>", "a:<question>", "u:<question>"), so a page reloaded, an answer changed or a
message delivered twice counts nothing twice; the marks go with the check when it is purged.
When a check's answers become empty again (RESTART by SMS) a new run begins and counts again;
"Start again" on the web deletes the check, so the next answer starts a new one.

Nothing here identifies a person: no check id, no code, no phone hash, no answer other than
"I don't know or not"; the day is the calendar day in STATS_TIMEZONE (Asia/Almaty: the users'
day; Kazakhstan keeps one time zone, UTC+5). Small counts can still single someone out in a rare
combination (one English SMS user, one day, one outcome), so the page and the CSV show counts
below STATS_MIN_COUNT as "<N" (see `shown`).

On the web the first question's page views are not counted: no check exists until the first
answer (reading the pages stores nothing), so there its "shown" equals "started". By SMS the
first question is counted when it is sent, after the language is chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Connection, Date, Integer, String, event, func, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from rules import UNKNOWN, Ask, Verdict
from web import db
from web.store import Check, utcnow

METRICS = ("started", "shown", "answered", "unknown", "completed")
CHANNELS = ("web", "sms")


class StatsDaily(db.Base):
    __tablename__ = "stats_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    act: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    metric: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)


TABLE = StatsDaily.__table__
KEY_COLUMNS = ("day", "act", "channel", "lang", "metric", "key")


# -- counting -----------------------------------------------------------------------------------


def record(check: Check, channel: str, lang: str, answers: Mapping[str, Any],
           step: Ask | Verdict | None) -> None:
    """Count what this check has just reached: its `answers` (as now saved) and the `step` the
    engine now asks (the question put to the person, or the verdict). Each event is counted
    once per check; call it inside the transaction that saves the check."""
    before = set(check.counted or ())
    marks = set() if not answers and "started" in before else set(before)  # a new run
    events: Counter[tuple[str, str]] = Counter()

    def once(mark: str, metric: str, key: str = "") -> None:
        if mark not in marks:
            marks.add(mark)
            events[metric, key] += 1

    if answers:
        once("started", "started")
    for question_id, value in answers.items():
        once(f"s:{question_id}", "shown", question_id)
        once(f"a:{question_id}", "answered", question_id)
        if value == UNKNOWN:
            once(f"u:{question_id}", "unknown", question_id)
    if isinstance(step, Ask):
        once(f"s:{step.question.id}", "shown", step.question.id)
    elif isinstance(step, Verdict):
        once("done", "completed", step.outcome)
    if marks != before:
        check.counted = sorted(marks)
    if events:
        add(today(), check.act_id, channel, lang, events)


PENDING = "stats_pending"


def add(day: date, act: str, channel: str, lang: str,
        events: Mapping[tuple[str, str], int]) -> None:
    """Add to the day's counters in this request's transaction: written when it commits (the
    last statement before COMMIT, so that PostgreSQL holds the counters' rows locked for the
    shortest time), dropped if it rolls back."""
    pending = db.session().info.setdefault(PENDING, Counter())
    for (metric, key), n in events.items():
        if n:
            pending[day, act, channel, lang, metric, key] += n


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        session.flush()  # the event itself first (the check's answers)
        write(session.connection(), pending)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session: Session, transaction) -> None:
    if transaction.parent is None:  # rolled back, or committed (then already written)
        session.info.pop(PENDING, None)


def write(connection: Connection, counts: Mapping[tuple, int]) -> None:
    """Add `counts` ((day, act, channel, lang, metric, key) -> n) to the counters: an upsert per
    row, the rows in key order (two transactions never wait for each other's rows in opposite
    orders)."""
    rows = [dict(zip(KEY_COLUMNS, key, strict=True), count=n)
            for key, n in sorted(counts.items()) if n]
    if not rows:
        return
    statement = _statement(connection.dialect.name)
    if statement is None:  # another database: update, then insert what was not there
        for row in rows:
            keys = [TABLE.c[k] == row[k] for k in KEY_COLUMNS]
            done = connection.execute(update(TABLE).where(*keys)
                                      .values(count=TABLE.c.count + row["count"]))
            if not done.rowcount:
                connection.execute(insert(TABLE).values(row))
        return
    connection.execute(statement, rows)


@cache
def _statement(dialect: str):
    """INSERT … ON CONFLICT (the key) DO UPDATE SET count = count + excluded.count, built once
    (and compiled once by SQLAlchemy's cache); None for a database without it."""
    upsert = _upsert(dialect)
    if upsert is None:
        return None
    statement = upsert(TABLE)
    return statement.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS),
        set_={"count": TABLE.c.count + statement.excluded["count"]})


def _upsert(dialect: str):
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        return None
    return upsert


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def today(now: datetime | None = None) -> date:
    """The calendar day in STATS_TIMEZONE."""
    return (now or utcnow()).astimezone(_zone(current_app.config["STATS_TIMEZONE"])).date()


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    act: str
    channel: str | None = None
    lang: str | None = None

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class Row:
    day: date
    act: str
    channel: str
    lang: str
    metric: str
    key: str
    count: int


def rows(filters: Filters) -> list[Row]:
    """The counters in the date range (both days included) that pass the filters."""
    c = TABLE.c
    where = [c.day >= filters.start, c.day <= filters.end, c.act == filters.act]
    if filters.channel:
        where.append(c.channel == filters.channel)
    if filters.lang:
        where.append(c.lang == filters.lang)
    statement = (select(*(c[k] for k in KEY_COLUMNS), c["count"]).where(*where)
                 .order_by(*(c[k] for k in KEY_COLUMNS)))
    return [Row(*r) for r in db.session().execute(statement)]


def acts_counted() -> list[str]:
    return list(db.session().scalars(select(TABLE.c.act).distinct().order_by(TABLE.c.act)))


def first_day() -> date | None:
    return db.session().scalar(select(func.min(TABLE.c.day)))


@dataclass
class QuestionCounts:
    shown: int = 0
    answered: int = 0
    unknown: int = 0
    unknown_by_lang: Counter = field(default_factory=Counter)
    answered_by_lang: Counter = field(default_factory=Counter)

    @property
    def dropped(self) -> int:
        return max(self.shown - self.answered, 0)


@dataclass
class Summary:
    """What the page shows: totals over the range, per day, per language and channel, per
    outcome and per question."""

    filters: Filters
    started: int = 0
    completed: int = 0
    outcomes: Counter = field(default_factory=Counter)
    per_day: dict[date, Counter] = field(default_factory=dict)
    """day -> {"started": n, "completed": n}"""
    per_group: dict[tuple[str, str], Counter] = field(default_factory=dict)
    """(lang, channel) -> {"started": n, "completed": n, <outcome>: n}"""
    questions: dict[str, QuestionCounts] = field(default_factory=dict)


def summarise(filters: Filters, counted: Iterable[Row] | None = None) -> Summary:
    summary = Summary(filters, per_day={d: Counter() for d in filters.days})
    for r in rows(filters) if counted is None else counted:
        group = summary.per_group.setdefault((r.lang, r.channel), Counter())
        if r.metric in ("started", "completed"):
            summary.per_day.setdefault(r.day, Counter())[r.metric] += r.count
            group[r.metric] += r.count
            if r.metric == "started":
                summary.started += r.count
            else:
                summary.completed += r.count
                summary.outcomes[r.key] += r.count
                group[r.key] += r.count
            continue
        q = summary.questions.setdefault(r.key, QuestionCounts())
        if r.metric == "shown":
            q.shown += r.count
        elif r.metric == "answered":
            q.answered += r.count
            q.answered_by_lang[r.lang] += r.count
        elif r.metric == "unknown":
            q.unknown += r.count
            q.unknown_by_lang[r.lang] += r.count
    return summary


# -- small counts --------------------------------------------------------------------------------


def threshold() -> int:
    return max(int(current_app.config["STATS_MIN_COUNT"] or 1), 1)


def hidden(n: int) -> bool:
    """A count too small to show: 1 to STATS_MIN_COUNT - 1 (zero is shown)."""
    return 0 < n < threshold()


def shown(n: int) -> str:
    """A count as the page and the CSV show it: the number, or "<5" when it is too small."""
    return f"<{threshold()}" if hidden(n) else str(n)


def dropoff(q: QuestionCounts) -> float | None:
    """The share of those shown a question who did not answer it, when its counts are shown."""
    if not q.shown or hidden(q.shown) or hidden(q.answered):
        return None
    return q.dropped / q.shown


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when whole is 0 or either count is too small to show (a rate would
    give the hidden count away)."""
    if not whole or hidden(part) or hidden(whole):
        return None
    return part / whole
