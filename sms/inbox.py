"""Receiving one text: answered once, never twice at the same time, never with a 500.

For each inbound message, in one database transaction:

1. claim its message id in `sms_inbound`; if it is already there (the gateway retried), send
   the reply recorded for it and change nothing;
2. STOP: delete the conversation, record the opt-out, say nothing. A number that opted out
   gets nothing until it sends START;
3. otherwise run the conversation (`sms.conversation.respond`) and record the reply.

Two messages from one number at once: on SQLite the claim takes the write lock, so they run one
after the other; on PostgreSQL the check's version column makes the second save fail
(StaleDataError), and the whole turn runs again on fresh data. Anything unexpected is logged
(type and stack only: no message text, number or answer can reach the log) and answered
with an apology.
"""

from __future__ import annotations

import logging
import traceback

from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from sms import conversation, store, texts
from sms.providers import Incoming
from web import db

log = logging.getLogger("sms")

ATTEMPTS = 5


def receive(message: Incoming) -> list[str]:
    """The texts to send back (none to stay silent)."""
    phone = store.phone_hmac(message.sender)
    s = db.session()
    for _ in range(ATTEMPTS):
        try:
            if message.id and not store.claim(message.id, phone):
                s.rollback()
                replies = store.earlier_reply(message.id)
                _log(message, phone, "duplicate")
                return replies
            outcome = _dispatch(message, phone)
            if outcome.forget:
                store.forget(phone, keep=message.id)
            if message.id:
                store.answered(message.id, outcome.replies)
            s.commit()
        except (StaleDataError, IntegrityError):
            # Another message from the same number changed the conversation first: again,
            # on fresh data.
            s.rollback()
            _log(message, phone, "retry")
            continue
        except Exception as e:  # noqa: BLE001 - a gateway must never see a 500
            s.rollback()
            log.error("sms inbound failed sid=%s from=%s error=%s\n%s", message.id,
                      store.tag(phone), type(e).__name__,
                      "".join(traceback.format_tb(e.__traceback__)))
            return _apology()
        _log(message, phone, outcome.event, outcome.step)
        return outcome.replies
    log.error("sms inbound gave up after %d attempts sid=%s from=%s", ATTEMPTS, message.id,
              store.tag(phone))
    return _apology()


def _dispatch(message: Incoming, phone: bytes) -> conversation.Outcome:
    if message.control == "STOP":
        store.opt_out(phone)
        return conversation.Outcome([], "stop", forget=True)
    if store.opted_out(phone):
        if message.control == "START":
            store.opt_in(phone)
            return conversation.Outcome([], "start")
        return conversation.Outcome([], "opted_out")
    if message.control == "HELP":
        return conversation.Outcome([], "provider_help")  # the gateway answered it
    return conversation.respond(phone, message.body)


def _apology() -> list[str]:
    """"Please try again later", in the three languages (the conversation's language is not
    known for sure after an error)."""
    try:
        said = []
        for lang in ("kk", "ru", "en"):
            with force_locale(lang):
                said.append(texts.failed())
        return [texts.fit("\n".join(dict.fromkeys(said)), said[-1])]
    except Exception:  # noqa: BLE001 - even the apology failed: say nothing
        return []


def _log(message: Incoming, phone: bytes, event: str, step: str | None = None) -> None:
    log.info("sms inbound sid=%s from=%s step=%s event=%s", message.id, store.tag(phone),
             step or "-", event)
