"""The Player cards page in a real browser: fill in the profile, upload a photo, pick a
design by its preview, watch the card being made, download it, find it in Jobs."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from generation.services_cards import card_preset_previews_render
from tests.browser.test_photoshoot import log_in, screenshot
from tests.browser.test_journeys import watch_job
from tests.cards.conftest import person_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.worker
def test_a_club_admin_makes_a_player_card_from_an_upload_and_downloads_it(page, start_worker, tmp_path):
    card_preset_previews_render()  # as `make run` does (load_presets) before anyone visits
    log_in(page, "club@example.com")
    page.get_by_role("link", name="Player cards").click()
    expect(page.get_by_role("heading", name="Player cards")).to_be_visible()
    expect(page.get_by_text("No cards yet")).to_be_visible()
    previews = page.get_by_test_id("design-preview")
    assert previews.count() >= 4
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=design-preview]')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")

    page.get_by_label("Player name").fill("Maximilian Oberhausen-Schwarzenegger")
    page.get_by_label("Position").select_option("CAM")
    page.get_by_label("Shirt number").fill("10")
    page.get_by_label("Skill level").fill("91")
    photo = tmp_path / "max.jpg"
    photo.write_bytes(person_photo())
    page.get_by_label("Photo", exact=True).set_input_files(str(photo))
    designs = page.locator(".card-designs label.preset-option")
    designs.nth(1).click()
    chosen = designs.nth(1).locator(".name").inner_text()
    screenshot(page, "player-cards-form.png")
    page.get_by_role("button", name="Make the card").click()

    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", name="Maximilian Oberhausen-Schwarzenegger")).to_be_visible()
    expect(page.locator("#job-progress")).to_be_visible()  # queued: the bar is there before a worker starts
    start_worker()
    states = watch_job(page, timeout=120)
    assert states[-1][0] == "completed", states
    card = page.locator(".gallery img")
    expect(card).to_have_count(1)
    page.wait_for_function("() => document.querySelector('.gallery img').complete")
    assert card.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1080, 1350]
    expect(page.get_by_text(f"Player card · {chosen}")).to_be_visible()
    screenshot(page, "player-card-job.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="PNG").first.click()
    assert download.value.suggested_filename.endswith(".png")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    expect(page.get_by_role("link", name="Maximilian Oberhausen-Schwarzenegger")).to_be_visible()
    page.goto("/cards/")
    expect(page.get_by_role("link", name="Maximilian Oberhausen-Schwarzenegger")).to_be_visible()


def test_a_card_without_a_photo_is_explained_on_the_form(page):
    card_preset_previews_render()
    log_in(page, "nophoto@example.com")
    page.goto("/cards/")
    page.get_by_label("Player name").fill("Alex Morgan")
    page.get_by_role("button", name="Make the card").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_text("Choose a photo of the player")).to_be_visible()
    assert page.url.endswith("/cards/")
