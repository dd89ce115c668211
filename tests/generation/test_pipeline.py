from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from billing.models import LedgerEntry
from generation.models import Job, JobOutput
from generation.services import job_claim, job_reap, job_run
from tests.conftest import fresh
from tests.generation.helpers import LONG_CLAIM, generate, image_from_response, media_path, run_job


def test_job_completes_with_images_at_their_exact_pixel_sizes(api, account):
    job_id = generate(api, claim="Best protein supplements", language="EN", count=3).json()["jobId"]
    run_job(job_id)
    body = api.get(f"/api/v1/jobs/{job_id}").json()
    assert body["status"] == "completed"
    assert body["progress"] is None
    assert body["creditsConsumed"] == 3
    assert body["result"]["formats"] == ["F1", "F4", "F10"]
    assert body["result"]["produced"] == 3 and body["result"]["failed"] == 0
    sizes = []
    for output, url in zip(body["result"]["outputs"], body["result"]["images"]):
        assert output["url"] == url and url.startswith("http://testserver/media/outputs/")
        image = image_from_response(api.get(media_path(url)))
        sizes.append(image.size)
        assert (output["width"], output["height"]) == image.size
        assert output["contentType"] == "image/png"
    assert sizes == [(1080, 1080), (1200, 628), (160, 600)]
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (22, 0)


def test_image_urls_work_without_an_api_key(api):
    from rest_framework.test import APIClient

    job_id = generate(api, count=1).json()["jobId"]
    run_job(job_id)
    url = api.get(f"/api/v1/jobs/{job_id}").json()["result"]["images"][0]
    assert APIClient().get(media_path(url)).status_code == 200


def test_test_key_moves_no_credits_and_watermarks_its_images(api, test_api, account):
    live_id = generate(api, count=1).json()["jobId"]
    test_id = generate(test_api, count=1).json()["jobId"]
    assert fresh(account).credits_reserved == 1  # the live job only
    run_job(live_id)
    run_job(test_id)
    test_job = test_api.get(f"/api/v1/jobs/{test_id}").json()
    assert test_job["mode"] == "test" and test_job["status"] == "completed" and test_job["creditsConsumed"] == 0
    assert not LedgerEntry.objects.filter(job_id=test_id).exists()
    live_job = api.get(f"/api/v1/jobs/{live_id}").json()
    live_image = image_from_response(api.get(media_path(live_job["result"]["images"][0])))
    test_image = image_from_response(test_api.get(media_path(test_job["result"]["images"][0])))
    difference = np.abs(np.asarray(live_image.convert("RGB"), dtype=int)
                        - np.asarray(test_image.convert("RGB"), dtype=int))
    assert (difference.sum(axis=2) > 30).mean() > 0.02  # the watermark covers a visible share of the image
    assert fresh(account).credits_available == 24


def test_partial_job_charges_produced_images_and_releases_the_rest(api, account):
    job_id = generate(api, claim=LONG_CLAIM, formats=["F1", "F12"]).json()["jobId"]
    job = run_job(job_id)
    body = api.get(f"/api/v1/jobs/{job_id}").json()
    assert body["status"] == "partial"
    assert body["result"]["produced"] == 1
    assert body["result"]["failures"] == [
        {"index": 1, "format": "F12", "code": "text_does_not_fit", "message": body["result"]["failures"][0]["message"]}
    ]
    assert body["creditsConsumed"] == 1 and job.credits_consumed == 1
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (24, 0)


def test_failed_job_releases_every_credit_and_says_why(api, account):
    job_id = generate(api, claim=LONG_CLAIM, formats=["F12", "F12"]).json()["jobId"]
    run_job(job_id)
    body = api.get(f"/api/v1/jobs/{job_id}").json()
    assert body["status"] == "failed"
    assert body["error"]["code"] == "text_does_not_fit"
    assert body["failedAt"]
    assert body["creditsConsumed"] == 0
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (25, 0)


