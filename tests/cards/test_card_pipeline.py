"""A card through the pipeline: the worker fetches the photo from a real HTTP server,
the engine cuts the player out and renders the card; failures end the card `failed`
with its code and give the credit back (README, Player cards API)."""
from __future__ import annotations

import uuid

import pytest
from PIL import Image

from webhooks import http
from generation.models import Job
from generation.services import job_run
from tests.cards.conftest import card_body, post_card, slow
from tests.conftest import client_for, fresh
from tests.generation.helpers import image_from_response, media_path
from tests.worker import job_state, start_cluster, stop_cluster, wait_for


def _job(image_id: str) -> Job:
    return Job.objects.get(pk=uuid.UUID(hex=image_id[4:]))


def _card(api, url: str, key: str = "k", **player) -> str:
    response = post_card(api, card_body(url, **player), key=key)
    assert response.status_code == 202, response.content
    return response.json()["data"]["image_id"]


def _run(image_id: str) -> Job:
    job_run(job_id=_job(image_id).pk)
    return _job(image_id)


def test_a_card_from_a_photo_url_completes_with_a_1080_by_1350_png(api, account, photo_server):
    image_id = _card(api, photo_server.url("player.jpg"))
    job = _run(image_id)
    assert job.status == Job.Status.COMPLETED and job.credits_consumed == 1
    data = api.get(f"/api/v1/images/{image_id}").json()["data"]
    assert data["status"] == "completed" and "progress" not in data and "failure" not in data
    result = data["result"]
    assert (result["width"], result["height"]) == (1080, 1350)
    picture = image_from_response(api.get(media_path(result["image_url"])))
    assert picture.format == "PNG" and picture.size == (1080, 1350)
    assert photo_server.hits == ["player.jpg"]
    assert fresh(account).credits_available == 24 and fresh(account).credits_reserved == 0


def test_a_redirect_to_the_photo_is_followed(api, photo_server):
    job = _run(_card(api, photo_server.url("moved.jpg")))
    assert job.status == Job.Status.COMPLETED
    assert photo_server.hits == ["moved.jpg", "player.jpg"]


def test_a_card_from_an_uploaded_asset_completes(api, account):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.cards.conftest import person_photo

    asset_id = api.post("/api/v1/assets", {"file": SimpleUploadedFile("me.jpg", person_photo())},
                        format="multipart").json()["assetId"]
    body = card_body()
    body["player"]["source_image_asset_id"] = asset_id
    image_id = post_card(api, body).json()["data"]["image_id"]
    assert _run(image_id).status == Job.Status.COMPLETED
    assert api.get(f"/api/v1/images/{image_id}").json()["data"]["result"]["width"] == 1080


def _assert_failed(api, account, image_id: str, code: str) -> dict:
    job = _job(image_id)
    assert job.status == Job.Status.FAILED, (job.status, job.error_code, job.error_message)
    data = api.get(f"/api/v1/images/{image_id}").json()["data"]
    assert data["status"] == "failed" and data["failure"]["code"] == code, data
    assert data["failure"]["message"] and "result" not in data and "progress" not in data
    assert fresh(account).credits_reserved == 0 and fresh(account).credits_available == 25
    assert job.credits_consumed == 0
    return data


def test_a_photo_that_is_not_there_fails_unreachable_at_once_and_releases_the_credit(api, account, photo_server):
    image_id = _card(api, photo_server.url("missing.jpg"))
    _run(image_id)
    _assert_failed(api, account, image_id, "source_image_unreachable")
    assert _job(image_id).attempts == 1 and photo_server.hits == ["missing.jpg"]  # a 404 is final


def test_a_server_that_refuses_connections_is_retried_then_unreachable(api, account, settings):
    settings.ALLOW_PRIVATE_URLS = True
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    image_id = _card(api, f"http://127.0.0.1:{port}/player.jpg")
    for _ in range(settings.JOB_MAX_ATTEMPTS):
        _run(image_id)
    assert _job(image_id).attempts == settings.JOB_MAX_ATTEMPTS
    _assert_failed(api, account, image_id, "source_image_unreachable")


