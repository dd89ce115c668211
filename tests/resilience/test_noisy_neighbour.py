"""One account — even a free test key — cannot stall everyone else: uploads are
bounded before they are decoded and logos are drawn from a small working copy; an
account's active work is capped (429 `too_many_active_jobs`); workers take jobs in
fair order (live before test, accounts in turn) and a running backlog job gives way
to a new job of another account between two images."""
from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_q.brokers import get_broker
from PIL import Image

from accounts.models import ApiKey
from billing.models import LedgerEntry
from billing.services import ledger_mismatches
from generation.models import Asset, IdempotencyRecord, Job, JobOutput
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate, run_job
from tests.resilience.test_hostile_input import thin_png
from tests.resilience.test_races import race


def upload(client, data: bytes, name: str):
    return client.post("/api/v1/assets", {"file": SimpleUploadedFile(name, data)}, format="multipart")


def photo_jpeg(width: int, height: int, **save) -> bytes:
    """A smooth photo-like JPEG (a few hundred KB even at 24 MP)."""
    x = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    rgb = np.stack([np.broadcast_to(x, (height, width)), np.broadcast_to(y, (height, width)),
                    np.broadcast_to((x + y) / 2, (height, width))], axis=2).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(out, "JPEG", quality=85, **save)
    return out.getvalue()


def logo_png(width: int, height: int) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((20, 90, 200, 255), (0, 0, width // 2, height))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def stored_size(name: str) -> tuple[int, int]:
    with default_storage.open(name, "rb") as handle:
        return Image.open(handle).size


# --- Uploads ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_40_megapixel_strip_is_refused_at_upload_and_nothing_is_stored(api):
    response = upload(api, thin_png(40_000_000, 1), "strip.png")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "validation_error"
    assert not Asset.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "assets").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [(4000, 3000), (4032, 3024)])
def test_a_12_megapixel_product_photo_is_accepted_and_kept_at_full_size(api, size):
    response = upload(api, photo_jpeg(*size), "product.jpg")
    assert response.status_code == 201, response.content[:300]
    body = response.json()
    assert (body["width"], body["height"]) == size
    asset = Asset.objects.get(pk=body["assetId"])
    assert stored_size(asset.file.name) == size  # the original, for cut-outs at the upload's size
    assert max(stored_size(asset.working_file.name)) == 1024


@pytest.mark.django_db
def test_a_24_megapixel_portrait_phone_photo_is_accepted_upright(api):
    # Stored 5712 wide with EXIF orientation 6 (rotate 90°): the asset is 4284×5712.
    exif = Image.Exif()
    exif[0x0112] = 6
    response = upload(api, photo_jpeg(5712, 4284, exif=exif.tobytes()), "phone.jpg")
    assert response.status_code == 201, response.content[:300]
    assert (response.json()["width"], response.json()["height"]) == (4284, 5712)


@pytest.mark.django_db
def test_a_large_logo_is_stored_with_a_working_copy_of_at_most_1024_px(api):
    body = upload(api, logo_png(3000, 1000), "logo.png").json()
    asset = Asset.objects.get(pk=body["assetId"])
    assert stored_size(asset.file.name) == (3000, 1000)
    assert stored_size(asset.working_file.name) == (1024, 341)
    small = Asset.objects.get(pk=upload(api, logo_png(400, 100), "small.png").json()["assetId"])
    assert small.working_file.name == small.file.name  # small enough to be its own working copy


@pytest.mark.django_db
def test_a_creative_draws_its_logo_from_the_working_copy_never_the_original(api):
    asset_id = upload(api, logo_png(3000, 1000), "logo.png").json()["assetId"]
    asset = Asset.objects.get(pk=asset_id)
    default_storage.delete(asset.file.name)  # only the working copy is left to draw from
    job_id = generate(api, formats=["F1", "F8"], brand={"logoAssetId": asset_id}).json()["jobId"]
    job = run_job(job_id)
    assert job.status == "completed", job.error_message
    with default_storage.open(job.outputs.get(index=0).file.name, "rb") as handle:
        rendered = np.asarray(Image.open(handle).convert("RGB"))
    # The logo's blue half is on the creative.
    assert ((abs(rendered[..., 0].astype(int) - 20) < 25) & (abs(rendered[..., 2].astype(int) - 200) < 25)).sum() > 500


