"""One SMS conversation: the web's questionnaire, one short message per question.

The state is a `web.store.Check` (channel "sms") found by the keyed hash of the sender's number.
Its `answers` are the web's answers, driven by the same engine (`rules.next_step`,
`rules.prune`); its `conversation` holds what only SMS needs:

    stage     "language" (waiting for a language), "question" or "done" (the result was sent)
    asked     the id of the question last sent: a reply answers that question only
    unclear   how many replies in a row were not understood (once: the question again with a
              hint; then: an offer of help)
    shown     notices already sent (e.g. "article 999 is not in the Criminal Code")

Whatever the stage, a keyword (HELP, BACK, RESTART, LANG, DELETE, in each language) does what
it says. If the answers changed elsewhere (the person continued on the web with the resume
code), the next message resends the question the engine now asks instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import force_locale
from sqlalchemy import select

import rules
from rules import AnswerError, Ask, Message, Verdict
from sms import parse, store, texts
from web import db
from web import store as checks
from web.present import text as act_text
from web.store import Check


@dataclass
class Outcome:
    replies: list[str]
    event: str
    """What happened, for the log: "question", "answer", "unclear", "help", "verdict:<outcome>"…"""
    step: str | None = None
    """The question now asked, for the log."""
    forget: bool = False
    """The person asked to delete their conversation."""


def respond(phone: bytes, body: str) -> Outcome:
    """The reply to one message from this number (the caller commits)."""
    check = _load(phone)
    keyword = parse.keyword(body)
    if keyword and keyword.action == "erase":
        with force_locale(check.lang if check else keyword.lang):
            return Outcome([texts.erased()], "erase", forget=True)
    if check is None:
        check = _start(phone)
    turn = _Turn(check)
    outcome = turn.reply(body, keyword)
    turn.save()
    return outcome


def _load(phone: bytes) -> Check | None:
    """The number's live conversation; an expired one is deleted here (a new one may start)."""
    s = db.session()
    check = s.scalars(select(Check).where(Check.phone_hmac == phone)).first()
    if check is not None and check.expired():
        s.delete(check)
        s.flush()  # before a new check with the same phone hash is inserted
        return None
    return check


def _start(phone: bytes) -> Check:
    check = checks.create("sms", rules.default_act().id, current_app.config[
        "BABEL_DEFAULT_LOCALE"], store.ttl(), phone_hmac=phone)
    check.conversation = {"stage": "language"}
    return check


def link(check: Check) -> str:
    """The short link to the full result on the web: {PUBLIC_BASE_URL}/r/{code}."""
    config = current_app.config
    base = config.get("PUBLIC_BASE_URL")
    if not base and config.get("SMS_WEBHOOK_PUBLIC_URL"):
        parts = urlsplit(config["SMS_WEBHOOK_PUBLIC_URL"])
        base = f"{parts.scheme}://{parts.netloc}"
    base = base or request.host_url
    return f"{base.rstrip('/')}/r/{check.code}"


