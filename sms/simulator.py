"""A phone that texts the webhook the way Twilio does, with no Twilio.

Each request carries the parameters Twilio posts and an X-Twilio-Signature computed with
Twilio's own `RequestValidator` and the auth token, so the app checks it exactly as it checks
Twilio's. Used by `amnesty sms-console` (over HTTP, against the running app), by bench/sms.py
and by the tests (through Flask's test client).

    phone = Phone(http_transport, "http://127.0.0.1:5000/sms/inbound", token)
    phone.text("Сәлем")             # -> the replies, as a list of texts

`Script` and `play` drive a whole legal case through a phone, answering each question the way
a person would (by number, or in words), so any channel comparison can reuse them.
"""

from __future__ import annotations

import itertools
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from twilio.request_validator import RequestValidator

Transport = Callable[[str, Mapping[str, str], Mapping[str, str]], tuple[int, str]]
"""(url, form parameters, headers) -> (HTTP status, response body)."""

TO = "+15005550006"
ACCOUNT = "AC" + "0" * 32
GREETINGS = {"kk": "Сәлем", "ru": "Здравствуйте", "en": "Hello"}
"""A first message that says which language, as people write one."""
WORDS = {
    "kk": {"yes": "иә", "no": "жоқ", "unknown": "білмеймін"},
    "ru": {"yes": "да", "no": "нет", "unknown": "не знаю"},
    "en": {"yes": "yes", "no": "no", "unknown": "don't know"},
}
_SUBSCRIBERS = itertools.count(uuid.uuid4().int % 10**7)


def fresh_number(operator: str = "700") -> str:
    """A Kazakh mobile number no other phone of this process has used: two phones sharing a
    number would share a conversation (random 7-digit numbers collided once in CI)."""
    return f"+7{operator}{next(_SUBSCRIBERS) % 10**7:07d}"


class PhoneError(RuntimeError):
    def __init__(self, status: int, body: str):
        super().__init__(f"the webhook answered {status}")
        self.status = status
        self.body = body


def message_id() -> str:
    return "SM" + uuid.uuid4().hex


def sign(token: str, url: str, params: Mapping[str, str]) -> str:
    return RequestValidator(token).compute_signature(url, dict(params))


def replies(twiml: str) -> list[str]:
    """The texts of a TwiML <Response>."""
    root = ET.fromstring(twiml)
    if root.tag != "Response":
        raise ValueError(f"not TwiML: <{root.tag}>")
    return [m.text or "" for m in root.iter("Message")]