@pytest.mark.django_db
def test_a_logo_stored_before_working_copies_that_breaks_todays_limits_fails_the_job_at_once(api, account):
    from django.core.files.base import ContentFile

    asset = Asset(account=account, content_type="image/png", width=40_000_000, height=1, byte_size=1, sha256="x")
    asset.file.save("assets/legacy-strip.png", ContentFile(thin_png(40_000_000, 1)), save=False)
    asset.save()
    job_id = generate(api, count=10, brand={"logoAssetId": str(asset.pk)}).json()["jobId"]
    started = time.monotonic()
    job = run_job(job_id)
    assert time.monotonic() - started < 10
    assert (job.status, job.error_code, job.attempts) == ("failed", "asset_too_large", 1)
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (25, 0)


# --- The cap on active work ----------------------------------------------------------------

def _active(account) -> tuple[int, int]:
    from generation.models import AccountWorkload

    row = AccountWorkload.objects.filter(pk=account.pk).values_list("active_jobs", "active_images").first()
    return row or (0, 0)


@pytest.mark.django_db
def test_a_free_test_key_gets_429_with_retry_after_beyond_20_active_jobs_and_nothing_is_created(make_account):
    account = make_account(credits=0)
    client = client_for(account, mode=ApiKey.Mode.TEST)
    for _ in range(20):
        assert generate(client, count=1).status_code == 202
    response = client.post("/api/v1/generate", {"claim": "One more", "count": 1}, format="json",
                           HTTP_IDEMPOTENCY_KEY="one-more")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "too_many_active_jobs"
    assert int(response["Retry-After"]) > 0
    assert Job.objects.filter(account=account).count() == 20
    assert not IdempotencyRecord.objects.filter(key="one-more").exists()  # a 4xx is not stored
    assert _active(account) == (20, 20)


@pytest.mark.django_db
def test_a_live_key_is_capped_by_images_too_and_the_429_reserves_nothing(make_account, settings):
    settings.ACCOUNT_ACTIVE_IMAGES_MAX = 25
    account = make_account(credits=100)
    client = client_for(account)
    assert generate(client, count=10).status_code == 202
    assert generate(client, count=10).status_code == 202
    refused = generate(client, count=10)
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_active_jobs"
    assert "25 images" in refused.json()["detail"]
    assert generate(client, count=5).status_code == 202  # what still fits is accepted
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (75, 25)
    assert LedgerEntry.objects.filter(account=account, kind="reserve").count() == 3
    assert ledger_mismatches() == []


@pytest.mark.django_db
def test_room_comes_back_when_jobs_end_or_are_canceled(make_account, settings):
    settings.ACCOUNT_ACTIVE_JOBS_MAX = 2
    account = make_account(credits=0)
    client = client_for(account, mode=ApiKey.Mode.TEST)
    first, second = (generate(client, count=2).json()["jobId"] for _ in range(2))
    assert generate(client).status_code == 429
    assert run_job(first).status == "completed"
    third = generate(client)
    assert third.status_code == 202
    assert generate(client).status_code == 429
    assert client.post(f"/api/v1/jobs/{second}/cancel").status_code == 200
    assert generate(client).status_code == 202
    assert _active(account) == (2, 2)
    client.post(f"/api/v1/jobs/{third.json()['jobId']}/cancel")
    assert _active(account) == (1, 1)


@pytest.mark.django_db
def test_the_reaper_gives_back_the_places_of_jobs_deleted_while_active(make_account, settings):
    from generation.services import job_reap

    settings.ACCOUNT_ACTIVE_JOBS_MAX = 2
    account = make_account(credits=0)
    client = client_for(account, mode=ApiKey.Mode.TEST)
    kept, deleted = (generate(client, count=3).json()["jobId"] for _ in range(2))
    Job.objects.filter(pk=deleted).delete()  # as an admin could, while it was queued
    assert generate(client).status_code == 429
    assert job_reap().recounted == 1
    assert _active(account) == (1, 3)
    assert generate(client).status_code == 202
    assert job_reap().recounted == 0  # counts that agree are left alone


@pytest.mark.django_db
def test_the_cap_is_per_account(make_account, settings):
    settings.ACCOUNT_ACTIVE_JOBS_MAX = 1
    noisy, quiet = make_account(credits=0), make_account(credits=5)
    noisy_client = client_for(noisy, mode=ApiKey.Mode.TEST)
    assert generate(noisy_client).status_code == 202
    assert generate(noisy_client).status_code == 429
    assert generate(client_for(quiet)).status_code == 202


