"""STORAGE=s3 against a real S3-compatible server (moto's, tests/s3.py): outputs,
assets and preset previews are stored in the bucket, served from it and swept in it;
nothing lands under MEDIA_ROOT (docs/deploy.md, "Media in object storage")."""
from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from config.env import ImproperEnv
from generation.models import Asset, Job, JobOutput, Preset
from generation.services import job_claim, job_files_dir, job_run
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate, image_from_response, run_job

pytestmark = pytest.mark.s3


def png_bytes(size=(64, 48), color=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def nothing_under(path) -> bool:
    return not path.exists() or not any(p.is_file() for p in path.rglob("*"))


@pytest.mark.django_db
def test_a_job_stores_its_images_in_the_bucket_and_hands_out_presigned_urls_that_load(
        api, account, s3_storage, s3_server, settings):
    job_id = generate(api, count=2).json()["jobId"]
    run_job(job_id)
    body = api.get(f"/api/v1/jobs/{job_id}").json()
    assert body["status"] == "completed"
    job = Job.objects.get(pk=job_id)
    keys = s3_server.keys(f"{s3_storage}/{job_files_dir(job)}")
    names = sorted(JobOutput.objects.filter(job_id=job_id).values_list("file", flat=True))
    assert keys == [f"{s3_storage}/{name}" for name in names] and len(keys) == 2
    for url, output in zip(body["result"]["images"], job.outputs.order_by("index")):
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == s3_server.endpoint_url
        query = parse_qs(parts.query)
        assert query["X-Amz-Expires"] == ["3600"] and "X-Amz-Signature" in query
        fetched = requests.get(url, timeout=10)
        assert fetched.status_code == 200
        assert Image.open(io.BytesIO(fetched.content)).size == (output.width, output.height)
    assert nothing_under(settings.MEDIA_ROOT)
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (23, 0)


@pytest.mark.django_db
def test_a_download_converts_the_image_read_back_from_the_bucket(api, s3_storage):
    job_id = generate(api, count=1).json()["jobId"]
    run_job(job_id)
    response = api.get(f"/api/v1/jobs/{job_id}/outputs/0/download?format=jpeg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert image_from_response(response).size == (1080, 1080)


@pytest.mark.django_db
def test_an_uploaded_asset_and_its_working_copy_live_in_the_bucket_until_deleted(api, s3_storage, s3_server,
                                                                                   settings):
    from generation.services_assets import asset_delete

    response = api.post("/api/v1/assets", {"file": SimpleUploadedFile("logo.png", png_bytes(), "image/png")},
                        format="multipart")
    assert response.status_code == 201, response.content[:300]
    asset = Asset.objects.get()
    assert s3_server.keys(f"{s3_storage}/assets") == [f"{s3_storage}/{asset.file.name}"]
    with default_storage.open(asset.file.name, "rb") as handle:
        assert Image.open(handle).size == (64, 48)
    asset_delete(asset=asset)
    assert s3_server.keys(f"{s3_storage}/assets") == []
    assert nothing_under(settings.MEDIA_ROOT)


@pytest.mark.django_db
def test_preset_previews_are_stored_in_the_bucket(s3_storage, s3_server, monkeypatch):
    from generation import services_presets

    monkeypatch.setattr(services_presets, "PRESET_STYLES", services_presets.PRESET_STYLES[:2])
    report = services_presets.preset_catalog_load()
    assert report.previews == 2
    keys = s3_server.keys(f"{s3_storage}/presets")
    assert keys == sorted(f"{s3_storage}/{p.preview.name}" for p in Preset.objects.all())
    url = Preset.objects.first().preview.url
    assert Image.open(io.BytesIO(requests.get(url, timeout=10).content)).format == "JPEG"


@pytest.mark.django_db
def test_a_rerun_after_a_killed_worker_removes_its_unrecorded_object_from_the_bucket(api, s3_storage, s3_server):
    job_id = generate(api, count=2).json()["jobId"]
    job, _ = job_claim(job_id=job_id)
    orphan = default_storage.save(f"{job_files_dir(job)}/0-deadbeef.png", ContentFile(b"half an image"))
    assert s3_server.keys(f"{s3_storage}/{job_files_dir(job)}") == [f"{s3_storage}/{orphan}"]
    Job.objects.filter(pk=job_id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    job = job_run(job_id=job_id)
    assert job.status == "completed" and job.attempts == 2
    recorded = sorted(f"{s3_storage}/{name}" for name in job.outputs.values_list("file", flat=True))
    assert s3_server.keys(f"{s3_storage}/{job_files_dir(job)}") == recorded and len(recorded) == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_cluster_renders_into_the_bucket(make_account, s3_storage, s3_server, settings):
    from tests.worker import start_cluster, stop_cluster, wait_for

    account = make_account(credits=5)
    client = client_for(account)
    job_id = generate(client, count=2).json()["jobId"]
    cluster = start_cluster()
    try:
        ended = wait_for(lambda: Job.objects.filter(pk=job_id, status="completed").exists(), timeout=90, interval=0.2)
    finally:
        log = stop_cluster(cluster)
    assert ended, log[-3000:]
    job = Job.objects.get(pk=job_id)
    assert len(s3_server.keys(f"{s3_storage}/{job_files_dir(job)}")) == 2
    assert nothing_under(settings.MEDIA_ROOT)
    call_command("ledger_check")


def test_a_public_base_url_gives_plain_urls_under_it_and_allows_its_origin(monkeypatch):
    from storages.backends.s3 import S3Storage

    from config.storage import media_storage_from_env

    environment = {"STORAGE": "s3", "S3_BUCKET": "media", "S3_PUBLIC_BASE_URL": "https://cdn.example.com/studio/",
                   "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "AWS_DEFAULT_REGION": "eu-west-1"}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    media = media_storage_from_env()
    assert media.image_origins == ["https://cdn.example.com"]
    url = S3Storage(**media.backend["OPTIONS"]).url("outputs/abc/0-1234.png")
    assert url == "https://cdn.example.com/studio/outputs/abc/0-1234.png"


def test_a_presigned_url_lasts_the_configured_ttl(monkeypatch, s3_server):
    from storages.backends.s3 import S3Storage

    from config.storage import media_storage_from_env
    from tests.s3 import s3_environment

    for name, value in s3_environment(s3_server, S3_URL_TTL="300").items():
        monkeypatch.setenv(name, value)
    media = media_storage_from_env()
    assert media.image_origins == [s3_server.endpoint_url]
    storage = S3Storage(**media.backend["OPTIONS"])
    name = storage.save("outputs/ttl/0-1.png", ContentFile(png_bytes()))
    query = parse_qs(urlsplit(storage.url(name)).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert requests.get(storage.url(name), timeout=10).status_code == 200


@pytest.mark.parametrize("missing, value, message", [
    ("S3_BUCKET", None, "S3_BUCKET is required"),
    ("S3_PUBLIC_BASE_URL", "cdn.example.com", r"must be an http\(s\)://"),
    ("S3_URL_TTL", "5", "S3_URL_TTL"),
])
def test_a_wrong_s3_setting_stops_start_up_naming_it(monkeypatch, missing, value, message):
    from config.storage import media_storage_from_env

    monkeypatch.setenv("STORAGE", "s3")
    monkeypatch.setenv("S3_BUCKET", "media")
    if value is None:
        monkeypatch.delenv(missing)
    else:
        monkeypatch.setenv(missing, value)
    with pytest.raises(ImproperEnv, match=message):
        media_storage_from_env()
