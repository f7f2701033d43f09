"""Many people completing the web questionnaire at once: throughput, latency, errors, and
whether every check stored exactly what its person sent.

    .venv/bin/python bench/load_web.py                      # 200 users for 5 minutes
    .venv/bin/python bench/load_web.py --users 50 --seconds 20   # a quick check
        [--workers 3] [--worker-class sync|gthread] [--threads 1] [--think 0]
        [--database-url postgresql+psycopg://…] [--kill-at SECONDS] [--seed 1]

Starts the app under gunicorn on 127.0.0.1 (a fresh SQLite file unless --database-url), then
runs `--users` simulated people in one asyncio client. Each plays a legal case from
tests/rules/cases/ in a random language, as a browser does: GET the question, read its CSRF
token, POST the answer, follow the redirect, until "check your answers" and the result page;
then starts another case with a new cookie, until the time is up (the last journeys stop where
they are). `--think` waits that long on average between pages (0: no pause, the server runs
flat out).

Afterwards every check is read from the database: its stored answers must be exactly the
engine's reading of what its person sent (`rules.prune`), and for a finished journey the
engine's verdict on them must be the case's and the title the person saw. A check that is
missing or lacks answers is "lost"; one whose answers or verdict differ is "corrupted".

`--kill-at T` SIGKILLs one gunicorn worker T seconds in (bench/fault_web.py does this): the
requests that break because of it are retried by the client (counted apart, not as errors) and
the sessions are verified as above. Target: 0 errors, 0 lost, 0 corrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import random
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

import rules  # noqa: E402
from bench.load import (  # noqa: E402
    CODE,
    H1,
    TOKEN,
    Figures,
    Loop,
    Refused,
    Server,
    request,
    stored_answers,
)

LANGS = ("kk", "ru", "en")
RETRIES = 10


def cases() -> list[dict]:
    path = ROOT / "tests" / "rules" / "cases" / "kz-2025-195-viii.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def form_value(value) -> str:
    """An answer as the form sends it (YAML reads yes/no as booleans)."""
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else str(value)


@dataclass
class Journey:
    case: dict
    lang: str
    sent: dict[str, str] = field(default_factory=dict)
    """The answers the server acknowledged (a redirect after the POST), in order."""
    code: str | None = None
    title: str | None = None
    """The result page's heading, once there."""
    failed: str | None = None


