"""Shared by the load and fault benchmarks (bench/load_web.py, bench/load_sms.py,
bench/fault_web.py): the app under gunicorn on 127.0.0.1 with a fresh database, a small asyncio
HTTP/1.1 client, latency percentiles and CPU use.

The client is asyncio with raw sockets (one connection per request, as gunicorn's sync workers
close every connection anyway): a few tens of microseconds of Python per request, so that on two
cores shared with the server it is not what limits the figures. Each benchmark prints the
client's own CPU use and how late its event loop ran, to show it.

BENCH_APP=module:factory() serves another app object (bench/faulty.py wraps the app this way;
a wrapper that profiles each worker is another use).

Only 127.0.0.1 is ever contacted; every loop is bounded in time.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web import BIN, free_port, wait_for  # noqa: E402

HOST = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")


# -- the server ---------------------------------------------------------------------------------


class Server:
    """gunicorn serving the app on 127.0.0.1:<free port>, on a fresh SQLite file (or an emptied
    database at `database_url`), tables created before the workers start."""

    def __init__(self, workers: int = 3, worker_class: str = "sync", threads: int = 1,
                 database_url: str | None = None, env: dict[str, str] | None = None,
                 target: str | None = None):
        self.tmp = tempfile.TemporaryDirectory(prefix="amnesty-bench-")
        self.busy_dir = self.tmp.name
        self.database_url = database_url or f"sqlite:///{self.tmp.name}/bench.sqlite"
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": self.database_url,
                    "SECRET_KEY": "bench-secret", "PHONE_HMAC_KEY": "bench-phone",
                    # Every simulated person comes from 127.0.0.1: the per-address limits
                    # (web/ratelimit.py) would refuse them all after the first few.
                    "AMNESTY_RATELIMIT_ENABLED": "false",
                    "PYTHONPATH": str(ROOT), "BENCH_BUSY_DIR": self.busy_dir, **(env or {})}
        self.command = [str(BIN / "gunicorn"), "--bind", f"{HOST}:{self.port}",
                        "--workers", str(workers), "--worker-class", worker_class,
                        "--threads", str(threads), "--log-level", "warning",
                        "--backlog", "2048",
                        target or os.environ.get("BENCH_APP", "app:create_app()")]
        self.workers = workers
        database = "SQLite (WAL) file" if database_url is None else _dialect(database_url)
        self.describe = (f"gunicorn {workers} {worker_class} workers"
                         + (f" x {threads} threads" if threads > 1 else "") + f", {database}")
        self.process: subprocess.Popen | None = None
        self.log_path = Path(self.tmp.name, "server.log")
        self.log_summary = ""

    def __enter__(self) -> Server:
        if not (BIN / "gunicorn").exists():
            raise SystemExit("gunicorn is missing: pip install -e '.[bench]'")
        # A fresh schema, migrated once, as in production, before the workers start.
        subprocess.run([sys.executable, "-c", _EMPTY_DATABASE], cwd=ROOT, env=self.env,
                       check=True)
        subprocess.run([str(BIN / "amnesty"), "db", "upgrade"], cwd=ROOT, env=self.env,
                       check=True, stdout=subprocess.DEVNULL)
        # The server's log (a line a request) goes to a file, summed up by log_summary.
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        wait_for(self.base + "/kk/", seconds=60)
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log_summary = summarise_log(self.log_path)
        self.tmp.cleanup()

    @property
    def master(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        """The master's children (its workers), from /proc."""
        out = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _stat(int(entry))
                if stat and int(stat[1]) == self.master:
                    out.append(int(entry))
        return sorted(out)

    def kill_worker(self, patience: float = 5.0) -> tuple[int, bool]:
        """SIGKILL a worker in the middle of a request (the app must be bench/faulty.py's,
        which marks that), or, after `patience` seconds without one, the first worker; return
        its pid and whether it was inside a request."""
        deadline = time.monotonic() + patience
        while True:
            busy = self.inside()
            if busy or time.monotonic() > deadline:
                pid = busy[0] if busy else self.worker_pids()[0]
                os.kill(pid, signal.SIGKILL)
                return pid, bool(busy)
            time.sleep(0.0005)

    def inside(self) -> list[int]:
        """The workers inside the app now (as bench/faulty.py marks them)."""
        out = []
        for pid in self.worker_pids():
            try:
                if Path(self.busy_dir, str(pid)).read_bytes() == b"1":
                    out.append(pid)
            except OSError:
                continue
        return out

    def cpu_seconds(self) -> float:
        """CPU time used by the master, its live workers and the workers it has reaped."""
        total = 0.0
        master = _stat(self.master)
        if master:
            total += sum(int(v) for v in master[11:15]) / TICKS  # utime stime cutime cstime
        for pid in self.worker_pids():
            stat = _stat(pid)
            if stat:
                total += (int(stat[11]) + int(stat[12])) / TICKS
        return total


