"""Throughput and p99 latency of a question page, beside a hello-world Flask app.

    .venv/bin/pip install -e '.[bench]' && apt-get install wrk
    .venv/bin/python bench/web.py [--seconds 10] [--connections 16] [--workers 2]
        [--worker-class sync|gthread] [--threads 1]

Starts gunicorn on 127.0.0.1 twice with the same settings (workers, worker class, threads),
once for bench/hello.py and once for the app, and loads each in turn with a bounded wrk run
(the two never run at once: they would share the two cores). The question page is the real
thing: the browser's cookie names a check with two answers, so every request reads the check
from SQLite, asks the engine for the next question (remembered), signs a CSRF token and
renders the page in Kazakh (once per process: then only the token and the resume code are
filled in). The start page as a first visit sees it (no cookie) is measured too. Prints
requests per second and p99 latency for each, and the ratio. Target: the question page serves
at least 50% of hello-world's rate.
Only 127.0.0.1 is loaded, for a bounded time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {url}")


class Gunicorn:
    def __init__(self, target: str, args, env: dict[str, str], log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(args.workers), "--worker-class", args.worker_class,
                   "--threads", str(args.threads), "--log-level", "warning", target]
        # The app logs a line a request, as in production: to a file, not to this terminal.
        with open(log, "ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env},
                                            stdout=out, stderr=subprocess.STDOUT)

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def started_check(base: str) -> tuple[str, str]:
    """Answer two questions like a browser; return the cookie and the current question URL."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/kk/q/article"
    for answer in ("190-2", "sentenced_before"):  # then the question about damage
        page = opener.open(url).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"answer": answer, "csrf_token": token}).encode()
        url = opener.open(url, data=data).geturl()  # follows the redirect to the next question
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, url


def wrk(url: str, args, cookie: str | None = None) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) of a bounded wrk run."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    warm = ["wrk", "-t1", "-c4", "-d2s", *headers, url]
    subprocess.run(warm, check=True, capture_output=True, timeout=30)
    command = ["wrk", f"-t{args.threads_wrk}", f"-c{args.connections}", f"-d{args.seconds}s",
               "--latency", *headers, url]
    run = subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + 30)
    if run.returncode:
        raise SystemExit(f"wrk failed on {url}:\n{run.stdout}{run.stderr}")
    out = run.stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors under load:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return rate, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)  # one per core
    parser.add_argument("--worker-class", default="sync")  # CPU-bound pages: no threads
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--threads-wrk", type=int, default=2)
    args = parser.parse_args()
    for tool in ("wrk",):
        if not shutil.which(tool):
            raise SystemExit("wrk is missing: apt-get install wrk")
    if not (BIN / "gunicorn").exists():
        raise SystemExit("gunicorn is missing: pip install -e '.[bench]'")

    with tempfile.TemporaryDirectory() as tmp:
        env = {"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "SECRET_KEY": "bench-secret",
               "PHONE_HMAC_KEY": "bench-phone", "PYTHONPATH": str(ROOT),
               "AMNESTY_LOG_FORMAT": "json"}
        log = Path(tmp, "server.log")
        # The tables, as in production: the app never creates them itself.
        subprocess.run([str(BIN / "amnesty"), "db", "upgrade"], cwd=ROOT,
                       env={**os.environ, **env}, check=True, capture_output=True)
        results = {}
        with Gunicorn("bench.hello:create_app()", args, env, log) as hello:
            wait_for(hello.base + "/")
            results["hello world"] = wrk(hello.base + "/", args)
        with Gunicorn("app:create_app()", args, env, log) as web:
            wait_for(web.base + "/kk/")
            results["start page"] = wrk(web.base + "/kk/", args)
            cookie, url = started_check(web.base)
            results["question page"] = wrk(url, args, cookie)

    print(f"gunicorn {args.workers} workers ({args.worker_class}, {args.threads} threads); "
          f"wrk {args.threads_wrk} threads, {args.connections} connections, {args.seconds} s; "
          f"{os.cpu_count()} cores shared by both")
    print(f"{'':16}{'req/s':>10}{'p99 ms':>10}")
    for name, (rate, p99) in results.items():
        print(f"{name:16}{rate:>10,.0f}{p99:>10.1f}")
    ratio = results["question page"][0] / results["hello world"][0]
    print(f"question page / hello world: {ratio:.0%} of the throughput (target >= 50%)")


if __name__ == "__main__":
    main()
