"""The Generate page's product image: uploaded through the asset service, carried by the job."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from generation.engine.samples import sample_product
from generation.models import Asset, Job
from tests.conftest import fresh

pytestmark = pytest.mark.django_db


def _form(**extra) -> dict:
    return {"claim": "Best protein supplements", "language": "EN", "formats": ["F1", "F4"],
            "output_format": "png", **extra}


def _png(kind: str = "sneaker") -> bytes:
    out = io.BytesIO()
    sample_product(kind).save(out, "PNG")
    return out.getvalue()


def test_uploading_a_product_on_the_generate_page_creates_a_job_that_carries_it(browser, account):
    response = browser.post("/generate/", _form(product_image=SimpleUploadedFile("sneaker.png", _png())))
    job = Job.objects.get(account=account)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    asset = Asset.objects.get(account=account)
    assert job.request["productImageAssetId"] == str(asset.pk)
    assert asset.original_name == "sneaker.png" and asset.content_type == "image/png"
    page = browser.get(response["Location"]).content.decode()
    assert asset.file.url in page and 'class="product-thumb"' in page


def test_a_file_that_is_not_an_image_is_refused_next_to_the_field_and_nothing_is_kept(browser, account):
    response = browser.post("/generate/", _form(product_image=SimpleUploadedFile("notes.png", b"just some text")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only JPEG, PNG and WebP images are accepted" in html
    assert not Job.objects.exists() and not Asset.objects.exists()
    assert fresh(account).credits_reserved == 0


def test_a_refused_claim_uploads_nothing(browser, account):
    response = browser.post("/generate/", _form(claim="", product_image=SimpleUploadedFile("s.png", _png())))
    assert "Write a claim" in response.content.decode()
    assert not Asset.objects.exists() and not Job.objects.exists()


def test_a_job_refused_for_lack_of_credits_keeps_no_upload(make_account):
    from tests.pages.conftest import browser_for

    poor = make_account(credits=1)
    response = browser_for(poor).post("/generate/", _form(product_image=SimpleUploadedFile("s.png", _png())))
    assert response.status_code == 200
    assert not Asset.objects.exists() and not Job.objects.exists()


def test_an_oversized_product_image_is_refused_while_it_streams(browser, settings):
    from generation import limits

    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (limits.ASSET_MAX_BYTES + 200 * 1024)
    response = browser.post("/generate/", _form(product_image=SimpleUploadedFile("big.png", big)))
    assert response.status_code == 413
    assert "Uploads are limited to 12 MB." in response.content.decode()
    assert not Asset.objects.exists() and not Job.objects.exists()


def test_the_generate_page_still_refuses_a_post_without_its_csrf_token(account):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(account.users.get())
    response = client.post("/generate/", _form())
    assert response.status_code == 403 and not Job.objects.exists()