@dataclass
class _Turn:
    check: Check
    act: rules.Act = field(init=False)
    state: dict[str, Any] = field(init=False)
    answers: dict[str, Any] = field(init=False)
    _asked_now: tuple[tuple, Ask | Verdict] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        try:
            self.act = rules.get_act(self.check.act_id)
        except KeyError:
            self.act = rules.default_act()
        self.state = dict(self.check.conversation or {})
        self.answers = self._valid(dict(self.check.answers or {}))

    def _valid(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The stored answers the flow still asks for, in its order; an answer the act no longer
        accepts is dropped (the act changed, or it came from another channel)."""
        while True:
            try:
                return rules.prune(self.act, answers)
            except AnswerError as e:
                if e.question_id not in answers:
                    return {}
                answers = {k: v for k, v in answers.items() if k != e.question_id}

    def save(self) -> None:
        # New objects, never mutated in place: SQLAlchemy sees the change.
        self.check.answers = dict(self.answers)
        self.check.conversation = dict(self.state)
        checks.touch(self.check, store.ttl())

    # -- the turn -------------------------------------------------------------------------------

    def reply(self, body: str, keyword: parse.Keyword | None) -> Outcome:
        if self.state.get("stage") == "language":
            return self._choose_language(body, keyword)
        with force_locale(self.check.lang):
            if keyword:
                return self._keyword(keyword.action)
            step = self._step()
            if isinstance(step, Verdict):
                if self.state.get("stage") == "done":
                    return Outcome([texts.done(link(self.check))], "done")
                return self._current("resync")
            if self.state.get("asked") != step.question.id:
                return self._current("resync")
            return self._answer(step, body)

    def _choose_language(self, body: str, keyword: parse.Keyword | None) -> Outcome:
        lang = keyword.lang if keyword else parse.language(body)
        if lang is None or (keyword and keyword.action == "language"):
            return Outcome([texts.menu()], "menu")
        self.check.lang = lang
        self.state.update(stage="question", asked=None, unclear=0)
        with force_locale(lang):
            if keyword and keyword.action == "help":
                return Outcome([texts.help_text()], "help")
            if keyword and keyword.action == "restart":
                self.answers = {}
            return self._current(f"language:{lang}")

    def _keyword(self, action: str) -> Outcome:
        self.state["unclear"] = 0
        if action == "help":
            return Outcome([texts.help_text()], "help", self.state.get("asked"))
        if action == "language":
            self.state["stage"] = "language"
            return Outcome([texts.menu()], "menu")
        if action == "restart":
            self.answers = {}
            self.state["shown"] = []
        elif action == "back" and self.answers:
            self.answers = dict(list(self.answers.items())[:-1])  # flow order: prune's
        return self._current(action)

    def _answer(self, step: Ask, body: str) -> Outcome:
        q = step.question
        error: Message | None = None
        if q.values:
            value = parse.answer(body, texts.options(self.act, q))
        else:
            value = parse.free_text(body, q.allows_unknown)
        if value is not None:
            try:  # the engine's reading: the canonical form, or why it cannot be read
                value = rules.normalise(self.act, {q.id: value})[q.id]
            except AnswerError as e:
                value, error = None, e.message
        if value is None:
            return self._unclear(step, error)
        # The stored answers are pruned and this is the question the flow asks now, so the
        # answer extends the flow: no other answer stops applying (no second prune needed).
        self.answers = {**self.answers, q.id: value}
        self.state["unclear"] = 0
        return self._current("answer")

    def _unclear(self, step: Ask, error: Message | None) -> Outcome:
        self.state["unclear"] = self.state.get("unclear", 0) + 1
        if self.state["unclear"] > 1:
            return Outcome([texts.not_understood()], "not_understood", step.question.id)
        hint = act_text(self.act, error, short=True) if error else None
        return Outcome([texts.again(self.act, step, hint)], "unclear", step.question.id)

    def _step(self) -> Ask | Verdict:
        """What the engine asks now (computed once per set of answers)."""
        key = tuple(self.answers.items())
        if self._asked_now is None or self._asked_now[0] != key:
            self._asked_now = (key, rules.next_step(self.act, self.answers))
        return self._asked_now[1]

    def _current(self, event: str) -> Outcome:
        """Send what the engine asks now: the next question, or the result."""
        step = self._step()
        if isinstance(step, Verdict):
            self.state.update(stage="done", asked=None, unclear=0)
            return Outcome([texts.verdict(self.act, step, link(self.check))],
                           f"{event} verdict:{step.outcome}")
        shown = list(self.state.get("shown", []))
        new = [n for n in step.notices if _notice_key(n) not in shown]
        self.state.update(stage="question", asked=step.question.id, unclear=0,
                          shown=shown + [_notice_key(n) for n in new])
        return Outcome(texts.question_with_notices(self.act, step, new), event,
                       step.question.id)


def _notice_key(message: Message) -> str:
    return f"{message.id}|{sorted(message.params.items())}"
