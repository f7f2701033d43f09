"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, never a downloaded
browser) against the app served by a threaded live server with a file SQLite database.

Pages are visited with JavaScript disabled, as on the cheapest phones; axe-core (which is
JavaScript) runs in a separate context that allows it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from tests import database

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
STATS_TOKEN = "browser-test-stats"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database.url(folder, "e2e.sqlite"),
        "SECRET_KEY": "browser-test-secret",
        "PHONE_HMAC_KEY": "browser-test-phone",
        "WEB_RESUME_LIMIT": "1000 per minute",
        "WEB_FORM_LIMIT": "1000 per minute",  # every browser test answers from 127.0.0.1
        "STATS_TOKEN": STATS_TOKEN,
        "STATS_MIN_COUNT": 1,  # the few checks these tests make show in the charts
    })
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page with JavaScript off."""
    context = browser.new_context(base_url=live_server, java_script_enabled=False,
                                  viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_page(browser, live_server):
    """A page with JavaScript on, for axe-core only; it holds the statistics token too."""
    context = browser.new_context(base_url=live_server, http_credentials={
        "username": "operator", "password": STATS_TOKEN})
    yield context.new_page()
    context.close()
