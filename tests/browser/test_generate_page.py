"""The Generate page in a real browser: the live preview follows what the user types and
chooses, formats stop at ten, the claim has a counter; the job page zips every image and
re-runs a job; the brand kit is saved in Settings and preselected on Generate."""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Account
from generation.models import Job
from generation.services_presets import preset_catalog_load
from tests.browser.test_photoshoot import log_in
from tests.generation.helpers import run_job
from tests.pages.test_generate_pages import web_job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")
LOGO = Path(__file__).resolve().parent.parent / "data" / "brand-logo.png"


def preview_src(page, previous: str | None = None) -> str:
    """The preview image's data URL once it shows (and differs from `previous`)."""
    page.wait_for_function("""(previous) => {
        const img = document.getElementById('preview-image');
        return img && !img.hidden && img.src.startsWith('data:image/png') && img.src !== previous
            && !document.querySelector('.preview-stage.loading');
    }""", arg=previous, timeout=20_000)
    return page.locator("#preview-image").get_attribute("src")


def fit_lines(page) -> dict[str, str]:
    items = page.locator("#fit-report li")
    return {items.nth(i).get_attribute("data-format"): items.nth(i).inner_text() for i in range(items.count())}


def test_the_preview_follows_the_claim_the_formats_and_the_preset_and_reports_the_fit(page):
    preset_catalog_load()
    log_in(page, "maker@example.com")
    page.goto("/generate/")
    expect(page.get_by_test_id("preview-status")).to_have_text("Type a claim to see it drawn.")
    page.get_by_label("Claim").fill("Summer sale")
    first = preview_src(page)
    report = fit_lines(page)
    assert list(report) == ["F1", "F4", "F10"]
    short = re.search(r"Fits at (\d+) px on [12] lines?", report["F1"])
    assert short, report  # a two-word claim is set large, stacked or on one line

    page.get_by_label("Claim").press_sequentially(" on every bike")
    second = preview_src(page, first)
    longer = re.search(r"Fits at (\d+) px on [2-4] lines", fit_lines(page)["F1"])
    assert longer and int(longer.group(1)) < int(short.group(1)), fit_lines(page)

    page.get_by_label("F12 ·").check()
    page.wait_for_function("() => document.querySelectorAll('#fit-report li').length === 4")
    assert "F12" in fit_lines(page)

    page.get_by_role("group", name="Format to preview").get_by_role("button", name="F4").click()
    third = preview_src(page, second)
    assert page.locator("#preview-image").get_attribute("data-format") == "F4"

    page.get_by_placeholder("Search presets").fill("ocean")
    expect(page.locator("label[for='preset-ocean_gradient']")).to_be_visible()
    expect(page.locator("label[for='preset-white_background']")).to_be_hidden()
    page.locator("label[for='preset-ocean_gradient']").click()
    expect(page.get_by_test_id("preset-selected")).to_have_text("Ocean gradient")
    preview_src(page, third)
    assert not Job.objects.exists()  # nothing of this was a job
    assert Account.objects.get().credits_available == 25


def test_formats_stop_at_ten_and_the_claim_counter_never_cuts(page):
    log_in(page, "maker@example.com")
    page.goto("/generate/")
    boxes = page.locator('input[name="formats"]')
    for i in range(boxes.count()):
        if not boxes.nth(i).is_disabled():
            boxes.nth(i).check()
    checked = [boxes.nth(i).is_checked() for i in range(boxes.count())]
    assert sum(checked) == 10 and boxes.count() == 12
    assert all(boxes.nth(i).is_disabled() for i in range(12) if not checked[i])
    expect(page.get_by_test_id("formats-cap")).to_contain_text("10 of 10 chosen: the most one job makes")
    assert page.locator("#cost-value").inner_text() == "10"
    page.get_by_label("F1 ·").uncheck()
    assert not any(boxes.nth(i).is_disabled() for i in range(12))
    expect(page.get_by_test_id("formats-cap")).to_have_text("9 of up to 10 chosen")

    claim = "Fresh coffee " * 22  # 286 characters
    page.get_by_label("Claim").fill(claim)
    assert page.get_by_label("Claim").input_value() == claim  # nothing was cut
    expect(page.get_by_test_id("claim-counter")).to_have_text(f"{len(claim)} / 280 — {len(claim) - 280} over: "
                                                              "shorten the claim")
    assert "over" in page.get_by_test_id("claim-counter").get_attribute("class")
    page.get_by_label("Claim").fill("Fresh coffee")
    expect(page.get_by_test_id("claim-counter")).to_have_text("12 / 280")


