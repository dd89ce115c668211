"""The Player cards page with Django's test client: the same validator and services
as POST /api/v1/images, the card on the job page, scoped to the signed-in account."""
from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from generation.models import Asset, Job
from generation.services import job_run
from tests.cards.conftest import person_photo, png_bytes
from tests.conftest import fresh
from tests.generation.conftest import ledger_stays_balanced  # noqa: F401 — Σ ledger = balance after each test
from tests.pages.conftest import browser_for

pytestmark = pytest.mark.django_db

PROFILE = {"name": "Alex Morgan", "position": "ST", "number": "9", "skill_level": "87", "preset": "pro_clubs_card"}


def test_the_page_is_in_the_menu_with_every_design_and_its_preview(browser):
    html = browser.get("/cards/").content.decode()
    assert 'href="/cards/"' in html and "<h1>Player cards</h1>" in html
    assert html.count('data-testid="design-preview"') >= 4
    assert 'value="pro_clubs_card" checked' in html
    assert "No cards yet" in html


def test_an_uploaded_photo_makes_a_card_job_and_the_job_page_shows_the_card(browser, account):
    response = browser.post("/cards/", {**PROFILE, "photo": SimpleUploadedFile("alex.jpg", person_photo())})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.type == Job.Type.PLAYER_CARD and job.api_key is None
    assert job.request["player"]["source_image_asset_id"] == str(Asset.objects.get().pk)
    assert fresh(account).credits_reserved == 1
    html = browser.get(response["Location"]).content.decode()
    assert "Alex Morgan" in html and 'id="job-progress"' in html and "Waiting for a worker" in html
    job_run(job_id=job.pk)
    html = browser.get(response["Location"]).content.decode()
    assert 'alt="Player card of Alex Morgan' in html and 'width="1080" height="1350"' in html
    assert "New card" in html and f"img_{job.pk.hex}" in html
    assert "Alex Morgan" in browser.get("/jobs/?type=player_card").content.decode()
    assert "Alex Morgan" in browser.get("/cards/").content.decode()


def test_a_photo_url_is_judged_by_the_api_rules(browser, account, settings):
    settings.ALLOW_PRIVATE_URLS = False
    response = browser.post("/cards/", {**PROFILE, "photo_url": "http://127.0.0.1/alex.jpg"})
    assert response.status_code == 200 and "not a public address" in response.content.decode()
    assert not Job.objects.exists()
    settings.ALLOW_PRIVATE_URLS = True
    assert browser.post("/cards/", {**PROFILE, "photo_url": "http://127.0.0.1/alex.jpg"}).status_code == 302


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "Give the player&#x27;s name"),
    ({"number": "100"}, "A shirt number is 1 to 99."),
    ({"skill_level": "0"}, "A skill level is 1 to 99."),
])
def test_a_bad_profile_is_explained_and_keeps_no_upload(browser, change, message):
    response = browser.post("/cards/", {**PROFILE, **change, "photo": SimpleUploadedFile("a.png", png_bytes())})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Job.objects.exists() and not Asset.objects.exists()


def test_no_photo_at_all_asks_for_one(browser):
    html = browser.post("/cards/", PROFILE).content.decode()
    assert "Choose a photo of the player" in html and not Job.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_next_to_the_field(browser):
    response = browser.post("/cards/", {**PROFILE, "photo": SimpleUploadedFile("a.jpg", b"hello, not a photo")})
    assert response.status_code == 200 and "JPEG, PNG and WebP" in response.content.decode()
    assert not Job.objects.exists() and not Asset.objects.exists()


def test_without_credits_the_form_says_so(make_account):
    browser = browser_for(make_account(credits=0))
    response = browser.post("/cards/", {**PROFILE, "photo": SimpleUploadedFile("a.png", png_bytes())})
    assert response.status_code == 200 and re.search(r"credit", response.content.decode())
    assert not Job.objects.exists() and not Asset.objects.exists()


def test_another_accounts_card_is_404(browser, make_account):
    other = browser_for(make_account())
    other.post("/cards/", {**PROFILE, "photo": SimpleUploadedFile("a.png", png_bytes())})
    assert browser.get(f"/jobs/{Job.objects.get().pk}/").status_code == 404


def test_admin_finds_a_card_by_its_image_id(browser, account):
    from accounts.services import account_create

    browser.post("/cards/", {**PROFILE, "photo": SimpleUploadedFile("a.png", png_bytes())})
    job = Job.objects.get()
    staff = account_create(email="ops@example.com", password="adm1n-Passw0rd", is_staff=True, is_superuser=True)
    admin = browser_for(staff)
    browser.post("/cards/", {**PROFILE, "name": "Another One", "photo": SimpleUploadedFile("b.png", png_bytes())})
    html = admin.get(f"/admin/generation/job/?q=img_{job.pk.hex}").content.decode()
    assert "0 of 1 selected" in html  # of the two cards, this one
    assert "0 of 0 selected" in admin.get("/admin/generation/job/?q=img_nothex").content.decode()
