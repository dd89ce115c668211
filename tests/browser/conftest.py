"""Browser tests: headless Chromium (Debian's `chromium`) driven by Playwright against
pytest-django's live server, with a real django-q2 worker running the jobs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.worker import start_cluster, stop_cluster

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests and
# the live server make are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium, "
                                   "or set CHROMIUM_PATH)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def chromium():
    # Module scope: Playwright keeps an event loop running in this thread while the
    # browser is open, which tests outside this directory should never see.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings):
    """The live server's base URL; images and links point at it."""
    settings.PUBLIC_BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def start_worker(site, transactional_db):
    """Starts a real `manage.py qcluster` on the test database and this test's
    MEDIA_ROOT, when the test says so (so it can look at a job still queued)."""
    clusters = []

    def start():
        clusters.append(start_cluster())

    yield start
    for cluster in clusters:
        # Killed, not asked to stop: nothing is left to finish, and a graceful
        # shutdown of the cluster takes many seconds.
        log = stop_cluster(cluster, kill=True)
        if os.environ.get("SHOW_WORKER_LOG"):
            print(log)


@pytest.fixture
def page(chromium, site):
    context = chromium.new_context(base_url=site, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