def test_download_all_zips_the_jobs_images_and_edit_and_rerun_fills_the_form(page):
    log_in(page, "maker@example.com")
    account = Account.objects.get()
    job = run_job(web_job(account, claim="Autumn sale\n30% off", formats=["F4", "F6"], outputFormat="webp",
                          cta="Shop the sale").pk)
    page.goto(f"/jobs/{job.pk}/")
    download_all = page.get_by_test_id("download-all")
    assert download_all.get_by_label(re.compile("Download all 2 images as")).evaluate(
        "select => [...select.options].map(o => o.value)") == ["webp", "png", "jpeg", "pdf"]
    download_all.get_by_label(re.compile("Download all")).select_option("jpeg")
    with page.expect_download() as info:
        download_all.get_by_role("button", name="Download ZIP").click()
    assert info.value.suggested_filename == f"creative-{str(job.pk)[:8]}-jpeg.zip"
    with zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())) as archive:
        assert [name.rsplit("-", 1)[1] for name in archive.namelist()] == ["F4.jpg", "F6.jpg"]
        assert all(archive.read(name)[:3] == b"\xff\xd8\xff" for name in archive.namelist())

    page.get_by_role("button", name="Edit and re-run").click()
    page.wait_for_url(re.compile(r"/generate/\?from="))
    assert page.get_by_label("Claim").input_value() == "Autumn sale\n30% off"
    assert page.get_by_label("F4 ·").is_checked() and page.get_by_label("F6 ·").is_checked()
    assert not page.get_by_label("F1 ·").is_checked()
    assert page.get_by_label("Call to action (optional)").input_value() == "Shop the sale"
    assert page.get_by_label("WEBP").is_checked()
    preview_src(page)  # the re-run's preview is drawn at once
    page.get_by_role("button", name="Generate").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    rerun = Job.objects.exclude(pk=job.pk).get()
    assert rerun.request == job.request


def test_the_brand_kit_saved_in_settings_is_preselected_on_generate(page):
    log_in(page, "maker@example.com")
    page.goto("/generate/")
    assert not page.get_by_label("Use brand colours").is_checked()
    page.get_by_role("link", name="Settings → Brand").click()
    page.wait_for_url(re.compile(r"/settings/brand/$"))
    expect(page.get_by_test_id("brand-no-logo")).to_be_visible()
    page.get_by_label("Upload a logo").set_input_files(LOGO)
    page.get_by_label("Primary colour").fill("#0f766e")
    page.get_by_label("Secondary colour").fill("#f97316")
    page.get_by_role("button", name="Save brand kit").click()
    expect(page.get_by_text("Brand kit saved.")).to_be_visible()
    logo = page.get_by_test_id("brand-logo")
    for alt in ("Your logo on a light background", "Your logo on a dark background"):
        image = logo.get_by_alt_text(alt)
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")

    page.goto("/generate/")
    assert page.get_by_label("Use brand colours").is_checked()
    assert page.get_by_label("Primary colour").input_value() == "#0f766e"
    assert page.get_by_label("Secondary colour").input_value() == "#f97316"
    assert page.get_by_label("Show my logo").is_checked()
    page.get_by_label("Claim").fill("Summer sale")
    branded = preview_src(page)
    page.get_by_label("Show my logo").uncheck()
    preview_src(page, branded)  # the logo's absence is drawn too
    page.get_by_label("Show my logo").check()
    page.get_by_role("button", name="Generate").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    job = Job.objects.get()
    kit = Account.objects.get().brand_kit
    assert job.request["brand"] == {"primaryColor": "#0f766e", "secondaryColor": "#f97316",
                                    "logoAssetId": str(kit.logo_id)}


@pytest.mark.skipif(not SCREENSHOTS_DIR, reason="set SCREENSHOTS_DIR=docs/screenshots to refresh the screenshots")
@pytest.mark.parametrize("width", [1366, 390])
def test_take_the_generate_page_screenshots(chromium, site, width):
    preset_catalog_load()
    context = chromium.new_context(base_url=site, viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, f"ava{width}@example.com")
    page.goto("/generate/")
    page.get_by_label("Claim").fill("Best protein supplements for endurance athletes")
    page.get_by_label("F12 ·").check()
    page.locator("label[for='preset-ocean_gradient']").click()
    preview_src(page)
    page.wait_for_function("() => document.querySelectorAll('#fit-report li').length === 4")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    Path(SCREENSHOTS_DIR).mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the preview column is sticky: photograph it at the top
    page.screenshot(path=str(Path(SCREENSHOTS_DIR) / f"generate-{width}.png"), full_page=True)
    context.close()
