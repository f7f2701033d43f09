"""Guessing resume codes is rate-limited: wrong codes are counted per client address.

Only wrong codes count (many families share one mobile operator's address, and a right code is
no guess). Once an address has used up WEB_RESUME_LIMIT ("10 per minute;60 per day"), every
code from it, right or wrong, gets 429 until the window moves on. The counters live in
RATELIMIT_STORAGE_URI: `memory://` counts per process (one worker, development, tests);
`redis://host:6379/0` shares them between workers and machines. This is the `limits` library
that Flask-Limiter is built on, used directly: only these two views pay for it, where
Flask-Limiter's hook would run on every request (about 0.13 ms each, measured).
Behind a proxy, the client address comes from ProxyFix (issue 7).
"""

from __future__ import annotations

from flask import Flask, abort, current_app, request
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

SCOPE = "resume-code"


def init_app(app: Flask) -> None:
    storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions["resume_guard"] = MovingWindowRateLimiter(storage)


def _limiter() -> MovingWindowRateLimiter:
    return current_app.extensions["resume_guard"]


def _limits():
    return parse_many(current_app.config["WEB_RESUME_LIMIT"])


def check() -> None:
    """Refuse (429) an address that has tried too many wrong codes."""
    if not all(_limiter().test(limit, SCOPE, _address()) for limit in _limits()):
        abort(429)


def wrong_code() -> None:
    """Count a wrong code against this address."""
    for limit in _limits():
        _limiter().hit(limit, SCOPE, _address())


def _address() -> str:
    return request.remote_addr or "unknown"
