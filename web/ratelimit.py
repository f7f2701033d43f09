"""Rate limits: answers sent, API calls and SMS per client, with the `limits` library.

    what                        counted per                 setting (default)
    answers (form POSTs)        client address              WEB_FORM_LIMIT (120/minute, 3000/hour)
    /api/… requests             client address              API_LIMIT (60/minute, 1000/hour)
    SMS answered                phone number (its hash)     SMS_LIMIT (20/10 minutes, 100/day)
    wrong resume codes          client address              WEB_RESUME_LIMIT (web/guard.py)

Over a limit: the translated "too many tries" page (429, with Retry-After), the API's JSON
error (429), or for SMS one polite text per window, then silence (each reply costs money; a
flood of texts must not become a flood of replies). STOP and START always get through.

Why `limits` directly and not Flask-Limiter: the resume-code guard already measured that
Flask-Limiter's hook costs about 0.13 ms on every request, pages included; here one
`before_request` looks at the endpoint and returns at once for everything but the limited
requests, and the SMS limit needs the phone number, known only after the gateway's signature is
checked (counting unsigned requests against a number would let anyone silence it). Flask-
Limiter is built on this same library, storage URIs included.

The counters live in RATELIMIT_STORAGE_URI: `memory://` counts per process (development, one
worker); `redis://host:6379/0` shares them between workers and servers (`pip install -e
'.[redis]'`). A client's address is hashed with the app's secret before it is counted (the
storage never holds an address). Behind proxies the address is the client's only with
`PROXY_HOPS` set (web/security.py). If the storage fails (Redis down), requests are let
through and the failure is logged: an unavailable limiter must not make the service unavailable.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import time
from functools import lru_cache

from flask import Flask, current_app, request
from limits import RateLimitItemPerSecond, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

log = logging.getLogger(__name__)

FORM_BLUEPRINTS = frozenset({"web", "lawyers"})
"""Blueprints whose POSTs are people's answers and uploads."""
API_BLUEPRINT = "api"
QUIET_SECONDS = 60


class Limited(TooManyRequests):
    """429 with Retry-After; `page` is the (title, advice) of the error page (web/errors.py)."""

    def __init__(self, retry_after: int, page: tuple | None = None):
        super().__init__(retry_after=max(1, retry_after))
        self.page = page


def init_app(app: Flask) -> None:
    from limits.errors import ConfigurationError

    from web.config import ConfigError

    uri = app.config["RATELIMIT_STORAGE_URI"]
    options = {"socket_timeout": 1, "socket_connect_timeout": 1} if uri.startswith(
        ("redis", "valkey")) else {}
    try:
        storage = storage_from_string(uri, **options)
    except ConfigurationError as e:
        raise ConfigError(f"AMNESTY_RATELIMIT_STORAGE_URI: {e} (for Redis: pip install -e "
                          "'.[redis]')") from None
    app.extensions["ratelimit"] = {
        "storage": storage,
        "fixed": FixedWindowRateLimiter(storage),
        "moving": MovingWindowRateLimiter(storage),
        "said": 0.0,
    }
    app.before_request(_limit_requests)


def _limit_requests() -> None:
    blueprint = request.blueprint
    if blueprint == API_BLUEPRINT:
        key = "API_LIMIT"
    elif request.method == "POST" and blueprint in FORM_BLUEPRINTS:
        key = "WEB_FORM_LIMIT"
    else:
        return
    wait = hit(key, address())
    if wait:
        raise Limited(wait, page=form_page() if key == "WEB_FORM_LIMIT" else None)


def form_page() -> tuple:
    from flask_babel import lazy_gettext as _l

    return (_l("Too many answers"),
            _l("Too many answers were sent from this connection in a short time. Wait a "
               "minute, then try again: your answers so far are kept."))


def hit(key: str, who: str, strategy: str = "fixed") -> int:
    """Count one request of `who` against the limits of setting `key`: 0 when allowed, else the
    seconds to wait."""
    return _within(key, who, strategy, counting=True)


def test(key: str, who: str, strategy: str = "moving") -> int:
    """Like `hit` without counting: 0 when `who` is within every limit of `key`."""
    return _within(key, who, strategy, counting=False)


def _within(key: str, who: str, strategy: str, counting: bool) -> int:
    state = current_app.extensions["ratelimit"]
    if not current_app.config["RATELIMIT_ENABLED"]:
        return 0
    limiter = state[strategy]
    check = limiter.hit if counting else limiter.test
    try:
        for limit in _limits(key):
            if not check(limit, key, who):
                return _seconds_left(limiter, limit, key, who)
    except Exception as e:  # noqa: BLE001 - the storage failed: let the request through
        _say_once(state, "rate limits are not counted, the storage failed: %s",
                  type(e).__name__)
    return 0


def _limits(key: str) -> list:
    if key == "SMS_LIMIT_NOTICE":  # one "please wait" per number in its longest window
        return _notice(current_app.config["SMS_LIMIT"])
    return _parse(current_app.config[key])


@lru_cache(maxsize=64)
def _parse(text: str) -> list:
    return parse_many(text)


@lru_cache(maxsize=8)
def _notice(text: str) -> list:
    return [RateLimitItemPerSecond(1, max(item.get_expiry() for item in _parse(text)))]


def _seconds_left(limiter, limit, key: str, who: str) -> int:
    reset = limiter.get_window_stats(limit, key, who).reset_time
    return max(1, int(reset - time.time() + 0.999))


def address() -> str:
    """The client, as counted: a keyed hash of its address (of its /64 network for IPv6,
    where one device may use a whole /64)."""
    raw = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(raw)
        if ip.version == 6 and not ip.ipv4_mapped:
            raw = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    except ValueError:
        pass
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:24]


def _say_once(state: dict, message: str, *args) -> None:
    now = time.monotonic()
    if now - state["said"] >= QUIET_SECONDS:
        state["said"] = now
        log.warning(message, *args)


# -- SMS ----------------------------------------------------------------------------------------


def sms_limited(phone: bytes) -> list[str] | None:
    """None when this number may be answered; else what to reply instead: a polite "wait" the
    first time in a window, then nothing."""
    wait = hit("SMS_LIMIT", phone.hex())
    if not wait:
        return None
    log.info("sms inbound over the rate limit from=%s", phone.hex()[:8])
    told = hit("SMS_LIMIT_NOTICE", phone.hex())
    return [] if told else _slow_down(phone)


def _slow_down(phone: bytes) -> list[str]:
    from flask_babel import force_locale

    from sms import texts
    from web import store

    check = store.by_phone(phone)
    with force_locale(check.lang if check else current_app.config["BABEL_DEFAULT_LOCALE"]):
        return [texts.slow_down()]
