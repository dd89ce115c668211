from __future__ import annotations

import time

import pytest
from django.core.management import call_command

from generation.models import Job
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate
from tests.worker import start_cluster, stop_cluster

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_job_runs_through_a_real_django_q2_worker_to_completed(make_account):
    account = make_account(credits=10)
    client = client_for(account)
    job_id = generate(client, count=3).json()["jobId"]  # enqueued on commit, through the ORM broker
    cluster = start_cluster()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            status = Job.objects.values_list("status", flat=True).get(pk=job_id)
            if status not in ("queued", "processing"):
                break
            time.sleep(0.2)
    finally:
        log = stop_cluster(cluster)
    body = client.get(f"/api/v1/jobs/{job_id}").json()
    assert body["status"] == "completed", log[-3000:]
    assert body["result"]["formats"] == ["F1", "F4", "F10"]
    assert body["creditsConsumed"] == 3
    assert fresh(account).credits_available == 7
    call_command("ledger_check")