@pytest.mark.django_db(transaction=True)
def test_the_cap_holds_under_40_concurrent_requests(make_account):
    """Runs on SQLite and, with DATABASE_URL=postgres://…, on PostgreSQL, where the
    requests really interleave."""
    account = make_account(credits=0)
    clients = [client_for(account, mode=ApiKey.Mode.TEST) for _ in range(4)]
    responses = race([
        (lambda c=clients[i % 4]: c.post("/api/v1/generate", {"claim": "Race", "count": 1}, format="json"))
        for i in range(40)
    ])
    statuses = sorted(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == [202] * 20 + [429] * 20
    assert Job.objects.filter(account=account).count() == 20
    assert _active(account) == (20, 20)


@pytest.mark.django_db(transaction=True)
def test_first_jobs_of_a_new_account_racing_create_one_counter_row(make_account, settings):
    settings.ACCOUNT_ACTIVE_JOBS_MAX = 3
    account = make_account(credits=10)
    client = client_for(account)
    responses = race([lambda: generate(client) for _ in range(8)])
    assert sorted(r.status_code for r in responses) == [202] * 3 + [429] * 5
    assert _active(account) == (3, 3)
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (7, 3)
    assert ledger_mismatches() == []


# --- Fair order -----------------------------------------------------------------------------

def backlog(account, *, jobs: int, images: int) -> list[str]:
    client = client_for(account, mode=ApiKey.Mode.TEST)
    return [generate(client, count=images).json()["jobId"] for _ in range(jobs)]


def drain() -> list[str]:
    """Runs jobs as workers do (one per queue message) until none is left; returns
    the id of each job as it ended."""
    from generation.services import job_run_next

    ended = []
    while (job := job_run_next()) is not None:
        ended.append(str(job.pk))
    return ended


@pytest.mark.django_db
def test_a_live_job_runs_before_a_test_backlog_of_60_images(make_account):
    noisy, other = make_account(credits=0), make_account(credits=5)
    noisy_jobs = backlog(noisy, jobs=6, images=10)
    live = generate(client_for(other), count=1).json()["jobId"]
    assert drain() == [live] + noisy_jobs  # the backlog keeps its own order
    assert JobOutput.objects.filter(status="succeeded").count() == 61
    assert ledger_mismatches() == []


@pytest.mark.django_db
def test_test_jobs_never_go_ahead_of_live_ones_even_from_an_idle_account(make_account):
    busy_live, idle = make_account(credits=20), make_account(credits=0)
    live_jobs = [generate(client_for(busy_live), count=1).json()["jobId"] for _ in range(3)]
    test_job = generate(client_for(idle, mode=ApiKey.Mode.TEST), count=1).json()["jobId"]
    assert drain() == live_jobs + [test_job]


@pytest.mark.django_db
def test_accounts_with_backlogs_take_turns_job_by_job(make_account):
    a, b, c = make_account(credits=0), make_account(credits=0), make_account(credits=0)
    a_jobs = backlog(a, jobs=3, images=2)
    b_jobs = backlog(b, jobs=3, images=2)
    c_jobs = backlog(c, jobs=1, images=2)
    assert drain() == [a_jobs[0], b_jobs[0], c_jobs[0], a_jobs[1], b_jobs[1], a_jobs[2], b_jobs[2]]


@pytest.mark.django_db
def test_an_account_with_a_job_processing_waits_behind_one_without(make_account):
    from generation.services import job_claim, job_claim_next

    a, b = make_account(credits=0), make_account(credits=0)
    a_jobs = backlog(a, jobs=3, images=1)
    b_job = backlog(b, jobs=1, images=1)[0]
    job_claim(job_id=a_jobs[0])  # a worker is on one of A's jobs (and B was never served)
    claimed, _ = job_claim_next()
    assert str(claimed.pk) == b_job


def _claim_then_submit(victim_client, *, count=1):
    """A worker takes the next job; then, while it renders, another job arrives."""
    from generation.services import job_claim_next

    job, token = job_claim_next()
    claimed_at = timezone.now()
    victim = generate(victim_client, count=count).json()["jobId"]
    return job, token, claimed_at, victim


@pytest.mark.django_db
def test_a_running_backlog_job_gives_way_between_two_images_to_a_new_job_of_another_account(
        make_account, django_capture_on_commit_callbacks):
    from generation.services import _job_work, job_run_next

    noisy, other = make_account(credits=0), make_account(credits=0)
    first = backlog(noisy, jobs=6, images=10)[0]
    job, token, claimed_at, victim = _claim_then_submit(client_for(other, mode=ApiKey.Mode.TEST))
    assert str(job.pk) == first
    broker = get_broker()  # the ORM broker's table, or Redis's list with Q_BROKER=redis://…
    messages = broker.queue_size()
    with django_capture_on_commit_callbacks(execute=True):
        assert _job_work(job, token, claimed_at=claimed_at) is None  # gave way
    given_back = Job.objects.get(pk=first)
    assert (given_back.status, given_back.produced, given_back.attempts) == ("queued", 1, 0)
    assert broker.queue_size() == messages + 1  # its own wake-up, for when it resumes
    assert str(job_run_next().pk) == victim
    resumed = job_run_next()
    assert str(resumed.pk) == first and resumed.status == "completed"
    assert resumed.attempts == 1
    files = list(JobOutput.objects.filter(job_id=first).values_list("file", flat=True))
    assert len(set(files)) == 10 and all(files)  # each image once, none lost


@pytest.mark.django_db
def test_a_test_job_gives_way_to_any_live_job(make_account):
    from generation.services import _job_work

    noisy = make_account(credits=5)
    first = backlog(noisy, jobs=1, images=5)[0]
    job, token, claimed_at, live = _claim_then_submit(client_for(noisy))  # same account, live key
    assert _job_work(job, token, claimed_at=claimed_at) is None
    assert Job.objects.get(pk=first).status == "queued"
    assert drain() == [live, first]


@pytest.mark.django_db
def test_a_running_job_does_not_give_way_to_backlogs_that_were_already_waiting(make_account):
    from generation.services import _job_work, job_claim_next

    a, b = make_account(credits=0), make_account(credits=0)
    a_first = backlog(a, jobs=2, images=4)[0]
    backlog(b, jobs=2, images=4)
    job, token = job_claim_next()
    assert str(job.pk) == a_first
    finished = _job_work(job, token, claimed_at=timezone.now())
    assert finished is not None and finished.status == "completed"  # no switching after every image


@pytest.mark.django_db
def test_a_job_run_by_id_never_gives_way(make_account):
    noisy, other = make_account(credits=0), make_account(credits=5)
    first = backlog(noisy, jobs=1, images=3)[0]
    generate(client_for(other), count=1)
    assert run_job(first).status == "completed"


# --- Through a real cluster ------------------------------------------------------------------

@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_with_one_worker_a_new_live_job_finishes_while_a_60_image_test_backlog_still_waits(make_account):
    """Counts images, not seconds: from the moment the live job is submitted until it
    is seen completed, the single worker renders at most the image it was on (plus
    one while this test polls), not the rest of the backlog. With Q_BROKER=redis://…
    in the environment, the cluster and this test both use Redis."""
    from tests.worker import start_cluster, stop_cluster

    noisy, other = make_account(credits=0), make_account(credits=5)
    noisy_jobs = backlog(noisy, jobs=6, images=10)
    cluster = start_cluster(Q_WORKERS="1", Q_BROKER=settings.Q_BROKER)

    def noisy_produced() -> int:
        return JobOutput.objects.filter(job_id__in=noisy_jobs, status="succeeded").count()

    try:
        deadline = time.monotonic() + 90
        while noisy_produced() < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        client = client_for(other)
        at_submit = noisy_produced()
        live = generate(client, count=1).json()["jobId"]
        while Job.objects.values_list("status", flat=True).get(pk=live) != "completed":
            assert time.monotonic() < deadline, "the live job did not finish"
            time.sleep(0.02)
        at_done = noisy_produced()
        for job_id in noisy_jobs:
            client_for(noisy, mode=ApiKey.Mode.TEST).post(f"/api/v1/jobs/{job_id}/cancel")
    finally:
        log = stop_cluster(cluster)
    assert 2 <= at_submit < 30, log[-2000:]
    assert at_done - at_submit <= 3, (at_submit, at_done, log[-2000:])
    assert (fresh(other).credits_available, fresh(other).credits_reserved) == (4, 0)
    assert ledger_mismatches() == []
