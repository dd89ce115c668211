"""The README's screenshots, taken from a real session: `SCREENSHOTS_DIR=docs/screenshots
.venv/bin/python -m pytest tests/browser/test_screenshots.py`. Skipped otherwise."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generation.services_presets import preset_catalog_load
from tests.browser.test_journeys import sign_up, watch_job

SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")

pytestmark = [
    pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not SCREENSHOTS_DIR, reason="set SCREENSHOTS_DIR=docs/screenshots to refresh the screenshots"),
]


def generate(page, *, claim: str, language: str, formats: list[str], preset: str | None = None) -> str:
    page.goto("/generate/")
    page.get_by_label("Claim").fill(claim)
    page.get_by_label("Language").select_option(language)
    for box in page.locator('input[name="formats"]').all():
        box.set_checked(box.get_attribute("value") in formats)
    if preset:
        page.locator(f"label[for='preset-{preset}']").click()  # the card stands in for the radio
        assert page.locator(f"#preset-{preset}").is_checked()
    page.get_by_role("button", name="Generate").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    assert watch_job(page)[-1][0] in ("completed", "partial")
    page.wait_for_function("() => [...document.querySelectorAll('.output-card img')]"
                           ".every(img => img.complete && img.naturalWidth > 0)")
    return page.url


def test_take_the_readme_screenshots(page, start_worker):
    out = Path(SCREENSHOTS_DIR)
    out.mkdir(parents=True, exist_ok=True)
    preset_catalog_load()
    start_worker()
    sign_up(page, "ava@example.com")
    page.screenshot(path=out / "dashboard-empty.png")

    generate(page, claim="Summer sale: up to 50 % off everything", language="EN", formats=["F4", "F6"],
             preset="summer_sun")
    generate(page, claim="Handgeröstet. Jeden Morgen frisch.", language="DE", formats=["F1", "F9"],
             preset="kraft_paper")
    job_url = generate(page, claim="Best protein supplements for endurance athletes", language="EN",
                       formats=["F1", "F4", "F10"], preset="ocean_gradient")
    page.screenshot(path=out / "job.png", full_page=True)

    page.goto("/")
    page.screenshot(path=out / "dashboard.png", full_page=True)
    page.goto("/generate/")
    page.screenshot(path=out / "generate.png", full_page=True)
    page.goto("/usage/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('usage-chart'))")
    page.screenshot(path=out / "usage.png", full_page=True)

    page.goto("/settings/api-keys/")
    page.get_by_label("Name").fill("Staging")
    page.get_by_label("Test").check()
    page.get_by_role("button", name="Create key").click()
    page.get_by_label("Name").fill("Production server")
    page.get_by_label("Live").check()
    page.get_by_role("button", name="Create key").click()
    page.screenshot(path=out / "api-keys.png", full_page=True)
    assert job_url


def test_take_the_responsive_screenshots(chromium, site):
    """The visitor's landing page and the list pages at a laptop's width (1366 px) and a
    phone's (390 px, suffixed `-phone`), the phone menu open; jobs made in-process."""
    from accounts.services import account_create, api_key_create
    from generation.services import job_cancel
    from tests.conftest import client_for
    from tests.generation.helpers import run_job
    from tests.pages.test_generate_pages import web_job

    out = Path(SCREENSHOTS_DIR)
    out.mkdir(parents=True, exist_ok=True)
    preset_catalog_load()
    account = account_create(email="ava@example.com", password="a-long-Passw0rd!", credits=14)
    run_job(web_job(account, claim="Summer sale: up to 50 % off everything", formats=["F1", "F4"],
                    preset="summer_sun").pk)
    run_job(web_job(account, claim="Handgeröstet. Jeden Morgen frisch.", language="DE", formats=["F1", "F9"],
                    preset="kraft_paper").pk)
    job_cancel(job=web_job(account, claim="Best protein supplements for endurance athletes", formats=["F6", "F10"]))
    api_key_create(account=account, name="Production server", mode="live")
    api_key_create(account=account, name="Staging", mode="test")
    api = client_for(account)
    endpoint = api.post("/api/v1/webhooks/endpoints", {"url": "https://hooks.example.com/creative-studio/orders",
                                                       "description": "Order system"}, format="json").json()
    api.post(f"/api/v1/webhooks/endpoints/{endpoint['id']}/test")

    for suffix, viewport in (("", {"width": 1366, "height": 900}), ("-phone", {"width": 390, "height": 844})):
        context = chromium.new_context(base_url=site, viewport=viewport, device_scale_factor=1)
        page = context.new_page()
        page.goto("/")
        page.screenshot(path=out / f"landing{suffix}.png", full_page=True)
        page.goto("/login/")
        page.get_by_label("E-mail address").fill("ava@example.com")
        page.get_by_label("Password").fill("a-long-Passw0rd!")
        page.locator("main").get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/$"))
        if suffix:
            page.screenshot(path=out / f"dashboard{suffix}.png", full_page=True)
            page.get_by_role("button", name="Menu").click()
            page.screenshot(path=out / "menu-phone.png")
            page.keyboard.press("Escape")
        for path, name in (("/jobs/", "jobs"), ("/usage/", "usage"), ("/settings/webhooks/", "webhooks"),
                           ("/settings/api-keys/", "api-keys")):
            if not suffix and name in ("usage", "api-keys"):
                continue  # the desktop ones come from the session above
            page.goto(path)
            page.screenshot(path=out / f"{name}{suffix}.png", full_page=True)
        context.close()