def stored_answers(database_url: str) -> dict[str, dict]:
    """Every check in the database after a run: resume code -> answers."""
    from sqlalchemy import create_engine, select

    from web.store import Check

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return dict(connection.execute(select(Check.code, Check.answers)).all())
    finally:
        engine.dispose()


PROBLEM = re.compile(r"\b(ERROR|CRITICAL|Traceback)\b")


def summarise_log(path: Path) -> str:
    """How many lines the server logged, how many report a problem, and the first few."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "server log: unreadable"
    problems = [line for line in lines if PROBLEM.search(line)]
    shown = "".join(f"\n  {line[:160]}" for line in problems[:3])
    return f"server log: {len(lines):,} lines, {len(problems)} errors{shown}"


_EMPTY_DATABASE = """
from sqlalchemy import text
from app import create_app
from web import db
app = create_app()
with app.app_context():
    db.Base.metadata.drop_all(db.engine())
    with db.engine().begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.engine().dispose()
"""


def _dialect(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else url.split(":", 1)[0]


def _stat(pid: int) -> list[str] | None:
    """/proc/<pid>/stat from the field after the command name (so [1] is the parent's pid)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


# -- the client ---------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: str

    @property
    def location(self) -> str | None:
        return self.headers.get("location")


class Refused(Exception):
    """The connection broke before a whole response came (a worker died, a reset…)."""


async def request(port: int, method: str, path: str, headers: dict[str, str] | None = None,
                  body: bytes = b"", timeout: float = 60) -> Response:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    except (OSError, TimeoutError) as e:
        raise Refused(f"connect: {type(e).__name__}") from e
    try:
        writer.write(head + body)
        raw = await asyncio.wait_for(reader.read(), timeout)
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as e:
        raise Refused(type(e).__name__) from e
    finally:
        writer.close()
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        raise Refused("incomplete response" if raw else "empty response")
    lines = raw[:end].decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    out_headers, cookies = {}, {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            cookie, _, _ = value.partition(";")
            key, _, val = cookie.partition("=")
            cookies[key] = val
        out_headers[name] = value
    content = raw[end + 4:]
    length = out_headers.get("content-length")
    if length is not None and len(content) < int(length):
        raise Refused("incomplete response")
    return Response(status, out_headers, cookies, content.decode("utf-8", "replace"))


# -- figures ------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


@dataclass
class Figures:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    """Kind of request -> seconds."""
    errors: Counter = field(default_factory=Counter)
    retried: Counter = field(default_factory=Counter)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    @property
    def all(self) -> list[float]:
        return [v for values in self.latencies.values() for v in values]

    def line(self, label: str, values: list[float]) -> str:
        ms = [v * 1000 for v in values]
        return (f"  {label:10} {len(ms):>9,}  p50 {percentile(ms, 50):7.1f} ms  "
                f"p90 {percentile(ms, 90):7.1f}  p99 {percentile(ms, 99):7.1f}  "
                f"max {max(ms, default=float('nan')):7.1f}")


class Loop:
    """How late the event loop runs: a task that asks to sleep 10 ms and measures how long it
    really took; the excess is time the loop was too busy (the client's own limit)."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.cpu0 = time.process_time()
        self.wall0 = time.monotonic()

    async def watch(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            t = time.monotonic()
            await asyncio.sleep(0.01)
            self.lags.append(time.monotonic() - t - 0.01)

    def summary(self) -> str:
        wall = time.monotonic() - self.wall0
        cpu = time.process_time() - self.cpu0
        lags = [lag * 1000 for lag in self.lags]
        return (f"client: {cpu / wall:.0%} of one core; event loop late by p50 "
                f"{percentile(lags, 50):.1f} ms, p99 {percentile(lags, 99):.1f} ms")


TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
CODE = re.compile(r'<strong class="code">([A-Z0-9]{4})-([A-Z0-9]{4})</strong>')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
