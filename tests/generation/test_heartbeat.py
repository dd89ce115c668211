"""The worker heartbeat and the rule behind `/healthz`'s `"queue": "stalled"`:
work waits and no worker has done anything for longer than a lease."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from generation.models import Job, WorkerHeartbeat
from generation.services_heartbeat import queue_health, worker_heartbeat_at, worker_heartbeat_beat
from generation.tasks import worker_heartbeat_task
from tests.conftest import client_for
from tests.generation.helpers import generate

LEASE = 60


@pytest.fixture(autouse=True)
def _lease(settings):
    settings.JOB_LEASE_SECONDS = LEASE


def _queued_job(account, *, ago: float) -> Job:
    job_id = generate(client_for(account)).json()["jobId"]
    Job.objects.filter(pk=job_id).update(queued_at=timezone.now() - timedelta(seconds=ago))
    return Job.objects.get(pk=job_id)


def _heartbeat(*, ago: float) -> None:
    at = timezone.now() - timedelta(seconds=ago)
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"beat_at": at, "last_job_at": at})


def test_a_job_waiting_while_no_worker_ever_beat_is_reported_stalled_by_healthz(client, account):
    _queued_job(account, ago=10 * 60)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "queue": "stalled"}


def test_a_job_waiting_while_the_heartbeat_is_older_than_a_lease_is_stalled(client, account):
    job = _queued_job(account, ago=LEASE / 2)
    _heartbeat(ago=LEASE + 1)
    health = queue_health()
    assert health.stalled and health.waiting_since == job.queued_at
    assert client.get("/healthz").json()["queue"] == "stalled"


def test_a_fresh_heartbeat_means_ok_even_with_a_deep_queue(client, account):
    _queued_job(account, ago=10 * 60)
    _heartbeat(ago=LEASE - 5)
    assert not queue_health().stalled
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["queue"] == "ok"


def test_an_idle_system_with_an_old_heartbeat_is_not_stalled(client, db):
    _heartbeat(ago=24 * 3600)
    assert not queue_health().stalled
    assert client.get("/healthz").status_code == 200


def test_a_job_queued_a_moment_ago_is_not_yet_waiting_work(account):
    _queued_job(account, ago=1)
    _heartbeat(ago=LEASE * 10)
    assert not queue_health().stalled


def test_a_processing_job_whose_lease_ran_out_counts_as_waiting_work(account):
    job = _queued_job(account, ago=600)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PROCESSING,
                                         lease_expires_at=timezone.now() - timedelta(seconds=LEASE / 2))
    _heartbeat(ago=LEASE * 2)
    assert queue_health().stalled
    # A live lease is a worker at work, not waiting work.
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() + timedelta(seconds=30))
    assert not queue_health().stalled


def test_the_heartbeat_is_written_at_most_every_few_seconds_per_process(db):
    assert worker_heartbeat_beat(kind="job", force=True)
    first = worker_heartbeat_at()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(50):
            worker_heartbeat_beat(kind="job")
    assert len(queries) == 0
    assert worker_heartbeat_at() == first


def test_the_probe_task_always_stamps_the_heartbeat(db):
    worker_heartbeat_beat(kind="ping", force=True)
    before = worker_heartbeat_at()
    worker_heartbeat_task()
    row = WorkerHeartbeat.objects.get()
    assert row.beat_at > before and row.last_ping_at == row.beat_at
