from __future__ import annotations


import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from generation.models import Asset, Job
from tests.conftest import client_for, fresh
from tests.generation.helpers import image_from_response, media_path, run_job
from tests.photoshoots.conftest import empty_photo, product_photo

PROMPTS = [
    {"tag": "preset", "preset": "white_background"},
    {"tag": "preset", "preset": "marble"},
    {"tag": "custom", "prompt": "on a sleek black and blue geometric pattern background"},
]


@pytest.fixture
def cutout_id(api, presets) -> str:
    response = api.post("/api/v1/photoshoots/recommendations",
                        {"productImage": SimpleUploadedFile("bottle.jpg", product_photo())}, format="multipart")
    return response.json()["backgroundRemovedImageAssetId"]


def create(api, asset_id, prompts=PROMPTS, **body):
    return api.post("/api/v1/photoshoots", {"productImageAssetId": asset_id, "prompts": prompts, **body}, format="json")


def test_photoshoot_is_accepted_as_a_job_reserving_one_credit_per_prompt(api, account, cutout_id):
    response = create(api, cutout_id)
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"].endswith(body["pollUrl"])
    assert body["result"] == {"requested": 3, "produced": 0, "progress": {"done": 0, "total": 3}}
    job = Job.objects.get(pk=body["jobId"])
    assert job.type == Job.Type.PHOTOSHOOT and job.status == Job.Status.QUEUED
    assert fresh(account).credits_reserved == 3


def test_photoshoot_renders_one_1674_by_628_scene_per_prompt(api, account, cutout_id):
    job_id = create(api, cutout_id).json()["jobId"]
    run_job(job_id)
    body = api.get(f"/api/v1/jobs/{job_id}").json()
    assert body["status"] == "completed" and body["type"] == "photoshoot" and body["creditsConsumed"] == 3
    assert [(i["width"], i["height"]) for i in body["images"]] == [(1674, 628)] * 3
    assert [i["url"] for i in body["images"]] == body["result"]["images"]
    pictures = [np.asarray(image_from_response(api.get(media_path(url))).convert("RGB"), dtype=int)
                for url in body["result"]["images"]]
    assert all(picture.shape == (628, 1674, 3) for picture in pictures)
    for a in range(3):
        for b in range(a + 1, 3):
            assert np.abs(pictures[a] - pictures[b]).mean() > 5  # three distinct scenes
    assert fresh(account).credits_available == 22


def test_disable_safe_margin_gives_1200_by_628(api, cutout_id):
    job_id = create(api, cutout_id, prompts=PROMPTS[:1], disableSafeMargin=True).json()["jobId"]
    run_job(job_id)
    body = api.get(f"/api/v1/jobs/{job_id}").json()
    assert [(i["width"], i["height"]) for i in body["images"]] == [(1200, 628)]
    assert body["result"]["formats"] == ["1200x628"]


def test_custom_prompt_lists_the_words_it_did_not_use_in_the_request(api, cutout_id):
    prompts = [{"tag": "custom", "prompt": "on marble with zorblax glitter"}]
    job_id = create(api, cutout_id, prompts=prompts).json()["jobId"]
    prompt = api.get(f"/api/v1/jobs/{job_id}").json()["request"]["prompts"][0]
    assert prompt["prompt"] == "on marble with zorblax glitter"
    assert "zorblax" in prompt["ignoredWords"] and "marble" not in prompt["ignoredWords"]


