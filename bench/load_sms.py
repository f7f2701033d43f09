"""Texts arriving at a steady rate: the SMS webhook's latency and errors under load.

    .venv/bin/python bench/load_sms.py                     # 100 texts a second for 60 s
    .venv/bin/python bench/load_sms.py --seconds 10        # a quick check
        [--rate 100] [--warmup 10] [--think 1.0] [--workers 3] [--worker-class sync]
        [--threads 1] [--database-url postgresql+psycopg://…] [--seed 1]

Starts the app under gunicorn on 127.0.0.1 (a fresh SQLite file unless --database-url) and
sends a signed webhook request (as Twilio signs it, with sms/simulator.py) every 1/rate seconds,
open loop: the next text goes at its time whether or not earlier ones were answered. Each text
belongs to a conversation from its own number playing a legal case of tests/rules/cases/ in a
random language: a greeting, then the answer to each question the reply asks, until the
result. A number texts again `--think` seconds (on average) after its reply came; when no
number is ready, a new one starts a conversation. Latency is counted from the moment a text was
due, so a client running late counts against the figures, not for them.

Prints texts sent, p50/p99/max webhook latency (the first `--warmup` seconds apart: each
worker's caches fill then), errors by kind (an HTTP error, a broken connection, a reply that is
not the next question or the result), and checks every finished
conversation: the answers stored under its result link are the engine's reading of what was
texted, and the verdict the case's. Target: p99 <= 50 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import itertools
import os
import random
import re
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rules  # noqa: E402
from bench.load import (  # noqa: E402
    Figures,
    Loop,
    Refused,
    Server,
    percentile,
    request,
    stored_answers,
)
from bench.load_web import LANGS, cases, form_value  # noqa: E402
from sms import simulator  # noqa: E402

TOKEN = "bench-auth-token"
TARGET_MS = 50
LINK = re.compile(r"/r/([A-Z0-9]+)")


@dataclass(order=True)
class Conversation:
    ready_at: float
    number: str = field(compare=False)
    lang: str = field(compare=False)
    case: dict = field(compare=False)
    asked: list[str] = field(default_factory=list, compare=False)
    next_text: str | None = field(default=None, compare=False)
    code: str | None = field(default=None, compare=False)
    failed: str | None = field(default=None, compare=False)


@dataclass
class Run:
    args: argparse.Namespace
    port: int
    url: str
    scripts: dict[str, simulator.Script]
    cases: list[dict]
    figures: Figures = field(default_factory=Figures)
    ready: list[Conversation] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    late: list[float] = field(default_factory=list)
    sent: int = 0
    measured_from: float = 0.0

    def new_conversation(self, rng: random.Random, numbers) -> Conversation:
        lang = rng.choice(LANGS)
        c = Conversation(0.0, f"+7700{next(numbers):07d}", lang, rng.choice(self.cases),
                         next_text=simulator.GREETINGS[lang])
        self.conversations.append(c)
        return c


async def text(run: Run, c: Conversation, due: float, rng: random.Random) -> None:
    sid = simulator.message_id()
    params = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid,
              "AccountSid": simulator.ACCOUNT, "From": c.number, "To": simulator.TO,
              "Body": c.next_text, "NumSegments": "1", "NumMedia": "0",
              "ApiVersion": "2010-04-01", "SmsStatus": "received"}
    headers = {"X-Twilio-Signature": simulator.sign(TOKEN, run.url, params),
               "Content-Type": "application/x-www-form-urlencoded"}
    run.late.append(time.monotonic() - due)
    try:
        response = await request(run.port, "POST", "/sms/inbound", headers,
                                 urllib.parse.urlencode(params).encode())
    except Refused as e:
        return fail(run, c, f"connection: {e}")
    run.figures.add("warm-up" if due < run.measured_from else "webhook", time.monotonic() - due)
    if response.status != 200:
        return fail(run, c, f"HTTP {response.status}")
    try:
        said = simulator.replies(response.body)
    except Exception:  # noqa: BLE001 - not TwiML
        return fail(run, c, "not TwiML")
    if not said:
        return fail(run, c, "no reply")
    script, answers = run.scripts[c.lang], c.case["answers"]
    question = script.asked(said[-1], answers, c.asked)
    if question is None:
        found = LINK.search(said[-1])
        if found is None:
            return fail(run, c, "a reply that is neither a question nor a result")
        c.code = found.group(1)
        return None
    if question not in answers:
        return fail(run, c, f"asked {question}, not in the case")
    c.asked.append(question)
    c.next_text = script.reply(question, answers[question])
    c.ready_at = time.monotonic() + run.args.think * rng.uniform(0.5, 1.5)
    heapq.heappush(run.ready, c)
    return None


def fail(run: Run, c: Conversation, why: str) -> None:
    c.failed = why
    run.figures.errors[why] += 1


async def drive(run: Run) -> Loop:
    rng, numbers = random.Random(run.args.seed), itertools.count(1)
    loop = Loop()
    start = time.monotonic()
    run.measured_from = start + run.args.warmup
    total = round(run.args.rate * (run.args.warmup + run.args.seconds))
    watcher = asyncio.create_task(loop.watch(start + run.args.warmup + run.args.seconds))
    tasks = set()
    for i in range(total):
        due = start + i / run.args.rate
        if (wait := due - time.monotonic()) > 0:
            await asyncio.sleep(wait)
        if run.ready and run.ready[0].ready_at <= time.monotonic():
            c = heapq.heappop(run.ready)
        else:
            c = run.new_conversation(rng, numbers)
        task = asyncio.create_task(text(run, c, due, rng))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        run.sent += 1
    if tasks:
        await asyncio.wait(tasks, timeout=60)
    await watcher
    return loop


def verify(run: Run, database_url: str) -> Counter:
    act = rules.default_act()
    stored = stored_answers(database_url)
    out = Counter()
    for c in run.conversations:
        if c.code is None:
            continue
        answers = stored.get(c.code)
        expected = rules.prune(act, {q: form_value(c.case["answers"][q]) for q in c.asked})
        if answers is None:
            out["lost"] += 1
        elif list(answers.items()) != list(expected.items()):
            out["corrupted"] += 1
        elif rules.next_step(act, answers).outcome != c.case["expect"]["outcome"]:
            out["corrupted"] += 1
        else:
            out["right"] += 1
    return out


def scripts() -> dict[str, simulator.Script]:
    from app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/scripts.sqlite",
                          "SECRET_KEY": "x", "PHONE_HMAC_KEY": "y"})
        out = {lang: simulator.Script.build(app, rules.default_act(), lang) for lang in LANGS}
        app.extensions["db"].kw["bind"].dispose()
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rate", type=float, default=100, help="texts per second")
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--warmup", type=float, default=10,
                   help="seconds at the same rate before the measured ones (each worker's "
                   "caches fill; shown apart)")
    p.add_argument("--think", type=float, default=1.0,
                   help="mean seconds a number waits after a reply before its next text")
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--worker-class", default="sync")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--database-url", default=None)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    by_lang = scripts()
    load0 = os.getloadavg()[0]
    with Server(args.workers, args.worker_class, args.threads, args.database_url,
                env={"TWILIO_AUTH_TOKEN": TOKEN}) as server:
        run = Run(args, server.port, f"{server.base}/sms/inbound", by_lang, cases())
        cpu0, started = server.cpu_seconds(), time.monotonic()
        loop = asyncio.run(drive(run))
        wall = time.monotonic() - started
        server_cpu = server.cpu_seconds() - cpu0
        verified = verify(run, server.database_url)
        describe = server.describe
    f = run.figures
    finished = sum(1 for c in run.conversations if c.code)
    print(f"sms load: {args.rate:g} texts/s for {args.seconds:g} s after {args.warmup:g} s of "
          f"warm-up, open loop, think time "
          f"{args.think:g} s; {describe}; {os.cpu_count()} cores shared with the client "
          f"(load average {load0:.1f} before)")
    print(f"texts sent {run.sent:,} ({run.sent / wall:.1f}/s) from {len(run.conversations):,} "
          f"numbers; conversations finished {finished:,}")
    print("webhook latency (from the moment each text was due):")
    for kind in ("webhook", "warm-up"):
        if kind in f.latencies:
            print(f.line(kind, f.latencies[kind]))
    errors = sum(f.errors.values())
    print(f"errors: {errors}" + (f" ({dict(f.errors)})" if errors else ""))
    print(f"finished conversations verified: {verified['right']:,} right, lost "
          f"{verified['lost']}, corrupted {verified['corrupted']}")
    late = [v * 1000 for v in run.late]
    print(f"server: {server_cpu / wall:.0%} of one core (of {os.cpu_count()}); "
          f"{loop.summary()}; texts sent late by p99 "
          f"{sorted(late)[int(len(late) * 0.99) - 1] if late else 0:.1f} ms")
    p99 = percentile(f.latencies.get("webhook", []), 99) * 1000
    print(server.log_summary)
    print(f"target: p99 <= {TARGET_MS} ms: {'met' if p99 <= TARGET_MS else 'missed'}")
    return 1 if errors or verified["lost"] or verified["corrupted"] or p99 > TARGET_MS else 0


if __name__ == "__main__":
    sys.exit(main())