def test_a_photo_server_that_times_out_is_retried_by_the_pipeline(api, account, photo_server, settings,
                                                                 monkeypatch):
    monkeypatch.setattr(http, "READ_TIMEOUT_SECONDS", 0.3)
    photo_server.routes["slow.jpg"] = slow(1.0)
    image_id = _card(api, photo_server.url("slow.jpg"))
    assert _run(image_id).status == Job.Status.QUEUED  # given back to the queue: a timeout may pass
    for _ in range(settings.JOB_MAX_ATTEMPTS - 1):
        _run(image_id)
    assert photo_server.hits.count("slow.jpg") == settings.JOB_MAX_ATTEMPTS
    _assert_failed(api, account, image_id, "source_image_unreachable")


def test_a_5xx_answer_is_retried_and_a_later_success_completes(api, photo_server):
    image_id = _card(api, photo_server.url("flaky.jpg"))
    photo_server.routes["flaky.jpg"] = photo_server.routes["broken.jpg"]
    assert _run(image_id).status == Job.Status.QUEUED
    photo_server.routes["flaky.jpg"] = photo_server.routes["player.jpg"]
    assert _run(image_id).status == Job.Status.COMPLETED


def test_a_page_that_is_not_an_image_fails_invalid_without_a_retry(api, account, photo_server):
    image_id = _card(api, photo_server.url("page.html"))
    _run(image_id)
    data = _assert_failed(api, account, image_id, "source_image_invalid")
    assert "JPEG" in data["failure"]["message"]
    assert _job(image_id).attempts == 1


def test_a_truncated_photo_fails_invalid(api, account, photo_server):
    image_id = _card(api, photo_server.url("truncated.jpg"))
    _run(image_id)
    _assert_failed(api, account, image_id, "source_image_invalid")


def test_a_photo_over_the_byte_cap_fails_invalid(api, account, photo_server, monkeypatch):
    from generation import limits

    monkeypatch.setattr(limits, "ASSET_MAX_BYTES", 10_000)
    image_id = _card(api, photo_server.url("player.jpg"))
    _run(image_id)
    _assert_failed(api, account, image_id, "source_image_invalid")


def test_a_redirect_loop_fails_unreachable(api, account, photo_server):
    image_id = _card(api, photo_server.url("loop.jpg"))
    _run(image_id)
    _assert_failed(api, account, image_id, "source_image_unreachable")


def test_a_url_that_turned_private_is_refused_at_fetch_time(api, account, photo_server, settings):
    image_id = _card(api, photo_server.url("player.jpg"))
    settings.ALLOW_PRIVATE_URLS = False  # as if its name had resolved to a public address when accepted
    _run(image_id)
    _assert_failed(api, account, image_id, "source_image_unreachable")
    assert photo_server.hits == [] and _job(image_id).attempts == 1  # refused before connecting; final


def test_a_redirect_to_a_private_address_is_refused(api, account, photo_server, settings, monkeypatch):
    image_id = _card(api, photo_server.url("inside.jpg"))
    photo_server.routes["inside.jpg"] = (302, b"", {"Location": "http://10.1.2.3/secret.jpg"})
    # This test's server stands for a public host; every other address keeps the policy.
    policy = http.address_is_public
    monkeypatch.setattr(http, "address_is_public", lambda address: str(address) == "127.0.0.1" or policy(address))

    class LoopbackIsPublic(http._PublicAddressAdapter):
        def __init__(self, **kwargs):
            super().__init__(**{**kwargs, "allow_loopback": True})

    monkeypatch.setattr(http, "_PublicAddressAdapter", LoopbackIsPublic)
    settings.ALLOW_PRIVATE_URLS = False
    _run(image_id)
    data = _assert_failed(api, account, image_id, "source_image_unreachable")
    assert "public address" in data["failure"]["message"]
    assert photo_server.hits == ["inside.jpg"]


def test_a_photo_without_a_person_fails_no_person_found(api, account, photo_server):
    image_id = _card(api, photo_server.url("wall.jpg"))
    _run(image_id)
    _assert_failed(api, account, image_id, "no_person_found")
    assert _job(image_id).attempts == 1


