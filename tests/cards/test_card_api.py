"""POST /api/v1/images and GET /api/v1/images/{image_id}: the Pro Clubs-compatible
contract (README, Player cards API) — envelope, codes, idempotency, credits, scoping."""
from __future__ import annotations

import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from accounts.models import ApiKey
from generation.models import Asset, IdempotencyRecord, Job
from tests.cards.conftest import card_body, png_bytes, post_card
from tests.conftest import client_for, fresh

IMAGE_ID = re.compile(r"^img_[0-9a-f]{32}$")


@pytest.fixture
def photo_url(settings):
    settings.ALLOW_PRIVATE_URLS = True  # nothing is fetched at acceptance; the URL only has to be allowed
    return "http://127.0.0.1:9/player.jpg"


def test_a_card_is_accepted_with_202_and_the_data_envelope(api, account, photo_url):
    response = post_card(api, card_body(photo_url))
    assert response.status_code == 202, response.content
    data = response.json()["data"]
    assert set(data) == {"image_id", "status", "progress", "estimated_completion_at", "created_at"}
    assert IMAGE_ID.match(data["image_id"]) and data["status"] == "processing" and data["progress"] is None
    assert data["estimated_completion_at"] > data["created_at"]
    assert response["Location"].endswith(f"/api/v1/images/{data['image_id']}")
    job = Job.objects.get(pk=uuid.UUID(hex=data["image_id"][4:]))
    assert job.type == Job.Type.PLAYER_CARD and job.status == Job.Status.QUEUED and job.requested == 1
    assert job.request["player"]["skill_level"] == 87 and job.request["style"] == {"preset": "pro_clubs_card"}
    assert fresh(account).credits_reserved == 1 and fresh(account).credits_available == 24


def test_the_image_id_is_the_jobs_id_in_hex(api, photo_url):
    image_id = post_card(api, card_body(photo_url)).json()["data"]["image_id"]
    job = api.get(f"/api/v1/jobs/{uuid.UUID(hex=image_id[4:])}").json()
    assert job["type"] == "player_card" and job["status"] == "queued"


def test_the_idempotency_key_is_required(api, account, photo_url):
    response = post_card(api, card_body(photo_url), key=None)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "IDEMPOTENCY_KEY_REQUIRED"
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_a_malformed_idempotency_key_is_refused_in_upper_case(api, photo_url):
    response = post_card(api, card_body(photo_url), key="k" * 256)
    assert response.status_code == 400 and response.json()["code"] == "IDEMPOTENCY_KEY_INVALID"


def test_the_same_key_and_payload_replay_the_original_202(api, account, photo_url):
    first = post_card(api, card_body(photo_url), key="same")
    again = post_card(api, card_body(photo_url), key="same")
    assert again.status_code == 202 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Job.objects.count() == 1 and fresh(account).credits_reserved == 1


def test_the_same_key_with_another_payload_is_409(api, account, photo_url):
    post_card(api, card_body(photo_url), key="same")
    response = post_card(api, card_body(photo_url, skill_level=50), key="same")
    assert response.status_code == 409
    assert response.json()["code"] == "IDEMPOTENCY_KEY_REUSED_WITH_DIFFERENT_PAYLOAD"
    assert Job.objects.count() == 1 and fresh(account).credits_reserved == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_make_one_job_and_one_reservation(make_account, settings):
    settings.ALLOW_PRIVATE_URLS = True
    account = make_account(credits=10)
    client = client_for(account)
    body = card_body("http://127.0.0.1:9/player.jpg")
    answers, barrier = [], threading.Barrier(8)

    def send():
        try:
            barrier.wait()
            answers.append(post_card(client, body, key="together"))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = [a for a in answers if a.status_code == 202]
    assert accepted and all(a.status_code in (202, 409) for a in answers), [a.status_code for a in answers]
    assert len({a.json()["data"]["image_id"] for a in accepted}) == 1
    assert Job.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
    assert fresh(account).credits_reserved == 1


@pytest.mark.parametrize("player, field", [
    ({"name": ""}, "player.name"),
    ({"name": "N" * 61}, "player.name"),
    ({"position": "QB"}, "player.position"),
    ({"number": 0}, "player.number"),
    ({"number": "nine"}, "player.number"),
    ({"number": 100}, "player.number"),
    ({"skill_level": 120}, "player.skill_level"),
    ({"skill_level": "high"}, "player.skill_level"),
    ({"source_image_url": "ftp://example.com/p.jpg"}, "player.source_image_url"),
    ({"source_image_url": None}, "player.source_image_url"),
    ({"source_image_asset_id": "not-a-uuid"}, "player.source_image_asset_id"),
])
def test_bad_fields_are_a_validation_error_naming_the_field(api, account, photo_url, player, field):
    body = card_body(photo_url)
    body["player"].update(player)
    if "source_image_asset_id" in player:
        body["player"].pop("source_image_url")
    response = post_card(api, body)
    assert response.status_code == 400, response.content
    problem = response.json()
    assert problem["code"] == "VALIDATION_ERROR" and field in problem["errors"], problem
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


