"""Two gunicorn workers, as production runs them (web/gunicorn_conf.py, AMNESTY_ENV=production,
the database made by `amnesty db upgrade`): people doing web checks and SMS conversations at
once, every request on a new connection so that both workers serve each of them, lose nothing.
Answers, CSRF tokens, resume codes and SMS state live in the database and the signed cookie,
not in a worker; each worker's page cache fills in each person's own token and code."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

import rules
from app import create_app
from sms import simulator
from tests import database
from tests.sms.helpers import TOKEN, app_config

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ANSWERS = {"article": "ч. 2 ст. 190", "stage": "sentenced_before", "damage": "repaid"}
PEOPLE = 8
CODE = re.compile(r'class="code">([A-Z0-9]{4})-([A-Z0-9]{4})<')
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    if not (BIN / "gunicorn").exists():
        pytest.fail("gunicorn is missing: pip install -e '.[test]'")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AMNESTY_ENV": "production",
           "DATABASE_URL": database.url(tmp_path, "gunicorn.sqlite"),
           "SECRET_KEY": "k" * 40, "PHONE_HMAC_KEY": "p" * 40, "TWILIO_AUTH_TOKEN": TOKEN,
           "AMNESTY_LOG_FORMAT": "json", "AMNESTY_BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "2"}
    upgrade = subprocess.run([str(BIN / "amnesty"), "db", "upgrade"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert upgrade.returncode == 0, upgrade.stderr
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:web.gunicorn_conf", "app:create_app()"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    assert json.load(response) == {"status": "ok"}
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
                time.sleep(0.2)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


class Browser:
    """A person's browser: a cookie jar; every request on a new connection."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=15) as response:
            return response.geturl(), response.read().decode()

    def answer(self, path: str, value: str) -> tuple[str, str]:
        _, page = self.get(path)
        data = urllib.parse.urlencode({"answer": value,
                                       "csrf_token": TOKEN_FIELD.search(page).group(1)})
        with self.opener.open(self.base + path, data=data.encode(), timeout=15) as response:
            return response.geturl(), response.read().decode()


def web_check(base: str) -> dict:
    person = Browser(base)
    codes = set()
    url, page = person.answer("/en/q/article", ANSWERS["article"])
    while "/q/" in url:
        codes.add("".join(CODE.search(page).groups()))  # from this worker's page cache
        url, page = person.answer(urllib.parse.urlsplit(url).path,
                                  ANSWERS[url.rsplit("/", 1)[1]])
    assert url.endswith("/en/check-answers")
    _, result = person.get("/en/result")
    code = "".join(CODE.search(result).groups())
    assert codes == {code}, "a page showed another person's code"
    other_device = Browser(base)
    url, page = other_device.get(f"/r/{code}")
    assert url.endswith("/en/check-answers") and "".join(CODE.search(page).groups()) == code
    return {"code": code, "summary": _answers(page)}


def _answers(page: str) -> list[str]:
    return [d.strip() for d in re.findall(r"<dd[^>]*>(.*?)</dd>", page, re.S) if "<a " not in d]


def sms_conversation(base: str, script) -> dict:
    phone = simulator.Phone(simulator.http_transport, f"{base}/sms/inbound", TOKEN)
    played = simulator.play(phone, script, ANSWERS)
    assert played.asked == list(ANSWERS)
    _, page = Browser(base).get(f"/r/{played.code}")  # the result link, on the web
    return {"code": played.code, "summary": _answers(page)}


def test_two_workers_lose_nothing(server, tmp_path):
    base, log = server
    local = create_app(app_config(tmp_path))
    script = simulator.Script.build(local, rules.default_act(), "en")
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        web = list(pool.map(lambda _: web_check(base), range(PEOPLE)))
        sms = list(pool.map(lambda _: sms_conversation(base, script), range(PEOPLE)))
    codes = [r["code"] for r in web + sms]
    assert len(set(codes)) == len(codes)  # each person their own check
    summaries = {tuple(r["summary"]) for r in web}
    assert len(summaries) == 1 and len(next(iter(summaries))) == len(ANSWERS)
    assert {tuple(r["summary"]) for r in sms} == summaries  # the same answers, kept

    requests = [json.loads(line) for line in log.read_text().splitlines()
                if line.startswith("{") and '"amnesty.request"' in line]
    pids = {r["pid"] for r in requests}
    assert len(pids) == 2, f"one worker served everything: {pids}"
    assert all(r["status"] < 500 for r in requests), [r for r in requests if r["status"] >= 500]
    assert not [r for r in requests if "/r/" in r["path"] and r["path"] != "/r/<code>"]
