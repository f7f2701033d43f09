"""One person's way through the questionnaire on the web: which check this browser holds, where
it stands, and saving an answer.

The browser's cookie (Flask's signed session) holds only the check's opaque random id; the
answers live in the database (web/store.py). Every page works out where the person stands from
the stored answers alone, so any URL may be opened at any time: a question that is not asked
(yet, or any more) redirects to the one that is. A check is created with the first answer, so
merely reading the pages stores nothing.

A cookie whose check has expired, or that was tampered with, starts a fresh check that carries a
one-time notice (kept in the check's `conversation`, not in the cookie) for the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any

from flask import Flask, current_app, g, request, session, url_for
from flask_babel import refresh
from sqlalchemy.orm.exc import StaleDataError

import rules
from rules import AnswerError, Ask, Verdict
from web import db, store
from web.store import Check

COOKIE_KEY = "check"
NOTICE_KEY = "notice"
EXPIRED = "expired"


def ttl_for(app: Flask) -> timedelta:
    """How long a web check lives (WEB_CHECK_TTL_HOURS), counted from its first answer."""
    return timedelta(hours=app.config["WEB_CHECK_TTL_HOURS"])


@dataclass
class Journey:
    act: rules.Act
    lang: str = "kk"
    answers: dict[str, Any] = field(default_factory=dict)
    """The stored answers, in the order the flow asked them (rules.prune keeps that order)."""
    check_id: str | None = None
    code: str | None = None
    notice_waiting: bool = False
    _check: Check | None = None

    @property
    def check(self) -> Check | None:
        """The check as a database object: loaded only when something is to be changed (pages
        are shown from the row read by `store.peek`)."""
        if self._check is None and self.check_id:
            self._check = store.get(self.check_id)
        return self._check

    @cached_property
    def step(self) -> Ask | Verdict:
        """Where the person stands: the next question, or the verdict."""
        return next_step(self.act, self.answers)

    @property
    def done(self) -> bool:
        return isinstance(self.step, Verdict)

    @property
    def first_question(self) -> str:
        return next_step(self.act, {}).question.id

    @property
    def display_code(self) -> str | None:
        """The resume code as people read it: ABCD-EFGH."""
        return f"{self.code[:4]}-{self.code[4:]}" if self.code else None

    def answers_through(self, question_id: str) -> tuple:
        """The answers up to this question, its own included: all that its page depends on."""
        items = list(self.answers.items())
        if question_id in self.answers:
            items = items[: list(self.answers).index(question_id) + 1]
        return tuple(items)

    def ask(self, question_id: str) -> Ask | None:
        """The question page for `question_id`: the question asked now, or one already answered
        (to change it), as the flow asked it then. None for any other question."""
        step = self.step
        if question_id in self.answers:
            before = dict(self.answers_through(question_id)[:-1])
            step = next_step(self.act, before)
        return step if isinstance(step, Ask) and step.question.id == question_id else None

    def previous(self, question_id: str | None) -> str | None:
        """The question asked before this one (None for the first): where "Back" goes."""
        order = list(self.answers)
        if question_id in self.answers:
            order = order[: order.index(question_id)]
        return order[-1] if order else None

    def url(self, lang: str | None = None) -> str:
        """The page for where the person stands: the next question, or "check your answers"."""
        lang = lang or self.lang
        if isinstance(self.step, Ask):
            return url_for("web.question", lang_code=lang, question_id=self.step.question.id)
        return url_for("web.check_answers", lang_code=lang)

    def answer(self, question_id: str, value: Any) -> None:
        """Store an answer; answers that no longer apply are dropped (rules.prune).

        Raises AnswerError when the engine cannot accept the answer. Two requests saving the
        same check at once: the later one is replayed on the fresh answers.
        """
        for attempt in (1, 2):
            pruned = prune(self.act, {**self.answers, question_id: value})
            try:
                with db.transaction():
                    check = self.check or self._create()
                    check.answers = _json_safe(pruned)  # a new dict: JSON columns track assignment
                    store.touch(check)
            except StaleDataError:
                if attempt == 2:
                    raise
                db.session().refresh(self.check)
                self.answers = dict(self.check.answers)
                continue
            self.answers = check.answers
            self.__dict__.pop("step", None)
            return

    def restart(self) -> None:
        """Delete the check and its answers ("Start again")."""
        if self.check is not None:
            with db.transaction():
                store.remove(self.check)
        session.pop(COOKIE_KEY, None)
        self._check, self.check_id, self.code, self.answers = None, None, None, {}
        self.__dict__.pop("step", None)

    def pop_notice(self) -> str | None:
        """The one-time notice for this page (e.g. "your check expired"), then forgotten."""
        if not self.notice_waiting or self.check is None:
            return None
        self.notice_waiting = False
        notice = self.check.conversation[NOTICE_KEY]
        with db.transaction():
            self.check.conversation = {k: v for k, v in self.check.conversation.items()
                                       if k != NOTICE_KEY}
        return notice

    def _create(self, notice: str | None = None) -> Check:
        store.purge()  # expired checks go with their answers; cheap, the column is indexed
        check = store.create("web", self.act.id, self.lang, ttl_for(current_app))
        if notice:
            check.conversation = {NOTICE_KEY: notice}
        self._check, self.check_id, self.code = check, check.id, check.code
        self.notice_waiting = bool(notice)
        session[COOKIE_KEY] = check.id
        session.permanent = True
        return check


# The engine is pure and the questionnaire has few distinct states: remember its answers.
# Keyed by the act's rules version too, so a changed act never gets an old answer.


def next_step(act: rules.Act, answers: dict[str, Any]) -> Ask | Verdict:
    try:
        return _next_step(act.id, act.rules_version, tuple(answers.items()))
    except TypeError:  # an answer that cannot be a key (a list?): not remembered
        return rules.next_step(act, answers)


@lru_cache(maxsize=4096)
def _next_step(act_id: str, version: str, answers: tuple) -> Ask | Verdict:
    return rules.next_step(rules.get_act(act_id), dict(answers))


def prune(act: rules.Act, answers: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(_prune(act.id, act.rules_version, tuple(answers.items())))
    except TypeError:
        return rules.prune(act, answers)


@lru_cache(maxsize=4096)
def _prune(act_id: str, version: str, answers: tuple) -> tuple:
    return tuple(rules.prune(rules.get_act(act_id), dict(answers)).items())


def current() -> Journey:
    """This request's journey (loaded once per request)."""
    if "journey" not in g:
        g.journey = _load(g.lang_code)
    return g.journey


