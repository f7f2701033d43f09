"""Guessing resume codes is rate-limited: wrong codes are counted per client address.

Only wrong codes count (many families share one mobile operator's address, and a right code is
no guess). Once an address has used up WEB_RESUME_LIMIT ("10 per minute;60 per day"), every
code from it, right or wrong, gets 429 until the window moves on (a moving window: no burst at
a window's edge). The counters are web/ratelimit.py's (RATELIMIT_STORAGE_URI: `memory://` per
process, `redis://…` shared); only these two views pay for them.
"""

from __future__ import annotations

from web import ratelimit

KEY = "WEB_RESUME_LIMIT"


def check() -> None:
    """Refuse (429) an address that has tried too many wrong codes."""
    wait = ratelimit.test(KEY, ratelimit.address())
    if wait:
        raise ratelimit.Limited(wait)


def wrong_code() -> None:
    """Count a wrong code against this address."""
    ratelimit.hit(KEY, ratelimit.address(), strategy="moving")
