"""Settings → Brand, the brand kit on the Generate page, and `brand: "default"` in the API."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from generation.models import Asset, BrandKit, Job
from generation.services_brand import brand_kit_save
from tests.conftest import client_for
from tests.pages.conftest import browser_for

pytestmark = pytest.mark.django_db


def logo_png(color=(20, 30, 200, 255)) -> bytes:
    image = Image.new("RGBA", (240, 80), (0, 0, 0, 0))
    image.paste(color, (10, 10, 230, 70))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_brand_page_saves_colours_and_a_logo_shown_on_light_and_dark(browser, account):
    response = browser.post("/settings/brand/", {"primary_color": "#0f766e", "secondary_color": "#f97316",
                                                 "logo": upload(logo_png())})
    assert response.status_code == 302 and response["Location"] == "/settings/brand/"
    kit = BrandKit.objects.get(account=account)
    assert (kit.primary_color, kit.secondary_color) == ("#0F766E", "#F97316")
    assert kit.logo is not None and kit.logo.account == account and kit.logo.width == 240
    html = browser.get("/settings/brand/").content.decode()
    assert html.count(kit.logo.file.url) == 2  # on a light and on a dark tile
    assert "Your logo on a light background" in html and "Your logo on a dark background" in html
    assert 'value="#0f766e"' in html


def test_brand_page_refuses_a_file_that_is_not_an_image_and_changes_nothing(browser, account):
    brand_kit_save(account=account, primary_color="#112233", secondary_color="#445566")
    response = browser.post("/settings/brand/", {"primary_color": "#000000", "secondary_color": "#ffffff",
                                                 "logo": upload(b"GIF89a not really", "logo.png")})
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    kit = BrandKit.objects.get(account=account)
    assert (kit.primary_color, kit.logo) == ("#112233", None) and not Asset.objects.exists()


def test_brand_page_refuses_a_colour_that_is_not_rrggbb(browser, account):
    response = browser.post("/settings/brand/", {"primary_color": "blue", "secondary_color": "#ffffff"})
    assert response.status_code == 400 and "Use a #RRGGBB colour." in response.content.decode()
    assert not BrandKit.objects.exists()


def test_brand_page_removes_the_logo_and_keeps_the_colours(browser, account):
    brand_kit_save(account=account, primary_color="#112233", secondary_color="#445566", logo_data=logo_png())
    browser.post("/settings/brand/", {"primary_color": "#112233", "secondary_color": "#445566", "remove_logo": "on"})
    kit = BrandKit.objects.get(account=account)
    assert kit.logo is None and kit.primary_color == "#112233"


def test_generate_page_starts_with_the_brand_kit_preselected(browser, account):
    kit = brand_kit_save(account=account, primary_color="#0F766E", secondary_color="#F97316", logo_data=logo_png())
    html = browser.get("/generate/").content.decode()
    assert 'name="use_brand_colors" id="id_use_brand_colors" checked' in html
    assert 'value="#0f766e"' in html and 'value="#f97316"' in html
    assert f'name="logo_asset" value="{kit.logo_id}"' in html
    assert 'name="use_logo" id="id_use_logo" checked' in html


def test_generate_page_without_a_kit_offers_to_save_one_and_preselects_nothing(browser):
    html = browser.get("/generate/").content.decode()
    assert "Settings → Brand" in html and 'id="id_use_brand_colors" checked' not in html
    assert 'name="use_logo"' not in html


def test_generating_with_the_kit_carries_its_colours_and_logo_and_edits_stay_with_the_job(browser, account):
    kit = brand_kit_save(account=account, primary_color="#0F766E", secondary_color="#F97316", logo_data=logo_png())
    response = browser.post("/generate/", {"claim": "Summer sale", "language": "EN", "formats": ["F1"],
                                           "output_format": "png", "use_brand_colors": "on",
                                           "primary_color": "#222222", "secondary_color": "#f97316",
                                           "use_logo": "on", "logo_asset": str(kit.logo_id)})
    assert response.status_code == 302
    job = Job.objects.get(account=account)
    assert job.request["brand"] == {"primaryColor": "#222222", "secondaryColor": "#f97316",
                                    "logoAssetId": str(kit.logo_id)}
    assert BrandKit.objects.get(account=account).primary_color == "#0F766E"  # the kit is unchanged


def test_generate_refuses_another_accounts_logo_and_creates_nothing(browser, account, make_account):
    other = make_account()
    kit = brand_kit_save(account=other, primary_color="#111111", secondary_color="", logo_data=logo_png())
    response = browser.post("/generate/", {"claim": "Summer sale", "language": "EN", "formats": ["F1"],
                                           "output_format": "png", "use_logo": "on", "logo_asset": str(kit.logo_id)})
    assert response.status_code == 200 and "No such asset in your account" in response.content.decode()
    assert not Job.objects.filter(account=account).exists()


def test_api_brand_default_uses_the_kit_and_an_omitted_brand_does_not(account):
    api = client_for(account)
    refused = api.post("/api/v1/generate", {"claim": "Hi", "formats": ["F1"], "brand": "default"}, format="json")
    assert refused.status_code == 400 and "Settings → Brand" in refused.json()["errors"]["brand"][0]
    kit = brand_kit_save(account=account, primary_color="#0F766E", secondary_color="", logo_data=logo_png())
    with_kit = api.post("/api/v1/generate", {"claim": "Hi", "formats": ["F1"], "brand": "default"}, format="json")
    assert with_kit.status_code == 202
    job = Job.objects.get(pk=with_kit.json()["jobId"])
    assert job.request["brand"] == {"primaryColor": "#0F766E", "logoAssetId": str(kit.logo_id)}
    shown = api.get(f"/api/v1/jobs/{job.pk}").json()
    assert shown["request"]["brand"] == {"primaryColor": "#0F766E", "logoAssetId": str(kit.logo_id)}
    plain = api.post("/api/v1/generate", {"claim": "Hi", "formats": ["F1"]}, format="json")
    assert "brand" not in Job.objects.get(pk=plain.json()["jobId"]).request


def test_brand_page_is_for_signed_in_users(client, db):
    response = client.get("/settings/brand/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_nav_links_settings_brand(browser):
    html = browser.get("/settings/brand/").content.decode()
    assert 'href="/settings/brand/" aria-current="page"' in html


def test_brand_kit_of_one_account_is_invisible_to_another(account, make_account):
    brand_kit_save(account=account, primary_color="#0F766E", secondary_color="#F97316")
    other = make_account()
    html = browser_for(other).get("/generate/").content.decode()
    assert "#0f766e" not in html.lower()
