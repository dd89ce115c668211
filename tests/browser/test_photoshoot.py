"""The Photoshoot page in a real browser: drop a product photo, see the cut-out and the
recommendations, choose scenes, watch the job, download."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.services import account_create
from tests.browser.test_journeys import PASSWORD, watch_job
from tests.photoshoots.conftest import empty_photo, presets, product_photo  # noqa: F401 — fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder (e.g. docs/screenshots) to keep pictures of each step.
SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS_DIR:
        Path(SCREENSHOTS_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS_DIR) / name), full_page=True)


def log_in(page, email: str) -> None:
    account_create(email=email, password=PASSWORD, credits=25)
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))


def drop_file(page, selector: str, path: Path, mime: str) -> None:
    """Drops a file on an element the way a person dragging it from their desktop does."""
    data = list(path.read_bytes())
    page.evaluate("""([selector, data, name, mime]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], name, {type: mime}));
        const zone = document.querySelector(selector);
        zone.dispatchEvent(new DragEvent('dragenter', {dataTransfer: transfer, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""", [selector, data, path.name, mime])


@pytest.mark.worker
def test_a_shop_owner_drops_a_photo_chooses_scenes_and_downloads_the_photoshoot(page, start_worker, presets,
                                                                                 tmp_path):
    log_in(page, "shop@example.com")
    page.get_by_role("link", name="Photoshoot").click()
    expect(page.get_by_role("heading", name="Product photoshoot")).to_be_visible()

    photo = tmp_path / "red_bottle.jpg"
    photo.write_bytes(product_photo())
    drop_file(page, "[data-dropzone]", photo, "image/jpeg")
    expect(page.locator("[data-preview]")).to_be_visible()  # the dropped photo is previewed
    expect(page.locator("[data-file-name]")).to_contain_text("red_bottle.jpg")
    screenshot(page, "photoshoot-upload.png")
    # The cut-out takes a few seconds (more on a busy machine): wait for the next page.
    page.get_by_role("button", name="Cut out and recommend scenes").click(no_wait_after=True)
    page.wait_for_url(re.compile(r"/photoshoot/[0-9a-f-]{36}/"), timeout=90_000)
    expect(page.get_by_test_id("cutout-image")).to_be_visible()
    expect(page.get_by_test_id("original-image")).to_be_visible()
    assert page.get_by_test_id("cutout-image").evaluate("img => img.naturalWidth") == 900
    assert page.get_by_label("Product name").input_value() == "Red bottle"
    assert "red" in page.get_by_label("Description").input_value().lower()
    checked = page.locator("input[name=presets]:checked")
    expect(checked).to_have_count(6)  # the six recommended presets
    expect(page.locator("[data-prompt-count]")).to_have_text("6")
    expect(page.get_by_label("Custom scene 1")).to_be_disabled()  # six chosen: no room for more

    checked.nth(0).uncheck()
    checked.nth(0).uncheck()  # the list shrinks as boxes are unticked
    page.get_by_label("Custom scene 1").fill("on a sleek black and blue geometric pattern")
    expect(page.locator("[data-prompt-count]")).to_have_text("5")
    screenshot(page, "photoshoot-scenes.png")
    page.get_by_label("Product name").fill("Cherry Tonic")
    page.get_by_role("button", name="Create photoshoot").click()

    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", name="Cherry Tonic")).to_be_visible()
    start_worker()
    states = watch_job(page, timeout=120)
    assert states[-1][0] == "completed", states
    images = page.locator(".gallery img")
    expect(images).to_have_count(5)
    assert all(images.nth(i).evaluate("img => img.naturalWidth") == 1674 for i in range(5))
    expect(page.get_by_text("“on a sleek black and blue geometric pattern”").first).to_be_visible()
    page.wait_for_function("() => [...document.querySelectorAll('.gallery img')].every(i => i.complete)")
    screenshot(page, "photoshoot-job.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="JPEG").first.click()
    assert download.value.suggested_filename.endswith(".jpg")


def test_a_photo_without_a_product_is_explained_on_the_form(page, presets, tmp_path):
    log_in(page, "wall@example.com")
    page.goto("/photoshoot/")
    wall = tmp_path / "wall.jpg"
    wall.write_bytes(empty_photo())
    page.locator("input[type=file]").set_input_files(str(wall))
    page.get_by_role("button", name="Cut out and recommend scenes").click(no_wait_after=True)
    expect(page.get_by_role("alert").first).to_contain_text("product", timeout=90_000)
    assert "/photoshoot/" in page.url and not re.search(r"/photoshoot/[0-9a-f-]{36}/", page.url)