class Person:
    """One simulated person: a cookie jar and a journey at a time."""

    def __init__(self, run: Run, number: int):
        self.run, self.rng = run, random.Random(run.args.seed * 100_003 + number)
        self.cookies: dict[str, str] = {}

    async def call(self, method: str, path: str, form: dict | None = None):
        run, headers = self.run, {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(RETRIES):
            started = time.monotonic()
            try:
                response = await request(run.port, method, path, headers, body)
            except Refused as e:
                # A broken connection: the worker died (the fault test) or worse. Try again.
                (run.figures.retried if run.kill_window(started) else run.figures.errors)[
                    f"{method} {e}"] += 1
                await asyncio.sleep(0.05 * (attempt + 1))
                continue
            run.figures.add(method, time.monotonic() - started)
            self.cookies.update(response.cookies)
            return response
        raise Refused(f"{method} {path}: gave up after {RETRIES} tries")

    async def think(self) -> None:
        if self.run.args.think:
            await asyncio.sleep(self.rng.expovariate(1 / self.run.args.think))

    async def live(self) -> None:
        run = self.run
        while time.monotonic() < run.deadline:
            j = Journey(self.rng.choice(run.cases), self.rng.choice(LANGS))
            run.journeys.append(j)
            self.cookies = {}  # a new person on this device
            try:
                await self.journey(j)
            except Refused as e:
                j.failed = str(e)
                run.figures.errors[f"gave up: {str(e).split(':')[0]}"] += 1

    async def journey(self, j: Journey) -> None:
        run, answers = self.run, j.case["answers"]
        path = f"/{j.lang}/q/{run.first}"
        page = await self.call("GET", path)
        while True:
            if page.status != 200:
                return self.fail(j, f"GET {page.status}")
            if (found := CODE.search(page.body)) is not None:
                j.code = found.group(1) + found.group(2)
            if path.endswith("/result"):
                heading = H1.search(page.body)
                j.title = html.unescape(heading.group(1)).strip() if heading else ""
                run.completed += 1
                return None
            if time.monotonic() >= run.deadline:
                return None  # time is up: the journey stops where it is
            await self.think()
            if path.endswith("/check-answers"):
                path = f"/{j.lang}/result"
                page = await self.call("GET", path)
                continue
            question = path.rsplit("/", 1)[1]
            if question not in answers:
                return self.fail(j, f"asked {question}, not in the case")
            token = TOKEN.search(page.body)
            if token is None:
                return self.fail(j, "no CSRF token")
            value = form_value(answers[question])
            response = await self.call("POST", path, {"answer": value,
                                                      "csrf_token": token.group(1)})
            if response.status != 302 or not response.location:
                return self.fail(j, f"POST {response.status}")
            j.sent[question] = value
            path = urllib.parse.urlsplit(response.location).path
            page = await self.call("GET", path)

    def fail(self, j: Journey, why: str) -> None:
        j.failed = why
        self.run.figures.errors[why] += 1


@dataclass
class Run:
    args: argparse.Namespace
    port: int
    cases: list[dict]
    first: str
    started: float
    deadline: float
    figures: Figures = field(default_factory=Figures)
    journeys: list[Journey] = field(default_factory=list)
    completed: int = 0
    killed_at: float | None = None
    kill_note: str = ""

    def kill_window(self, moment: float) -> bool:
        """Whether a request started at `moment` may have been broken by the kill (it was in
        flight then, or sent in the few seconds gunicorn takes to replace the worker)."""
        return self.killed_at is not None and self.killed_at - 60 <= moment <= \
            self.killed_at + 10


async def killer(run: Run, server: Server) -> None:
    await asyncio.sleep(run.args.kill_at)
    before = server.worker_pids()
    pid, serving = await asyncio.to_thread(server.kill_worker)  # the load goes on meanwhile
    killed_at = run.killed_at = time.monotonic()

    while time.monotonic() - killed_at < 60:
        now = server.worker_pids()
        if len(now) >= len(before) and pid not in now:
            where = "inside a request" if serving else "none inside a request within 5 s"
            run.kill_note = (f"SIGKILL at {killed_at - run.started:.1f} s to worker {pid}, "
                             f"{where}; gunicorn had a new worker in "
                             f"{time.monotonic() - killed_at:.1f} s")
            return
        await asyncio.sleep(0.05)
    run.kill_note = f"SIGKILL to worker {pid}; no new worker within 60 s"


async def drive(run: Run, server: Server) -> Loop:
    loop = Loop()
    tasks = [asyncio.create_task(Person(run, i).live()) for i in range(run.args.users)]
    tasks.append(asyncio.create_task(loop.watch(run.deadline)))
    if run.args.kill_at is not None:
        tasks.append(asyncio.create_task(killer(run, server)))
    await asyncio.gather(*tasks)
    return loop


def verify(run: Run, database_url: str, titles: dict) -> dict[str, int]:
    """Every journey's check, read back: lost, corrupted, or right."""
    act = rules.default_act()
    stored = stored_answers(database_url)
    out = Counter()
    mine = set()
    for j in run.journeys:
        if not j.sent:
            out["not started (no answer sent)"] += 1
            continue
        if j.code is None or j.code not in stored:
            out["lost"] += 1
            continue
        mine.add(j.code)
        answers = stored[j.code]
        expected = rules.prune(act, dict(j.sent))
        if list(answers.items()) != list(expected.items()):
            prefix = list(expected.items())[:len(answers)]
            out["lost" if list(answers.items()) == prefix else "corrupted"] += 1
            continue
        if j.title is None:
            out["right, " + ("journey failed" if j.failed else "unfinished when time was up")] += 1
            continue
        verdict = rules.next_step(act, answers)
        if (not isinstance(verdict, rules.Verdict)
                or verdict.outcome != j.case["expect"]["outcome"]
                or j.title != titles[j.case["name"], j.lang]):
            out["corrupted"] += 1
            continue
        out["right, finished"] += 1
    out["other checks in the database"] = len(set(stored) - mine)
    return out


def titles_for(all_cases: list[dict]) -> dict[tuple[str, str], str]:
    """The result heading each case must show in each language."""
    from flask_babel import force_locale

    from app import create_app
    from web import present

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/titles.sqlite",
                          "SECRET_KEY": "x", "PHONE_HMAC_KEY": "y"})
        act, out = rules.default_act(), {}
        with app.test_request_context():
            for case in all_cases:
                given = {}
                while isinstance(step := rules.next_step(act, given), rules.Ask):
                    given[step.question.id] = form_value(case["answers"][step.question.id])
                for lang in LANGS:
                    with force_locale(lang):
                        out[case["name"], lang] = present.outcome_title(step)
        app.extensions["db"].kw["bind"].dispose()
    return out