@pytest.mark.parametrize("name, says", [
    ("Alex 🔥 Rivera", "“🔥”"),
    ("محمد 本田", "one script"),
])
def test_a_name_the_card_fonts_cannot_draw_is_refused_with_what_to_change(api, account, photo_url, name, says):
    body = card_body(photo_url)
    body["player"]["name"] = name
    response = post_card(api, body)
    assert response.status_code == 400, response.content
    problem = response.json()
    assert problem["code"] == "VALIDATION_ERROR" and says in " ".join(problem["errors"]["player.name"]), problem
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


@pytest.mark.parametrize("name", ["Alex Rivera", "محمد صلاح", "本田 圭佑", "Андрей Аршавин", "Γιώργος Καραγκούνης",
                                  "Maximilian Oberhausen-Schwarzenegger"])
def test_names_in_the_scripts_the_cards_letter_are_accepted(api, photo_url, name):
    body = card_body(photo_url)
    body["player"]["name"] = name
    assert post_card(api, body).status_code == 202


def test_an_unknown_design_is_a_validation_error(api, photo_url):
    body = card_body(photo_url)
    body["style"] = {"preset": "no_such_design"}
    problem = post_card(api, body).json()
    assert problem["code"] == "VALIDATION_ERROR" and "style.preset" in problem["errors"]


def test_a_wrong_type_is_a_validation_error(api, photo_url):
    problem = post_card(api, {**card_body(photo_url), "type": "creative"}).json()
    assert problem["code"] == "VALIDATION_ERROR" and "type" in problem["errors"]