def http_transport(url: str, params: Mapping[str, str], headers: Mapping[str, str],
                   timeout: float = 15) -> tuple[int, str]:
    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(url, data=data, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def client_transport(client) -> Transport:
    """Posts through a Flask test client."""
    def post(url, params, headers):
        r = client.post(urllib.parse.urlsplit(url).path, data=dict(params), headers=dict(headers))
        return r.status_code, r.get_data(as_text=True)
    return post


@dataclass
class Phone:
    transport: Transport
    url: str
    token: str
    number: str = field(default_factory=fresh_number)
    signed_url: str | None = None
    """The URL to sign when it differs from the one posted to (the app behind a proxy)."""
    account: str = ACCOUNT
    last: tuple[dict[str, str], dict[str, str]] | None = None
    """The last request's parameters and headers (to replay it)."""

    def params(self, body: str, sid: str | None = None, **extra: str) -> dict[str, str]:
        sid = sid or message_id()
        return {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid":
                self.account, "From": self.number, "To": TO, "Body": body, "NumSegments": "1",
                "NumMedia": "0", "ApiVersion": "2010-04-01", "SmsStatus": "received", **extra}

    def post(self, params: Mapping[str, str], signature: str | None = "sign") -> tuple[int, str]:
        headers = {}
        if signature == "sign":
            signature = sign(self.token, self.signed_url or self.url, params)
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        self.last = (dict(params), headers)
        return self.transport(self.url, params, headers)

    def text(self, body: str, sid: str | None = None, **extra: str) -> list[str]:
        """Send a text; the texts that come back (PhoneError unless the answer is 200)."""
        status, answer = self.post(self.params(body, sid, **extra))
        if status != 200:
            raise PhoneError(status, answer)
        return replies(answer)


# -- playing a legal case --------------------------------------------------------------------------


class CaseError(AssertionError):
    pass


@dataclass
class Script:
    """How a person answers each question of an act in one language: the question texts as the
    SMS shows them (to tell which was asked) and the number of each answer."""

    lang: str
    questions: dict[str, list[str]]
    """Question message -> the ids of the questions that read so (two may read the same)."""
    numbers: dict[str, dict[str, str]]
    """Question id -> answer value -> what to reply."""
    kinds: dict[str, str]

    @classmethod
    def build(cls, app, act, lang: str) -> Script:
        from flask_babel import force_locale

        from rules import Ask
        from sms import texts

        questions: dict[str, list[str]] = {}
        numbers, kinds = {}, {}
        with app.app_context(), force_locale(lang):
            for q in act.questions:
                questions.setdefault(texts.question(act, Ask(q, 1, 1)), []).append(q.id)
                numbers[q.id] = {c.value: str(i)
                                 for i, c in enumerate(texts.numbered(act, q), 1)}
                numbers[q.id]["unknown"] = "0"
                kinds[q.id] = q.type
        return cls(lang, questions, numbers, kinds)

    def asked(self, message: str, answers: Mapping[str, Any] = {},  # noqa: B006 - read only
              done: Sequence[str] = ()) -> str | None:
        """The question a message asks (after any notice), or None (the result). Of two
        questions that read the same, the one the answers answer and that was not asked yet."""
        for text, ids in self.questions.items():
            if message == text or message.endswith("\n" + text):
                fitting = [i for i in ids if i in answers and i not in done]
                return (fitting or ids)[0]
        return None

    def reply(self, qid: str, value: Any, style: str = "number") -> str:
        """What a person texts to give this answer: its number, or in words ("да", "жоқ",
        "don't know") with style "words"."""
        value = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        if style == "words" and self.kinds[qid] == "yes_no":
            return WORDS[self.lang][value]
        if style == "words" and value == "unknown":
            return WORDS[self.lang]["unknown"]
        return self.numbers[qid].get(value, str(value))


@dataclass
class Played:
    exchanges: list[tuple[str, list[str]]]
    """(what was sent, what came back), in order."""
    asked: list[str]
    code: str | None
    """The resume code in the result link."""

    @property
    def result(self) -> str:
        return self.exchanges[-1][1][-1]

    @property
    def outbound(self) -> list[str]:
        return [text for _, texts in self.exchanges for text in texts]


def play(phone: Phone, script: Script, answers: Mapping[str, Any], style: str = "number",
         opening: Sequence[str] = ()) -> Played:
    """Text the opening (by default a greeting in the script's language; e.g. ("?", "2") goes
    through the language menu), then answer every question from `answers` until the result
    comes. CaseError if a question has no answer there."""
    def send(text: str) -> None:
        got = phone.text(text)
        if not got:
            raise CaseError(f"no reply to {text!r}")
        exchanges.append((text, got))

    exchanges: list[tuple[str, list[str]]] = []
    for text in opening or [GREETINGS[script.lang]]:
        send(text)
    asked: list[str] = []
    while (qid := script.asked(exchanges[-1][1][-1], answers, asked)) is not None:
        if qid not in answers:
            raise CaseError(f"the SMS asks '{qid}', which the case does not answer")
        if len(asked) > 3 * len(script.questions):
            raise CaseError(f"no result after {len(asked)} questions: {asked}")
        asked.append(qid)
        send(script.reply(qid, answers[qid], style))
    found = re.search(r"/r/([A-Z0-9]+)", exchanges[-1][1][-1])
    return Played(exchanges, asked, found.group(1) if found else None)


# -- the console -----------------------------------------------------------------------------------


def console(phone: Phone, ask: Callable[[], str], say: Callable[[str], None],
            lang: str | None = None) -> None:
    """Chat with the webhook: each line typed is a text; each reply is printed with its cost.
    Ends at end of input (Ctrl-D) or interrupt (Ctrl-C)."""
    from sms import keywords, segments

    words = ", ".join(keywords.words(lang or "en").values())
    say(f"Texting {phone.url} from {phone.number}. Keywords: {words} (or in another "
        "language), STOP. Ctrl-D to quit.")
    if lang:
        first = {"kk": "Қазақша", "ru": "Русский", "en": "English"}[lang]
        say(f"> {first}")
        _exchange(phone, first, say, segments)
    while True:
        try:
            body = ask()
        except (EOFError, KeyboardInterrupt):
            say("")
            return
        if body.strip():
            _exchange(phone, body, say, segments)


def _exchange(phone: Phone, body: str, say, segments) -> None:
    try:
        texts = phone.text(body)
    except PhoneError as e:
        hint = (" Is TWILIO_AUTH_TOKEN the same for the app and this console (and "
                "SMS_WEBHOOK_PUBLIC_URL, if set)?" if e.status == 403 else "")
        say(f"The webhook answered {e.status}.{hint}")
        return
    except (urllib.error.URLError, OSError) as e:
        say(f"Cannot reach {phone.url} ({getattr(e, 'reason', e)}). Is the app running? "
            "(flask --app app run)")
        return
    if not texts:
        say("(no reply)")
    for text in texts:
        cost = segments.cost(text)
        say(f"[SMS: {cost.segments} segment{'s' if cost.segments > 1 else ''}, "
            f"{cost.units} {cost.encoding} units]")
        say(text)