def test_cancel_releases_reserved_credits_and_a_second_cancel_is_409(api, account):
    job_id = generate(api, count=3).json()["jobId"]
    response = api.post(f"/api/v1/jobs/{job_id}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "canceled"
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (25, 0)
    again = api.post(f"/api/v1/jobs/{job_id}/cancel")
    assert again.status_code == 409 and again.json()["code"] == "job_not_cancelable"
    assert job_run(job_id=job_id) is None  # a late worker finds nothing to do
    assert JobOutput.objects.filter(job_id=job_id, status=JobOutput.Status.SUCCEEDED).count() == 0


def test_cancel_mid_job_charges_only_what_was_produced(api, account):
    job_id = generate(api, count=3).json()["jobId"]
    job, token = job_claim(job_id=job_id)
    from generation.renderers import renderer_for
    from generation.services import _output_store_result

    renderer = renderer_for(job.type)
    context = renderer.prepare(job=job)
    first = job.outputs.get(index=0)
    _output_store_result(job, token, first, rendered=renderer.render(job=job, output=first, context=context))
    assert api.post(f"/api/v1/jobs/{job_id}/cancel").json()["creditsConsumed"] == 1
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (24, 0)


def test_running_a_job_twice_renders_each_output_once(api):
    job_id = generate(api, count=2).json()["jobId"]
    assert job_run(job_id=job_id).status == "completed"
    files = list(JobOutput.objects.filter(job_id=job_id).values_list("file", flat=True))
    assert job_run(job_id=job_id) is None
    assert list(JobOutput.objects.filter(job_id=job_id).values_list("file", flat=True)) == files
    assert LedgerEntry.objects.filter(job_id=job_id, kind="capture").count() == 1


def test_a_worker_that_lost_its_lease_cannot_finish_the_job(api):
    from generation.services import LeaseLost, _output_store_result
    from generation.renderers import renderer_for

    job_id = generate(api, count=1).json()["jobId"]
    job, stale_token = job_claim(job_id=job_id)
    Job.objects.filter(pk=job_id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    new_job, new_token = job_claim(job_id=job_id)
    assert new_token != stale_token and new_job.attempts == 2
    renderer = renderer_for(job.type)
    output = job.outputs.get(index=0)
    rendered = renderer.render(job=job, output=output, context=renderer.prepare(job=job))
    with pytest.raises(LeaseLost):
        _output_store_result(job, stale_token, output, rendered=rendered)
    assert JobOutput.objects.get(pk=output.pk).status == "pending"
    # The image it had already written is removed, not left behind unrecorded.
    from django.core.files.storage import default_storage
    from generation.services import job_files_dir

    _, files = default_storage.listdir(job_files_dir(job))
    assert not [name for name in files if stale_token.hex[:8] in name]


@override_settings(JOB_MAX_ATTEMPTS=2)
def test_reaper_requeues_an_expired_lease_then_fails_it_when_attempts_run_out(api, account):
    job_id = generate(api, count=2).json()["jobId"]
    job_claim(job_id=job_id)
    Job.objects.filter(pk=job_id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert job_reap().requeued == 1
    assert Job.objects.get(pk=job_id).status == "queued"
    job_claim(job_id=job_id)
    Job.objects.filter(pk=job_id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    report = job_reap()
    assert report.failed == 1
    job = Job.objects.get(pk=job_id)
    assert job.status == "failed" and job.error_code == "worker_lost"
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (25, 0)


@override_settings(JOB_QUEUED_STALE_SECONDS=10)
def test_reaper_reenqueues_queued_jobs_nobody_picked_up(api, django_capture_on_commit_callbacks):
    from django_q.brokers import get_broker

    broker = get_broker()  # the ORM broker's table, or Redis's list with Q_BROKER=redis://…
    with django_capture_on_commit_callbacks(execute=True):
        job_id = generate(api).json()["jobId"]
    Job.objects.filter(pk=job_id).update(queued_at=timezone.now() - timedelta(minutes=5))
    before = broker.queue_size()
    with django_capture_on_commit_callbacks(execute=True):
        assert job_reap().reenqueued == 1
    assert broker.queue_size() == before + 1


@pytest.mark.parametrize("fmt, content_type, magic", [("png", "image/png", b"\x89PNG"),
                                                      ("jpeg", "image/jpeg", b"\xff\xd8"),
                                                      ("pdf", "application/pdf", b"%PDF"),
                                                      ("1", "image/jpeg", b"\xff\xd8"),
                                                      ("2", "application/pdf", b"%PDF")])
def test_download_converts_to_the_asked_format(api, fmt, content_type, magic):
    job_id = generate(api, count=1).json()["jobId"]
    run_job(job_id)
    response = api.get(f"/api/v1/jobs/{job_id}/outputs/0/download?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(magic)


def test_low_resolution_download_has_longest_side_at_most_512(api):
    job_id = generate(api, formats=["F3"]).json()["jobId"]
    run_job(job_id)
    image = image_from_response(api.get(f"/api/v1/jobs/{job_id}/outputs/0/download?lowResolution=true"))
    assert max(image.size) == 512 and image.size[1] == 512


@pytest.mark.parametrize("query", ["format=gif", "lowResolution=maybe"])
def test_download_rejects_bad_query(api, query):
    job_id = generate(api, count=1).json()["jobId"]
    run_job(job_id)
    assert api.get(f"/api/v1/jobs/{job_id}/outputs/0/download?{query}").status_code == 400


def test_download_of_an_unproduced_output_is_404(api):
    job_id = generate(api, count=1).json()["jobId"]
    assert api.get(f"/api/v1/jobs/{job_id}/outputs/0/download").status_code == 404
    assert api.get(f"/api/v1/jobs/{job_id}/outputs/7/download").status_code == 404


def test_ledger_check_passes_after_jobs_and_fails_on_a_tampered_balance(api, account):
    from accounts.models import Account
    from django.core.management.base import CommandError

    run_job(generate(api, count=2).json()["jobId"])
    call_command("ledger_check")
    Account.objects.filter(pk=account.pk).update(credits_available=999)
    with pytest.raises(CommandError):
        call_command("ledger_check")
    Account.objects.filter(pk=account.pk).update(credits_available=23)
    call_command("ledger_check")


def test_a_rerun_after_a_killed_worker_removes_the_file_it_never_recorded(api, settings):
    from pathlib import Path

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from generation.services import job_files_dir

    job_id = generate(api, count=2).json()["jobId"]
    job, _ = job_claim(job_id=job_id)
    # The killed attempt had written a file but not yet recorded it.
    orphan = default_storage.save(f"{job_files_dir(job)}/0-deadbeef.png", ContentFile(b"half an image"))
    Job.objects.filter(pk=job_id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    job = job_run(job_id=job_id)
    assert job.status == "completed" and job.attempts == 2
    assert not default_storage.exists(orphan)
    files = JobOutput.objects.filter(job_id=job_id).values_list("file", flat=True)
    recorded = sorted(Path(name).name for name in files)
    on_disk = sorted(default_storage.listdir(job_files_dir(job))[1])
    assert on_disk == recorded and len(recorded) == 2


@pytest.mark.django_db(transaction=True)
def test_the_stray_file_is_gone_by_the_time_the_rerun_job_shows_as_ended(make_account, monkeypatch):
    """The sweep runs before the commit that ends the job, so whoever sees the job
    ended (a poll, the webhook) never sees the killed attempt's file."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from generation import services
    from tests.conftest import client_for

    job_id = generate(client_for(make_account(credits=5)), count=1).json()["jobId"]
    job, _ = job_claim(job_id=job_id)
    orphan = default_storage.save(f"{services.job_files_dir(job)}/0-deadbeef.png", ContentFile(b"half an image"))
    Job.objects.filter(pk=job_id).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    seen_at_commit = []
    announce = services.job_terminal_event  # runs on the commit that ends the job
    def announce_and_look(*, job_id):
        seen_at_commit.append(default_storage.exists(orphan))
        announce(job_id=job_id)

    monkeypatch.setattr(services, "job_terminal_event", announce_and_look)
    assert job_run(job_id=job_id).status == "completed"
    assert seen_at_commit == [False]