def _load(lang: str) -> Journey:
    check_id = session.get(COOKIE_KEY)
    row = store.peek(check_id) if check_id else None
    if row is not None:
        try:
            journey = Journey(rules.get_act(row.act_id), lang, dict(row.answers), row.id,
                              row.code, NOTICE_KEY in (row.conversation or {}))
            journey.step  # noqa: B018 - answers the act no longer accepts count as stale
        except (KeyError, AnswerError):
            return _fresh(lang, stale=True)
        if row.lang != lang and row.channel == "web" and journey.check:  # /r/<code> opens in
            with db.transaction():  # the language last used; an SMS conversation keeps its own
                journey.check.lang = lang
        return journey
    return _fresh(lang, stale=bool(check_id) or _tampered())


def _fresh(lang: str, stale: bool) -> Journey:
    journey = Journey(rules.get_act(current_app.config["WEB_ACT"]), lang)
    if stale:
        session.clear()
        with db.transaction():
            journey._create(notice=EXPIRED)
    return journey


def _tampered() -> bool:
    """A session cookie came but could not be read (forged, or signed with an old key)."""
    name = current_app.session_interface.get_cookie_name(current_app)
    return name in request.cookies and not session


def resume(code: str, lang: str | None = None) -> Journey | None:
    """Open the check with this resume code in this browser, in `lang` or else the check's own
    language; None when no live check has this code."""
    check = store.by_code(code)
    if check is None:
        return None
    session.clear()
    session[COOKIE_KEY] = check.id
    session.permanent = True
    g.lang_code = lang or check.lang
    g.pop("journey", None)
    refresh()
    return current()


def _json_safe(answers: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in answers.items()}
