"""POST /api/v1/generate with productImageAssetId: upload → generate → every format
carries the product."""
from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from generation.engine.samples import sample_product
from generation.models import Asset, Job
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate, image_from_response, media_path, run_job

pytestmark = pytest.mark.django_db
BOTTLE_GREEN = (22, 110, 84)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def upload_product(client, kind: str = "bottle") -> str:
    response = client.post("/api/v1/assets", {"file": SimpleUploadedFile(f"{kind}.png", _png(sample_product(kind)))},
                           format="multipart")
    assert response.status_code == 201, response.content
    return response.json()["assetId"]


def test_generate_with_a_product_image_is_accepted_and_the_job_echoes_its_id(api, account):
    asset_id = upload_product(api)
    response = generate(api, productImageAssetId=asset_id, formats=["F1", "F4"])
    assert response.status_code == 202, response.content
    job = api.get(f"/api/v1/jobs/{response.json()['jobId']}").json()
    assert job["request"]["productImageAssetId"] == asset_id
    assert fresh(account).credits_reserved == 2


def test_a_request_without_a_product_keeps_no_product_key_in_its_echo(api):
    job_id = generate(api, productImageAssetId=None).json()["jobId"]
    assert "productImageAssetId" not in api.get(f"/api/v1/jobs/{job_id}").json()["request"]


@pytest.mark.parametrize("asset_id", ["not-a-uuid", 42, "00000000-0000-4000-8000-000000000000"])
def test_a_malformed_or_unknown_product_id_is_a_validation_error_that_creates_nothing(api, account, asset_id):
    response = generate(api, productImageAssetId=asset_id)
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "validation_error" and "productImageAssetId" in problem["errors"]
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_another_accounts_product_image_is_refused_like_an_unknown_one(api, account, make_account):
    other = make_account()
    theirs = upload_product(client_for(other))
    response = generate(api, productImageAssetId=theirs)
    assert response.status_code == 400
    assert response.json()["errors"]["productImageAssetId"] == [
        "No such asset in your account; upload it with POST /api/v1/assets."]
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_one_upload_gives_all_twelve_formats_each_showing_the_product(api, account):
    asset_id = upload_product(api)
    formats = ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12"]
    # 12 formats: count may be at most 10 per request, so two jobs (the second in Arabic) share the upload.
    job_ids = [generate(api, productImageAssetId=asset_id, formats=formats[:6], preset=None).json()["jobId"],
               generate(api, productImageAssetId=asset_id, formats=formats[6:], language="AR").json()["jobId"]]
    seen = []
    for job_id in job_ids:
        assert run_job(job_id).status == Job.Status.COMPLETED
        body = api.get(f"/api/v1/jobs/{job_id}").json()
        assert body["result"]["failed"] == 0
        for output in body["result"]["outputs"]:
            pixels = np.asarray(image_from_response(api.get(media_path(output["url"]))).convert("RGB")).astype(int)
            green = (np.abs(pixels - BOTTLE_GREEN).sum(axis=2) <= 12).mean()
            assert green > 0.004, (output["format"], green)  # the bottle is there, not just a speck
            seen.append(output["format"])
    assert sorted(seen) == sorted(formats)
    assert fresh(account).credits_reserved == 0


def test_a_product_image_deleted_after_acceptance_fails_the_job_at_once_and_releases_its_credits(api, account):
    asset_id = upload_product(api)
    job_id = generate(api, productImageAssetId=asset_id, count=2).json()["jobId"]
    Asset.objects.filter(pk=asset_id).delete()
    job = run_job(job_id)
    assert job.status == Job.Status.FAILED and job.attempts == 1
    assert api.get(f"/api/v1/jobs/{job_id}").json()["error"]["code"] == "asset_not_found"
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (25, 0)


def _needs_cut_out():
    from generation import engine

    if not hasattr(engine, "cut_out"):
        pytest.skip("engine.cut_out (background removal) is not part of this build yet")


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=92)
    return out.getvalue()


def test_an_opaque_product_photo_is_cut_out_and_carried_by_every_format(api):
    _needs_cut_out()
    from PIL import Image

    photo = Image.new("RGB", (900, 1200), (238, 236, 232))  # the bottle on a plain backdrop, as a phone sees it
    bottle = sample_product("bottle", 900)
    photo.paste(bottle, ((photo.width - bottle.width) // 2, 150), bottle)
    response = api.post("/api/v1/assets", {"file": SimpleUploadedFile("photo.jpg", _jpeg(photo))}, format="multipart")
    job_id = generate(api, productImageAssetId=response.json()["assetId"], formats=["F1", "F4"]).json()["jobId"]
    assert run_job(job_id).status == Job.Status.COMPLETED
    for output in api.get(f"/api/v1/jobs/{job_id}").json()["result"]["outputs"]:
        pixels = np.asarray(image_from_response(api.get(media_path(output["url"]))).convert("RGB")).astype(int)
        assert (np.abs(pixels - BOTTLE_GREEN).sum(axis=2) <= 24).mean() > 0.02


def test_a_photo_with_no_clear_product_fails_the_job_with_unknown_foreground_and_releases_its_credits(api, account):
    _needs_cut_out()
    from PIL import Image

    empty = Image.new("RGB", (800, 800), (200, 200, 205))
    response = api.post("/api/v1/assets", {"file": SimpleUploadedFile("empty.jpg", _jpeg(empty))}, format="multipart")
    job_id = generate(api, productImageAssetId=response.json()["assetId"], count=2).json()["jobId"]
    job = run_job(job_id)
    assert job.status == Job.Status.FAILED and job.attempts == 1
    assert api.get(f"/api/v1/jobs/{job_id}").json()["error"]["code"] == "unknown_foreground"
    assert fresh(account).credits_reserved == 0
