"""Where a check's answers live between requests: in the database, never in a cookie.

A check is one person's run through the questionnaire, on the web or by SMS. The web cookie
carries only its opaque random id; an SMS conversation is found by a keyed hash (HMAC) of the
phone number, never the number itself. A short resume code lets a person continue on another
device or channel. Every check expires (24 hours on the web, 7 days by SMS, configurable) and
is then deleted with its answers.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    LargeBinary,
    String,
    bindparam,
    delete,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from web import db

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
"""Letters and digits nobody confuses (no 0/O, 1/I/L, 2/Z, 5/S, 8/B)."""
CODE_LENGTH = 8
_LOOKALIKES = str.maketrans("АВСЕНКМОРТХУавсенкмортху", "ABCEHKMOPTXYABCEHKMOPTXY")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Check(db.Base):
    __tablename__ = "checks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    channel: Mapped[str] = mapped_column(String(8))
    act_id: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    phone_hmac: Mapped[bytes | None] = mapped_column(LargeBinary(32), unique=True)
    conversation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Channel state beyond the answers (e.g. an SMS waiting for a language choice)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # Two requests saving the same check at once: the second one fails instead of
    # overwriting the first (the channel then retries on fresh data).
    __mapper_args__ = {"version_id_col": version}

    def expired(self, now: datetime | None = None) -> bool:
        return _aware(self.expires_at) <= (now or utcnow())


_PEEK = select(*(Check.__table__.c[name] for name in (
    "id", "code", "channel", "act_id", "lang", "answers", "conversation", "expires_at"
))).where(Check.__table__.c.id == bindparam("id"))


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every moment stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed as a code, upper-cased, spaces and dashes gone, Cyrillic
    look-alikes turned into the Latin letters they look like."""
    return "".join(c for c in text.translate(_LOOKALIKES).upper() if c.isalnum())


def create(channel: str, act_id: str, lang: str, ttl: timedelta,
           phone_hmac: bytes | None = None) -> Check:
    now = utcnow()
    check = Check(
        id=secrets.token_urlsafe(32), code=new_code(), channel=channel, act_id=act_id,
        lang=lang, answers={}, phone_hmac=phone_hmac, conversation={}, created_at=now,
        updated_at=now, expires_at=now + ttl,
    )
    db.session().add(check)
    return check


def _live(statement) -> Check | None:
    check = db.session().scalars(statement).first()
    return None if check is None or check.expired() else check


def get(check_id: str) -> Check | None:
    return _live(select(Check).where(Check.id == check_id)) if check_id else None


def peek(check_id: str):
    """A live check's fields as a read-only row (id, code, channel, act_id, lang, answers,
    conversation), or None. For showing pages: a few times cheaper than loading the object,
    which only changing a check needs."""
    with db.engine().connect() as connection:
        row = connection.execute(_PEEK, {"id": check_id}).first()
    return None if row is None or _aware(row.expires_at) <= utcnow() else row


def by_code(code: str) -> Check | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return _live(select(Check).where(Check.code == code))


def by_phone(phone_hmac: bytes) -> Check | None:
    return _live(select(Check).where(Check.phone_hmac == phone_hmac))


def touch(check: Check, ttl: timedelta | None = None) -> None:
    """Mark the check as used now (and extend its life when a ttl is given)."""
    check.updated_at = utcnow()
    if ttl is not None:
        check.expires_at = check.updated_at + ttl


def remove(check: Check) -> None:
    db.session().delete(check)


def purge(now: datetime | None = None) -> int:
    """Delete every expired check with its answers; return how many."""
    result = db.session().execute(
        delete(Check).where(Check.expires_at <= (now or utcnow())),
        execution_options={"synchronize_session": "fetch"},  # SQLite gives naive datetimes
    )
    return result.rowcount
