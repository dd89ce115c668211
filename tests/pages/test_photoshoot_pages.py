from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from generation.models import Asset, Job
from tests.conftest import fresh
from tests.pages.conftest import browser_for
from tests.photoshoots.conftest import empty_photo, presets, product_photo  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


def upload(browser, data: bytes, name: str = "green_mug.jpg", **fields):
    return browser.post("/photoshoot/", {"product_image": SimpleUploadedFile(name, data), **fields})


def test_photoshoot_page_is_in_the_menu_and_asks_for_a_photo(browser):
    html = browser.get("/photoshoot/").content.decode()
    assert 'href="/photoshoot/"' in html and "Drop a product photo here" in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_uploading_a_photo_leads_to_the_cut_out_and_recommended_scenes(browser, account, presets):
    response = upload(browser, product_photo(body=(40, 120, 60)))
    assert response.status_code == 302
    match = re.match(r"^/photoshoot/([0-9a-f-]{36})/$", response["Location"])
    assert match and Asset.objects.get(pk=match.group(1)).kind == Asset.Kind.CUTOUT
    html = browser.get(response["Location"]).content.decode()
    assert 'data-testid="cutout-image"' in html and 'data-testid="original-image"' in html
    assert 'value="Green mug"' in html
    assert len(re.findall(r'name="presets" value="[^"]+" data-prompt-choice\s+checked', html)) == 6
    assert fresh(account).credits_available == 25


def test_a_photo_without_a_product_is_explained_and_nothing_is_stored(browser, presets):
    response = upload(browser, empty_photo(), name="wall.jpg")
    assert response.status_code == 200
    assert "No clear product found in this photo." in response.content.decode()
    assert not Asset.objects.exists()


def test_a_text_file_is_refused_on_the_form(browser, presets):
    html = upload(browser, b"hello", name="notes.jpg").content.decode()
    assert "Only JPEG, PNG and WebP images are accepted" in html
    assert not Asset.objects.exists()


def test_choosing_scenes_creates_a_photoshoot_job_with_one_output_per_scene(browser, account, presets):
    location = upload(browser, product_photo())["Location"]
    response = browser.post(location, {
        "product_name": "Cherry Tonic", "product_description": "A red bottle.", "presets": ["marble", "wood"],
        "custom_prompts": ["on linen in soft light", "", ""], "use_style_reference": "on",
    })
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.type == Job.Type.PHOTOSHOOT and job.requested == 3
    assert job.request["productName"] == "Cherry Tonic"
    assert [p.get("preset") or p.get("prompt") for p in job.request["prompts"]] == ["marble", "wood",
                                                                                 "on linen in soft light"]
    assert job.request["useSameStyleReferenceImage"] is True and job.request["disableSafeMargin"] is False
    assert fresh(account).credits_reserved == 3


def test_choosing_no_scene_shows_an_error_and_creates_nothing(browser, presets):
    location = upload(browser, product_photo())["Location"]
    html = browser.post(location, {"product_name": "Tonic", "presets": []}).content.decode()
    assert "Send at least one prompt." in html
    assert not Job.objects.exists()


def test_more_than_six_scenes_are_refused(browser, presets):
    location = upload(browser, product_photo())["Location"]
    html = browser.post(location, {"presets": ["marble", "wood", "concrete", "velvet", "forest", "beach"],
                                   "custom_prompts": ["on sand"]}).content.decode()
    assert "at most 6 prompts" in html
    assert not Job.objects.exists()


def test_another_accounts_product_is_not_found(make_account, presets):
    location = upload(browser_for(make_account()), product_photo())["Location"]
    assert browser_for(make_account()).get(location).status_code == 404
