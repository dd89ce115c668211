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