def test_a_test_key_card_is_free_and_watermarked(account, photo_server):
    live, test = client_for(account), client_for(account, mode="test")
    photo = photo_server.url("player.jpg")
    live_id, test_id = _card(live, photo, key="l"), _card(test, photo, key="t")
    assert _run(live_id).status == _run(test_id).status == Job.Status.COMPLETED
    assert fresh(account).credits_available == 24  # the live card only
    assert _job(test_id).credits_consumed == 0
    import numpy as np

    pictures = [np.asarray(image_from_response(client.get(media_path(
        client.get(f"/api/v1/images/{i}").json()["data"]["result"]["image_url"]))).convert("RGB"), dtype=int)
        for client, i in ((live, live_id), (test, test_id))]
    assert np.abs(pictures[0] - pictures[1]).mean() > 1  # the TEST watermark is drawn on the test card


def test_the_card_is_listed_with_the_jobs_and_in_usage(api, photo_server):
    image_id = _card(api, photo_server.url("player.jpg"))
    _run(image_id)
    jobs = api.get("/api/v1/jobs?type=player_card").json()
    assert jobs["total"] == 1 and jobs["jobs"][0]["jobId"] == str(_job(image_id).pk)
    assert jobs["jobs"][0]["images"][0]["width"] == 1080
    usage = api.get("/api/v1/usage").json()
    assert usage["imagesProduced"] == 1 and usage["consumed"] == 1 and usage["jobs"]["completed"] == 1


def test_a_canceled_card_is_failed_with_code_canceled(api, account, photo_server):
    image_id = _card(api, photo_server.url("player.jpg"))
    assert api.post(f"/api/v1/jobs/{_job(image_id).pk}/cancel").status_code == 200
    data = api.get(f"/api/v1/images/{image_id}").json()["data"]
    assert data["status"] == "failed" and data["failure"]["code"] == "canceled"
    assert fresh(account).credits_available == 25


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_card_while_the_client_polls(make_account, photo_server):
    account = make_account(credits=3)
    api = client_for(account)
    image_id = _card(api, photo_server.url("player.jpg"))
    cluster = start_cluster(ALLOW_PRIVATE_URLS="true")
    try:
        seen = set()

        def finished():
            data = api.get(f"/api/v1/images/{image_id}").json()["data"]
            seen.add((data["status"], data.get("progress") is None))
            return data if data["status"] != "processing" else None

        data = wait_for(finished, timeout=120, interval=0.1)
    finally:
        log = stop_cluster(cluster)
    assert data and data["status"] == "completed", (data, log[-2000:])
    assert data["result"]["image_url"].startswith("http://testserver/")
    assert job_state(_job(image_id).pk) == ("completed", 1)
    assert fresh(account).credits_available == 2 and fresh(account).credits_reserved == 0


def test_a_large_phone_photo_is_decoded_at_a_reduced_scale_for_the_card(photo_server):
    import io

    from generation import limits
    from generation.services_cards import card_photo_fetch
    from tests.cards.conftest import person_photo

    big = Image.open(io.BytesIO(person_photo())).resize((4032, 3024))
    out = io.BytesIO()
    big.save(out, "JPEG", quality=90)
    photo_server.routes["phone.jpg"] = (200, out.getvalue(), {"Content-Type": "image/jpeg"})
    photo = card_photo_fetch(url=photo_server.url("phone.jpg"))
    assert photo.mode == "RGB" and max(photo.size) == limits.CARD_PHOTO_MAX_SIDE
    assert photo.size == (1600, 1200)


def test_a_photo_turned_by_exif_is_upright_on_the_card(photo_server):
    import io

    from generation.services_cards import card_photo_fetch
    from tests.cards.conftest import person_photo

    upright = Image.open(io.BytesIO(person_photo()))
    sideways = upright.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to view": the camera was held sideways
    out = io.BytesIO()
    sideways.save(out, "JPEG", quality=92, exif=exif.tobytes())
    photo_server.routes["sideways.jpg"] = (200, out.getvalue(), {"Content-Type": "image/jpeg"})
    photo = card_photo_fetch(url=photo_server.url("sideways.jpg"))
    assert photo.size == upright.size
    import numpy as np

    difference = np.abs(np.asarray(photo, dtype=int) - np.asarray(upright.convert("RGB"), dtype=int)).mean()
    assert difference < 8  # the same picture, up to JPEG noise — not turned by 90° or 180°
