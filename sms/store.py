"""What the SMS channel keeps besides the conversation itself (a `web.store.Check` with
channel "sms"): which messages it has answered, and who opted out.

* `sms_inbound`: one row per provider message id (Twilio's MessageSid), with the reply sent, so
  a message delivered twice (Twilio retries after a timeout) is answered once, with the same
  reply. Rows expire with the conversation's time to live and are purged with it.
* `sms_optout`: the keyed hash of every number that sent STOP. Nothing is sent to it again
  until it sends START. Kept while the opt-out must be honoured.

A phone number is never stored: only HMAC-SHA256(PHONE_HMAC_KEY, number), which finds a
conversation again but cannot be reversed without the key (a plain hash of a phone number can
be, by trying every number).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import JSON, DateTime, LargeBinary, String, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from web import db
from web.store import Check, utcnow


class Inbound(db.Base):
    __tablename__ = "sms_inbound"

    message_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    phone_hmac: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    reply: Mapped[list[str] | None] = mapped_column(JSON)
    """The texts sent back; None while the message is being handled or once erased."""


class OptOut(db.Base):
    __tablename__ = "sms_optout"

    phone_hmac: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def phone_hmac(number: str) -> bytes:
    """The keyed hash of a number in E.164 form (+77011234567); spaces, dashes and brackets
    are ignored, so "+7 701 123-45-67" hashes the same."""
    e164 = "".join(c for c in number if c.isdigit() or c == "+")
    key = str(current_app.config["PHONE_HMAC_KEY"]).encode()
    return hmac.new(key, e164.encode(), hashlib.sha256).digest()


def tag(phone: bytes) -> str:
    """A short prefix of the hash for logs: enough to follow one conversation, not to find it."""
    return phone.hex()[:8]


def ttl() -> timedelta:
    return timedelta(days=current_app.config["SMS_CHECK_TTL_DAYS"])


# -- answered once ------------------------------------------------------------------------------


def claim(message_id: str, phone: bytes) -> bool:
    """Record that this message is being answered; False when it already was (or is being, in
    a transaction not yet committed: the database makes this one wait until it is). On False
    the caller rolls back its session."""
    now = utcnow()
    db.session().add(Inbound(message_id=message_id, phone_hmac=phone, received_at=now,
                             expires_at=now + ttl(), reply=None))
    try:
        db.session().flush()
    except IntegrityError:
        return False
    return True


def answered(message_id: str, reply: list[str]) -> None:
    row = db.session().get(Inbound, message_id)
    if row is not None:
        row.reply = list(reply)


def earlier_reply(message_id: str) -> list[str]:
    row = db.session().get(Inbound, message_id)
    return list(row.reply or []) if row is not None else []


# -- opting out, forgetting -----------------------------------------------------------------------


def opted_out(phone: bytes) -> bool:
    return db.session().get(OptOut, phone) is not None


def opt_out(phone: bytes) -> None:
    if not opted_out(phone):
        db.session().add(OptOut(phone_hmac=phone, at=utcnow()))


def opt_in(phone: bytes) -> None:
    db.session().execute(delete(OptOut).where(OptOut.phone_hmac == phone))


def forget(phone: bytes, keep: str | None = None) -> None:
    """Delete the number's conversation and the replies kept for it (the row of message `keep`,
    the one being answered, stays so that a retry of it gets the same answer)."""
    s = db.session()
    for check in s.scalars(select(Check).where(Check.phone_hmac == phone)):
        s.delete(check)
    s.execute(update(Inbound).where(Inbound.phone_hmac == phone, Inbound.message_id != (keep or ""))
              .values(reply=None, phone_hmac=None))


def purge(now: datetime | None = None) -> int:
    """Delete the expired records of answered messages; return how many. (Conversations are
    checks: `web.store.purge` deletes the expired ones; `amnesty purge` runs both.)"""
    result = db.session().execute(delete(Inbound).where(Inbound.expires_at <= (now or utcnow())))
    return result.rowcount
