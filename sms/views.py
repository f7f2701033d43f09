"""The inbound webhook: POST /sms/inbound, called by the SMS gateway for every text received.

Boring and defensive: authenticate (403 otherwise), read, answer. Every authentic request gets
a 200 with the gateway's reply format, even when something fails inside, so the gateway never
retries a message because of us.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, request

from sms import inbox, providers, store
from web import ratelimit

log = logging.getLogger("sms")

bp = Blueprint("sms", __name__, url_prefix="/sms")


@bp.post("/inbound")
def inbound() -> Response:
    provider = providers.provider()
    try:
        authentic = provider.authentic(request)
    except Exception as e:  # noqa: BLE001 - a malformed request is just not authentic
        log.warning("sms inbound signature check failed: %s", type(e).__name__)
        authentic = False
    if not authentic:
        log.warning("sms inbound refused: missing or wrong signature")
        abort(403)
    try:
        message = provider.parse(request)
        limited = None if message.control else ratelimit.sms_limited(
            store.phone_hmac(message.sender))  # STOP and START always get through
        replies = inbox.receive(message) if limited is None else limited
    except Exception as e:  # noqa: BLE001 - inbox.receive already catches; this is the last net
        log.error("sms inbound failed outside the conversation: %s", type(e).__name__)
        replies = []
    return provider.respond(replies)