def test_a_body_that_is_not_json_is_a_validation_error(api):
    response = api.post("/api/v1/images", data="{not json", content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 400 and response.json()["code"] == "VALIDATION_ERROR"


def test_a_loopback_photo_url_is_refused_without_allow_private_urls(api, account, settings):
    settings.ALLOW_PRIVATE_URLS = False
    for url in ("http://127.0.0.1:8822/p.jpg", "http://localhost/p.jpg", "http://169.254.169.254/latest",
                "http://10.0.0.7/p.jpg", "http://[::1]/p.jpg"):
        response = post_card(api, card_body(url), key=url)
        assert response.status_code == 400, url
        assert response.json()["code"] == "VALIDATION_ERROR"
        assert "player.source_image_url" in response.json()["errors"]
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0


def test_a_refused_request_is_not_stored_so_the_key_works_once_fixed(api, photo_url):
    assert post_card(api, card_body(photo_url, number=0), key="fix-me").status_code == 400
    assert post_card(api, card_body(photo_url), key="fix-me").status_code == 202


def test_without_enough_credits_it_is_402_and_nothing_is_created(make_account, photo_url):
    account = make_account(credits=0)
    response = post_card(client_for(account), card_body(photo_url))
    assert response.status_code == 402 and response.json()["code"] == "INSUFFICIENT_CREDITS"
    assert not Job.objects.exists() and not IdempotencyRecord.objects.exists()


def test_a_missing_key_is_401_in_upper_case(photo_url, db):
    response = Client().post("/api/v1/images", card_body(photo_url), content_type="application/json",
                             HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 401 and response.json()["code"] == "AUTHENTICATION_FAILED"


def test_x_api_key_works_as_well_as_bearer(account, photo_url):
    secret = client_for(account).api_key_secret
    response = Client().post("/api/v1/images", card_body(photo_url), content_type="application/json",
                             HTTP_IDEMPOTENCY_KEY="k", HTTP_X_API_KEY=secret)
    assert response.status_code == 202


def test_the_active_cap_applies_to_cards(api, photo_url, settings):
    settings.ACCOUNT_ACTIVE_JOBS_MAX = 2
    assert post_card(api, card_body(photo_url), key="a").status_code == 202
    assert post_card(api, card_body(photo_url), key="b").status_code == 202
    response = post_card(api, card_body(photo_url), key="c")
    assert response.status_code == 429 and response.json()["code"] == "TOO_MANY_ACTIVE_JOBS"
    assert response["Retry-After"]


def test_an_asset_photo_is_accepted_and_another_accounts_asset_is_not(api, make_account, photo_url):
    asset_id = api.post("/api/v1/assets", {"file": _upload()}, format="multipart").json()["assetId"]
    body = card_body()
    body["player"]["source_image_asset_id"] = asset_id
    assert post_card(api, body, key="mine").status_code == 202
    other = client_for(make_account())
    theirs = other.post("/api/v1/assets", {"file": _upload()}, format="multipart").json()["assetId"]
    body["player"]["source_image_asset_id"] = theirs
    response = post_card(api, body, key="theirs")
    assert response.status_code == 400 and "player.source_image_asset_id" in response.json()["errors"]
    assert Asset.objects.count() == 2


def test_url_and_asset_together_are_refused(api, photo_url):
    body = card_body(photo_url)
    body["player"]["source_image_asset_id"] = str(uuid.uuid4())
    problem = post_card(api, body).json()
    assert problem["code"] == "VALIDATION_ERROR" and "player.source_image_url" in problem["errors"]


def test_another_accounts_image_is_404(api, make_account, photo_url):
    image_id = post_card(api, card_body(photo_url)).json()["data"]["image_id"]
    other = client_for(make_account())
    response = other.get(f"/api/v1/images/{image_id}")
    assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"
    assert api.get(f"/api/v1/images/{image_id}").status_code == 200


@pytest.mark.parametrize("image_id", ["img_nothex", "img_" + "0" * 32, "12345", "img_"])
def test_unknown_image_ids_are_404(api, image_id):
    response = api.get(f"/api/v1/images/{image_id}")
    assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"


def test_a_job_of_another_type_is_not_an_image(api):
    job_id = api.post("/api/v1/generate", {"claim": "Hello"}, format="json").json()["jobId"]
    assert api.get(f"/api/v1/images/img_{uuid.UUID(job_id).hex}").status_code == 404


def test_a_queued_card_is_processing_with_null_progress(api, photo_url):
    image_id = post_card(api, card_body(photo_url)).json()["data"]["image_id"]
    data = api.get(f"/api/v1/images/{image_id}").json()["data"]
    assert data["status"] == "processing" and data["progress"] is None
    assert data["estimated_completion_at"] and "result" not in data and "failure" not in data
    assert data["player"] == {"external_id": "pc-1042", "name": "Alex Morgan"}


def test_a_test_key_reserves_nothing_and_sees_only_test_images(account, api, photo_url):
    test_client = client_for(account, mode=ApiKey.Mode.TEST)
    image_id = post_card(test_client, card_body(photo_url)).json()["data"]["image_id"]
    assert Job.objects.get().mode == Job.Mode.TEST and fresh(account).credits_reserved == 0
    assert test_client.get(f"/api/v1/images/{image_id}").json()["data"]["mode"] == "test"
    assert api.get(f"/api/v1/images/{image_id}").status_code == 404


def test_idempotency_keys_are_scoped_per_mode(account, api, photo_url):
    test_client = client_for(account, mode=ApiKey.Mode.TEST)
    live = post_card(api, card_body(photo_url), key="shared").json()["data"]["image_id"]
    test = post_card(test_client, card_body(photo_url), key="shared").json()["data"]["image_id"]
    assert live != test


def test_the_presets_list_the_designs_with_preview_images(api):
    designs = api.get("/api/v1/images/presets").json()["data"]
    assert len(designs) >= 4 and designs[0]["id"] == "pro_clubs_card" and designs[0]["default"] is True
    for design in designs:
        assert design["name"] and design["description"]
        preview = api.get(design["preview_url"].replace("http://testserver", ""))
        assert preview.status_code == 200
    # Rendered once: the second listing reuses the files.
    from generation.services_cards import card_preset_previews_render
    assert card_preset_previews_render() == 0


def test_the_openapi_schema_describes_the_image_endpoints(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {"/api/v1/images", "/api/v1/images/{image_id}", "/api/v1/images/presets"} <= set(schema["paths"])
    create = schema["paths"]["/api/v1/images"]["post"]
    assert "202" in create["responses"] and any(p["name"] == "Idempotency-Key" and p["required"]
                                                 for p in create["parameters"])


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("player.png", png_bytes())


def test_the_shirt_number_may_be_left_out(api, photo_url):
    body = card_body(photo_url)
    del body["player"]["number"]
    response = post_card(api, body)
    assert response.status_code == 202, response.content
    assert Job.objects.get().request["player"]["number"] is None


def test_the_default_design_is_used_when_style_is_left_out(api, photo_url):
    body = card_body(photo_url)
    del body["style"]
    assert post_card(api, body).status_code == 202
    assert Job.objects.get().request["style"] == {"preset": "pro_clubs_card"}


def test_a_position_in_lower_case_is_accepted(api, photo_url):
    assert post_card(api, card_body(photo_url, position="cam")).status_code == 202
    assert Job.objects.get().request["player"]["position"] == "CAM"


def test_a_private_webhook_url_is_refused_on_the_snake_case_field(api, account, settings):
    settings.ALLOW_PRIVATE_URLS = False
    body = {**card_body("https://93.184.215.14/player.jpg"), "webhook_url": "http://127.0.0.1/hooks"}
    problem = post_card(api, body).json()
    assert problem["code"] == "VALIDATION_ERROR" and "webhook_url" in problem["errors"], problem
    assert not Job.objects.exists() and fresh(account).credits_reserved == 0