def parser(description: str, **defaults) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--seconds", type=float, default=300)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--worker-class", default="sync")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--think", type=float, default=0.0,
                   help="mean seconds a person waits between pages (0: none)")
    p.add_argument("--database-url", default=None,
                   help="default: a fresh SQLite file; a PostgreSQL database is emptied first")
    p.add_argument("--kill-at", type=float, default=None,
                   help="SIGKILL one gunicorn worker this many seconds in")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(**defaults)
    return p


def main(argv=None, **defaults) -> int:
    args = parser(__doc__.split("\n\n")[0], **defaults).parse_args(argv)
    if args.kill_at is not None and args.kill_at < 0:  # fault_web.py: "half way"
        args.kill_at = args.seconds / 2
    all_cases = cases()
    titles = titles_for(all_cases)
    load0 = os.getloadavg()[0]
    target = "bench.faulty:create_app()" if args.kill_at is not None else None
    with Server(args.workers, args.worker_class, args.threads, args.database_url,
                target=target) as server:
        first = rules.next_step(rules.default_act(), {}).question.id
        cpu0 = server.cpu_seconds()
        started = time.monotonic()
        run = Run(args, server.port, all_cases, first, started, started + args.seconds)
        loop = asyncio.run(drive(run, server))
        wall = time.monotonic() - started
        server_cpu = server.cpu_seconds() - cpu0
        database_url = server.database_url
        describe = server.describe
        verified = verify(run, database_url, titles)
    report(args, run, loop, wall, server_cpu, f"{describe}; load average {load0:.1f} before",
           verified)
    print(server.log_summary)
    bad = sum(run.figures.errors.values()) + verified["lost"] + verified["corrupted"]
    return 1 if bad else 0


def report(args, run: Run, loop: Loop, wall: float, server_cpu: float, describe: str,
           verified: Counter) -> None:
    f = run.figures
    requests = len(f.all)
    print(f"web load: {args.users} simulated people for {args.seconds:g} s, think time "
          f"{args.think:g} s; {describe}; {os.cpu_count()} cores shared with the client")
    if run.kill_note:
        print(f"fault: {run.kill_note}")
    print(f"journeys completed {run.completed:,} ({run.completed / wall:.1f}/s); "
          f"requests {requests:,} ({requests / wall:,.0f}/s)")
    print("latency:")
    print(f.line("all", f.all))
    for kind in sorted(f.latencies):
        print(f.line(kind, f.latencies[kind]))
    errors = sum(f.errors.values())
    print(f"errors: {errors}" + (f" ({dict(f.errors)})" if errors else ""))
    if run.killed_at is not None:
        retried = sum(f.retried.values())
        print(f"requests broken by the kill and retried: {retried}"
              + (f" ({dict(f.retried)})" if retried else ""))
    checked = sum(v for k, v in verified.items() if k.startswith(("right", "lost", "corr")))
    print(f"sessions: {checked:,} checks verified; lost {verified['lost']}, corrupted "
          f"{verified['corrupted']}")
    for key, value in sorted(verified.items()):
        print(f"  {key}: {value}")
    print(f"server: {server_cpu / wall:.0%} of one core (of {os.cpu_count()}); {loop.summary()}")


if __name__ == "__main__":
    sys.exit(main())
