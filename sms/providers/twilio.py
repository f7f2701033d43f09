"""Twilio: the inbound webhook (signed form posts, TwiML replies) and, optionally, sending
through the REST API.

Inbound: Twilio signs every webhook with the account's auth token over the URL it called and
every posted parameter (X-Twilio-Signature). The request is checked with Twilio's own
`RequestValidator` against SMS_WEBHOOK_PUBLIC_URL (behind a proxy, the URL the app sees is not
the one Twilio signed; see docs/sms.md for ProxyFix) and refused when the token is not set.

Twilio answers STOP and its other reserved words itself and still passes them on: they come
out of `parse` as `Incoming.control`, so the channel records the opt-out and says nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Request, Response, current_app
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from sms import store
from sms.providers import Incoming

log = logging.getLogger("sms")

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
                        "OPTOUT"})
"""Twilio's default opt-out words (a message of that one word, any case)."""
START_WORDS = frozenset({"START", "UNSTOP", "YES"})
"""Twilio's default opt-in words; they only opt in a number that opted out ("YES" is also an
answer to a question)."""
CONTROLS = frozenset({"STOP", "START", "HELP"})
_MESSAGE_ID = re.compile(r"[A-Za-z0-9]{1,64}")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TwilioProvider:
    name = "twilio"

    def authentic(self, request: Request) -> bool:
        config = current_app.config
        token = config.get("TWILIO_AUTH_TOKEN")
        signature = request.headers.get("X-Twilio-Signature")
        if not token or not signature:
            return False  # fail closed: no token configured means nothing is trusted
        account = config.get("TWILIO_ACCOUNT_SID")
        if account and request.form.get("AccountSid") != account:
            return False
        url = config.get("SMS_WEBHOOK_PUBLIC_URL") or request.url
        # request.form, not request.values: query parameters are part of the signed URL.
        return RequestValidator(token).validate(url, request.form, signature)

    def parse(self, request: Request) -> Incoming:
        form = request.form
        message_id = form.get("MessageSid") or form.get("SmsMessageSid") or ""
        body = form.get("Body", "")
        control = form.get("OptOutType", "").strip().upper()
        if control not in CONTROLS:
            word = body.strip().upper()
            control = "STOP" if word in STOP_WORDS else "START" if word in START_WORDS else None
        return Incoming(
            id=message_id if _MESSAGE_ID.fullmatch(message_id) else None,
            sender=form.get("From", ""),
            body=body,
            control=control,
        )

    def respond(self, replies: Sequence[str]) -> Response:
        """TwiML: one <Message> per reply; an empty <Response/> to say nothing."""
        twiml = MessagingResponse()
        for text in replies:
            twiml.message(_NOT_XML.sub("", text))
        return Response(str(twiml), mimetype="text/xml")


class TwilioSender:
    """Sends through Twilio's REST API (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, and TWILIO_FROM or
    TWILIO_MESSAGING_SERVICE_SID). The client is built on first use, so the app starts without
    credentials; `http_client` lets tests run the real client code with no network."""

    def __init__(self, config: Mapping[str, Any], http_client=None):
        self.config = config
        self.http_client = http_client
        self._client = None

    def client(self):
        if self._client is None:
            from twilio.rest import Client

            self._client = Client(self.config["TWILIO_ACCOUNT_SID"],
                                  self.config["TWILIO_AUTH_TOKEN"], http_client=self.http_client)
        return self._client

    def send(self, to: str, body: str) -> str | None:
        from twilio.base.exceptions import TwilioRestException

        sender = ({"messaging_service_sid": self.config["TWILIO_MESSAGING_SERVICE_SID"]}
                  if self.config.get("TWILIO_MESSAGING_SERVICE_SID")
                  else {"from_": self.config["TWILIO_FROM"]})
        try:
            message = self.client().messages.create(to=to, body=body, **sender)
        except TwilioRestException as e:
            if e.code == 21610:  # the number replied STOP to this sender: Twilio blocks it
                phone = store.phone_hmac(to)
                store.opt_out(phone)
                log.info("sms outbound refused by twilio: opted out from=%s", store.tag(phone))
                return None
            raise
        return message.sid