def test_photoshoot_downloads_as_png_jpeg_pdf_and_low_resolution(api, cutout_id):
    job_id = create(api, cutout_id, prompts=PROMPTS[:1]).json()["jobId"]
    run_job(job_id)
    base = f"/api/v1/jobs/{job_id}/outputs/0/download"
    assert image_from_response(api.get(base + "?format=png")).format == "PNG"
    jpeg = api.get(base + "?format=jpeg")
    assert jpeg["Content-Type"] == "image/jpeg" and image_from_response(jpeg).size == (1674, 628)
    pdf = api.get(base + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == f'attachment; filename="photoshoot-{job_id[:8]}-0-1674x628.pdf"'
    assert max(image_from_response(api.get(base + "?format=png&lowResolution=true")).size) == 512


def test_test_key_photoshoot_is_free_and_watermarked(api, account, cutout_id):
    test_api = client_for(account, mode="test")
    live_id = create(api, cutout_id, prompts=PROMPTS[:1]).json()["jobId"]
    test_id = create(test_api, cutout_id, prompts=PROMPTS[:1]).json()["jobId"]
    run_job(live_id)
    run_job(test_id)
    test_job = test_api.get(f"/api/v1/jobs/{test_id}").json()
    assert test_job["mode"] == "test" and test_job["creditsConsumed"] == 0
    live_job = api.get(f"/api/v1/jobs/{live_id}").json()
    live_image = image_from_response(api.get(media_path(live_job["result"]["images"][0])))
    live = np.asarray(live_image.convert("RGB"), dtype=int)
    test_image = image_from_response(test_api.get(media_path(test_job["result"]["images"][0])))
    test = np.asarray(test_image.convert("RGB"), dtype=int)
    assert (np.abs(live - test).sum(axis=2) > 30).mean() > 0.02
    assert fresh(account).credits_available == 24


def test_same_idempotency_key_replays_the_photoshoot(api, account, cutout_id):
    first = api.post("/api/v1/photoshoots", {"productImageAssetId": cutout_id, "prompts": PROMPTS}, format="json",
                     HTTP_IDEMPOTENCY_KEY="shoot-1")
    again = api.post("/api/v1/photoshoots", {"productImageAssetId": cutout_id, "prompts": PROMPTS}, format="json",
                     HTTP_IDEMPOTENCY_KEY="shoot-1")
    assert again.status_code == 202 and again["Idempotent-Replayed"] == "true"
    assert again.json()["jobId"] == first.json()["jobId"]
    other = api.post("/api/v1/photoshoots", {"productImageAssetId": cutout_id, "prompts": PROMPTS[:1]}, format="json",
                     HTTP_IDEMPOTENCY_KEY="shoot-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused_with_different_payload"
    assert Job.objects.count() == 1 and fresh(account).credits_reserved == 3


@pytest.mark.parametrize("body, field", [
    ({"prompts": []}, "prompts"),
    ({"prompts": [{"tag": "preset", "preset": "marble"}] * 7}, "prompts"),
    ({"prompts": [{"tag": "magic"}]}, "prompts[0].tag"),
    ({"prompts": [{"tag": "preset"}]}, "prompts[0].preset"),
    ({"prompts": [{"tag": "custom", "prompt": "   "}]}, "prompts[0].prompt"),
    ({"prompts": [{"tag": "custom", "prompt": "x" * 301}]}, "prompts[0].prompt"),
    ({"prompts": [{"tag": "preset", "preset": "no_such_preset"}]}, "prompts[0].preset"),
    ({"prompts": "marble"}, "prompts"),
    ({"productImageAssetId": "not-a-uuid"}, "productImageAssetId"),
    ({"productImageAssetId": "00000000-0000-0000-0000-000000000000"}, "productImageAssetId"),
    ({"disableSafeMargin": "maybe"}, "disableSafeMargin"),
    ({"productName": 42}, "productName"),
])
def test_invalid_photoshoot_is_refused_and_creates_nothing(api, account, cutout_id, body, field):
    payload = {"productImageAssetId": cutout_id, "prompts": PROMPTS, **body}
    response = api.post("/api/v1/photoshoots", payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["errors"], response.json()
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_another_accounts_product_image_is_not_usable(make_account, cutout_id):
    other = client_for(make_account())
    response = create(other, cutout_id)
    assert response.status_code == 400 and "productImageAssetId" in response.json()["errors"]
    assert not Job.objects.exists()


def test_photoshoot_needs_enough_credits(make_account, presets):
    poor = make_account(credits=2)
    api = client_for(poor)
    asset_id = api.post("/api/v1/photoshoots/recommendations",
                        {"productImage": SimpleUploadedFile("b.jpg", product_photo())}, format="multipart").json()[
        "backgroundRemovedImageAssetId"]
    response = create(api, asset_id)
    assert response.status_code == 402 and response.json()["code"] == "insufficient_credits"
    assert not Job.objects.exists()


def test_plain_photo_asset_is_cut_out_by_the_worker(api, presets):
    asset_id = api.post("/api/v1/assets", {"file": SimpleUploadedFile("b.jpg", product_photo())},
                        format="multipart").json()["assetId"]
    job_id = create(api, asset_id, prompts=PROMPTS[:1]).json()["jobId"]
    assert run_job(job_id).status == Job.Status.COMPLETED
    cutout = Asset.objects.get(source_id=asset_id)
    assert cutout.kind == Asset.Kind.CUTOUT


def test_photo_without_a_product_fails_the_job_and_releases_its_credits(api, account, presets):
    asset_id = api.post("/api/v1/assets", {"file": SimpleUploadedFile("wall.jpg", empty_photo())},
                        format="multipart").json()["assetId"]
    job_id = create(api, asset_id, prompts=PROMPTS[:2]).json()["jobId"]
    job = run_job(job_id)
    assert job.status == Job.Status.FAILED and job.error_code == "unknown_foreground"
    assert job.attempts == 1  # a photo without a product is not worth a retry
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (25, 0)


def test_photoshoot_jobs_are_listed_by_type(api, cutout_id):
    create(api, cutout_id)
    listed = api.get("/api/v1/jobs?type=photoshoot").json()
    assert listed["total"] == 1 and listed["jobs"][0]["type"] == "photoshoot"
    assert api.get("/api/v1/jobs?type=creative").json()["total"] == 0
