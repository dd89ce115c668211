"""The Generate page's live preview endpoint, Edit and re-run, and the job page's Download all."""
from __future__ import annotations

import base64
import re
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from PIL import Image

from generation.models import Asset, Job, JobOutput
from tests.conftest import client_for, fresh
from tests.generation.helpers import run_job
from tests.pages.conftest import browser_for
from tests.pages.test_generate_pages import web_job

pytestmark = pytest.mark.django_db

FORM = {"claim": "Best protein supplements for endurance athletes", "language": "EN",
        "formats": ["F1", "F4", "F12"], "output_format": "png"}


def decoded(src: str) -> Image.Image:
    assert src.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
    image.load()
    return image


def test_preview_reports_every_chosen_format_and_draws_the_one_asked_for(browser, account):
    response = browser.post("/generate/preview", {**FORM, "preview_index": "1"})
    assert response.status_code == 200
    body = response.json()
    assert [r["format"] for r in body["reports"]] == ["F1", "F4", "F12"]
    assert all(r["fits"] for r in body["reports"][:2])
    first = body["reports"][0]
    assert first["text"] == f"Fits at {first['fontSizePx']} px on {len(first['lines'])} lines"
    assert body["image"]["format"] == "F4" and body["image"]["index"] == 1
    image = decoded(body["image"]["src"])
    assert image.size == (body["image"]["width"], body["image"]["height"]) and max(image.size) == 512
    account = fresh(account)
    assert account.credits_reserved == 0 and account.credits_available == 25
    assert not Job.objects.exists() and not Asset.objects.exists()
    media = Path(django_settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_preview_changes_with_the_claim(browser):
    one = browser.post("/generate/preview", {**FORM, "claim": "Summer sale"}).json()
    two = browser.post("/generate/preview", {**FORM, "claim": "Winter sale, everything must go"}).json()
    assert decoded(one["image"]["src"]).tobytes() != decoded(two["image"]["src"]).tobytes()
    assert one["reports"][0]["lines"] != two["reports"][0]["lines"]


def test_preview_says_which_format_a_claim_is_too_long_for(browser):
    body = browser.post("/generate/preview", {**FORM, "claim": "W" * 80, "formats": ["F12"]}).json()
    report = body["reports"][0]
    assert report["fits"] is False and body["image"] is None
    assert report["text"].startswith("Too long for F12 (320×50) even at the smallest readable size")


def test_preview_shows_the_validators_messages_by_form_field(browser):
    response = browser.post("/generate/preview", {**FORM, "claim": "", "formats": []})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["claim"] == ["Write a claim: the headline the creative shows."]
    assert errors["formats"] == ["Choose at least one format."]


def test_preview_is_rate_limited_with_retry_after(browser, settings):
    settings.PREVIEW_RATE_LIMIT = "1/min"
    assert browser.post("/generate/preview", FORM).status_code == 200
    refused = browser.post("/generate/preview", FORM)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1


def test_preview_needs_a_signed_in_user_and_the_csrf_token(account):
    assert Client().post("/generate/preview", FORM).status_code in (401, 403)
    client = Client(enforce_csrf_checks=True)
    client.force_login(account.users.get())
    assert client.post("/generate/preview", FORM).status_code == 403


def test_generate_page_has_the_counter_the_cap_and_no_silent_cut(browser):
    from generation.models import Preset

    Preset.objects.create(id="neon-test", name="Neon night", prompt_text="neon", base_style="white_background",
                          categories=["studio", "night"], tags=["neon"])
    html = browser.get("/generate/").content.decode()
    assert 'data-claim-max="280"' in html and 'data-formats-max="10"' in html
    assert 'id="claim-counter"' in html and "0 / 280" in html
    textarea = html[html.index("<textarea"):html.index("</textarea>")]
    assert "maxlength" not in textarea  # the counter says it; the server refuses with a message
    assert "Up to 10 formats" in html
    assert 'id="preset-search"' in html and 'id="preset-category"' in html
    assert '<option value="night">Night</option>' in html and '<option value="studio">Studio</option>' in html
    assert 'data-label="Neon night"' in html


def test_edit_and_rerun_fills_the_form_with_the_jobs_request(browser, account):
    job = web_job(account, claim="Summer sale\n50% off", formats=["F4", "F8"], outputFormat="webp", cta="Buy",
                  brand={"primaryColor": "#112233"})
    html = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/generate/?from={job.pk}"' in html and "Edit and re-run" in html
    form = browser.get(f"/generate/?from={job.pk}").content.decode()
    assert "Summer sale\n50% off</textarea>" in form
    assert 'value="F4"' in form and 'id="id_formats_3" checked' in form  # F4
    assert 'id="id_formats_0" checked' not in form  # F1, the default, is not ticked
    assert re.search(r'name="output_format" value="webp"[^>]*checked', form)
    assert 'value="Buy"' in form and 'value="#112233"' in form
    assert 'data-testid="rerun-note"' in form


def test_edit_and_rerun_of_another_accounts_job_starts_empty(account, make_account):
    job = web_job(make_account(), claim="Secret launch")
    html = browser_for(account).get(f"/generate/?from={job.pk}").content.decode()
    assert "Secret launch" not in html and "That job is not in your account" in html


def test_job_page_shows_the_preset_by_name(browser, account):
    from generation.models import Preset

    preset = Preset.objects.create(id="marble-test", name="White marble", prompt_text="on marble",
                                   base_style="white_background")
    job = web_job(account, preset=preset.pk)
    html = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert "<dt>Preset</dt><dd>White marble</dd>" in html


def test_download_all_zips_every_image_in_the_chosen_file_type(browser, account):
    job = run_job(web_job(account, formats=["F1", "F6", "F12"]).pk)
    html = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert f'action="/jobs/{job.pk}/download"' in html
    assert '<option value="webp">' not in html  # the job made PNG
    response = browser.get(f"/jobs/{job.pk}/download?format=jpeg")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="creative-{str(job.pk)[:8]}-jpeg.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert [n.rsplit("-", 1)[1] for n in names] == ["F1.jpg", "F6.jpg", "F12.jpg"]
        for name in names:
            assert Image.open(io.BytesIO(archive.read(name))).format == "JPEG"


def test_download_all_offers_webp_where_the_job_made_webp(browser, account):
    job = run_job(web_job(account, formats=["F1"], outputFormat="webp").pk)
    html = browser.get(f"/jobs/{job.pk}/").content.decode()
    assert '<option value="webp">WebP</option>' in html and "?format=webp" in html
    with zipfile.ZipFile(io.BytesIO(browser.get(f"/jobs/{job.pk}/download?format=webp").content)) as archive:
        assert Image.open(io.BytesIO(archive.read(archive.namelist()[0]))).format == "WEBP"


def test_download_all_refuses_an_unknown_type_and_a_job_without_images(browser, account):
    job = web_job(account, formats=["F1"])
    assert browser.get(f"/jobs/{job.pk}/download?format=gif").status_code == 400
    assert browser.get(f"/jobs/{job.pk}/download?format=png").status_code == 404


def test_api_archive_answers_a_zip_and_hides_other_accounts_jobs(account, make_account):
    job = run_job(web_job(account, formats=["F1", "F4"]).pk)
    api = client_for(account)
    response = api.get(f"/api/v1/jobs/{job.pk}/download?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert len(archive.namelist()) == 2
        assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())
    assert client_for(make_account()).get(f"/api/v1/jobs/{job.pk}/download").status_code == 404
    assert api.get(f"/api/v1/jobs/{job.pk}/download?format=bmp").status_code == 400
    assert JobOutput.objects.filter(job=job, status="succeeded").count() == 2


def test_generate_page_warns_when_credits_run_low_and_shows_the_way_to_more(make_account):
    low = browser_for(make_account(credits=3)).get("/generate/").content.decode()
    assert 'data-testid="low-balance"' in low and "Only 3 credits left" in low and 'href="/settings/billing/"' in low
    plenty = browser_for(make_account(credits=50)).get("/generate/").content.decode()
    assert 'data-testid="low-balance"' not in plenty and "50 credits</strong> available" in plenty
