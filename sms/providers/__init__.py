"""Providers: the only code that knows how an SMS gateway talks.

The channel is not welded to Twilio: Twilio's guidelines list no two-way SMS in Kazakhstan, so
production there may need a local short-code aggregator. A provider does three things:

* inbound (`Provider`): tell whether a webhook request really comes from the gateway
  (`authentic`), read it into an `Incoming` message (`parse`), and turn the replies into the
  HTTP response the gateway expects (`respond`: TwiML for Twilio);
* outbound (`Sender`): send a text outside a reply (`send`), through the gateway's API.

Twilio (`sms.providers.twilio`) is the first implementation. Sending through its REST API is
optional: with no TWILIO_ACCOUNT_SID, `SMS_BACKEND` is "fake" and a `FakeSender` records what
would have been sent. To add a gateway, write a module with the same two classes and register
them in `PROVIDERS` / `SENDERS`; the conversation code does not change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from flask import Flask, Request, Response, current_app

from sms import store

log = logging.getLogger("sms")


@dataclass(frozen=True)
class Incoming:
    """One inbound text, whatever the gateway."""

    id: str | None
    """The gateway's message id (Twilio's MessageSid): the key that makes replies idempotent."""
    sender: str
    """The sender's number, E.164. Hashed at once; never stored or logged."""
    body: str
    control: str | None = None
    """"STOP", "START" or "HELP" when the gateway recognised one of its reserved words (it
    answers those itself): the channel then only records the opt-out or opt-in."""


class Provider(Protocol):
    name: str

    def authentic(self, request: Request) -> bool: ...

    def parse(self, request: Request) -> Incoming: ...

    def respond(self, replies: Sequence[str]) -> Response: ...


class Sender(Protocol):
    def send(self, to: str, body: str) -> str | None:
        """Send a text; return the gateway's message id (None when it was not sent)."""


class FakeSender:
    """Sends nothing: records each text, for tests and for running without credentials."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> str | None:
        self.sent.append((to, body))
        return f"fake-{len(self.sent)}"


def _twilio_provider(app: Flask) -> Provider:
    from sms.providers.twilio import TwilioProvider
    return TwilioProvider()


def _twilio_sender(app: Flask) -> Sender:
    from sms.providers.twilio import TwilioSender
    return TwilioSender(app.config)


PROVIDERS: dict[str, Callable[[Flask], Provider]] = {"twilio": _twilio_provider}
SENDERS: dict[str, Callable[[Flask], Sender]] = {
    "twilio": _twilio_sender,
    "fake": lambda app: FakeSender(),
}


def init_app(app: Flask) -> None:
    name = app.config.get("SMS_PROVIDER") or "twilio"
    backend = app.config.get("SMS_BACKEND") or (
        "twilio" if app.config.get("TWILIO_ACCOUNT_SID") else "fake")
    if name not in PROVIDERS or backend not in SENDERS:
        raise ValueError(f"unknown SMS_PROVIDER {name!r} or SMS_BACKEND {backend!r}")
    app.extensions["sms"] = {"provider": PROVIDERS[name](app), "sender": SENDERS[backend](app)}


def provider() -> Provider:
    return current_app.extensions["sms"]["provider"]


def sender() -> Sender:
    return current_app.extensions["sms"]["sender"]


def send(to: str, body: str) -> str | None:
    """Send a text outside a reply, unless the number opted out (then None). The caller commits
    (a gateway that reports an opt-out records one)."""
    phone = store.phone_hmac(to)
    if store.opted_out(phone):
        log.info("sms outbound refused: opted out from=%s", store.tag(phone))
        return None
    return sender().send(to, body)
