"""The per-account cap and the fair order hold with several worker hosts: two
clusters of two worker processes each (four workers on one queue) drain one
partner's capped burst while three other partners' 3-image jobs go ahead of it.
With Q_BROKER=redis://… in the environment (the PostgreSQL leg of CI) the clusters
and this test share Redis (docs/deploy.md, "Fair queues with many workers")."""
from __future__ import annotations

import time

import pytest
from django.conf import settings

from billing.services import ledger_mismatches
from generation.models import Job, JobOutput
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate
from tests.worker import start_cluster, stop_cluster, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_one_partners_capped_burst_does_not_hold_up_three_others_across_two_worker_hosts(make_account):
    jobs_max, images_max = settings.ACCOUNT_ACTIVE_JOBS_MAX, settings.ACCOUNT_ACTIVE_IMAGES_MAX
    burst_jobs = min(jobs_max, images_max // 10)
    noisy = make_account(credits=10 * burst_jobs + 50)
    others = [make_account(credits=3) for _ in range(3)]
    noisy_client = client_for(noisy)
    burst = [generate(noisy_client, count=10).json()["jobId"] for _ in range(burst_jobs)]
    refused = generate(noisy_client, count=10)
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_active_jobs"
    assert refused.has_header("Retry-After")

    def noisy_produced() -> int:
        return JobOutput.objects.filter(job_id__in=burst, status="succeeded").count()

    hosts = [start_cluster(Q_WORKERS="2"), start_cluster(Q_WORKERS="2")]
    try:
        assert wait_for(lambda: noisy_produced() >= 6, timeout=120), "the burst never started"
        at_submit = noisy_produced()
        clients = [client_for(account) for account in others]
        submitted = time.monotonic()
        victims = [generate(client, count=3).json()["jobId"] for client in clients]
        done = wait_for(lambda: Job.objects.filter(pk__in=victims, status="completed").count() == 3,
                        timeout=120, interval=0.05)
        waited = time.monotonic() - submitted
        at_done = noisy_produced()
        processing_together = Job.objects.filter(pk__in=burst, status="processing").count()
        for job_id in burst:  # the rest of the burst is not needed: cancel it (releases its credits)
            noisy_client.post(f"/api/v1/jobs/{job_id}/cancel")
        assert wait_for(lambda: not Job.objects.filter(pk__in=burst, status__in=["queued", "processing"]).exists(),
                        timeout=60)
    finally:
        logs = [stop_cluster(host) for host in hosts]
    assert done, f"the other partners' jobs did not finish\n{logs[0][-2000:]}"
    # While they ran, the burst moved on by at most an image or two per worker, not
    # by its remaining ~{10 * burst_jobs - at_submit} images.
    assert at_done - at_submit <= 12, (at_submit, at_done)
    assert at_done < 10 * burst_jobs - 100
    assert processing_together <= 4  # four workers, at most one job each
    for account in others:
        assert (fresh(account).credits_available, fresh(account).credits_reserved) == (0, 0)
    account = fresh(noisy)
    consumed = JobOutput.objects.filter(job_id__in=burst, status="succeeded").count()
    assert (account.credits_available, account.credits_reserved) == (10 * burst_jobs + 50 - consumed, 0)
    assert ledger_mismatches() == []
    print(f"3 partners' 3-image jobs done in {waited:.1f} s; the burst rendered {at_done - at_submit} images meanwhile")
