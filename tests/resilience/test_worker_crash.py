"""A worker SIGKILLed in the middle of a render: the job still ends right.

A real `manage.py qcluster` renders a 10-image job; as soon as the first image is
stored, the whole cluster (sentinel and worker processes) gets SIGKILL — no chance
to clean up. A fresh cluster is started; once the job's lease (5 s here) has run
out, the reaper — run by the cluster's own scheduler from its every-minute
schedule, brought forward here to just after the lease — puts it back in the queue,
and the fresh worker re-claims it and renders only what is missing."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.core.management import call_command

from billing.services import ledger_mismatches
from generation.models import Job
from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate
from tests.worker import job_state, start_cluster, stop_cluster, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = 5
BIG_FORMATS = ["F3", "F2", "F1", "F5", "F3", "F2", "F1", "F5", "F3", "F2"]


def test_a_job_whose_worker_is_sigkilled_mid_render_is_reclaimed_and_completes_without_duplicates(
        make_account, settings):
    settings.JOB_LEASE_SECONDS = LEASE_SECONDS  # this process's reaper compares against it
    account = make_account(credits=20)
    client = client_for(account)
    job_id = generate(client, formats=BIG_FORMATS).json()["jobId"]

    first = start_cluster(JOB_LEASE_SECONDS=str(LEASE_SECONDS))
    try:
        mid_render = wait_for(lambda: (lambda s: s[0] == "processing" and s[1] >= 1 and s)(job_state(job_id)),
                              timeout=90)
    finally:
        log = stop_cluster(first, kill=True)  # SIGKILL to the whole process group
    killed_at = time.monotonic()
    assert mid_render, f"the job never got mid-render: {job_state(job_id)}\n{log[-3000:]}"
    status, done_at_kill = job_state(job_id)
    assert status == "processing" and 1 <= done_at_kill < len(BIG_FORMATS), (status, done_at_kill)

    second = start_cluster(JOB_LEASE_SECONDS=str(LEASE_SECONDS))
    try:
        # The reaper schedule (every minute, created by migration and by `setup_schedules`
        # — run again here because transactional tests empty every table between tests)
        # comes due right after the lease; the cluster's scheduler, which looks every
        # 30 s, runs it.
        call_command("setup_schedules")
        reaper = Schedule.objects.filter(name="job reaper", func="generation.tasks.job_reap_task")
        assert reaper.update(next_run=timezone.now() + timedelta(seconds=LEASE_SECONDS + 1)) == 1
        final = wait_for(lambda: (lambda s: s[0] not in ("queued", "processing") and s)(job_state(job_id)),
                         timeout=150)
    finally:
        log = stop_cluster(second)
    recovered_in = time.monotonic() - killed_at
    assert final, f"the job did not end after the crash: {job_state(job_id)}\n{log[-3000:]}"

    job = Job.objects.get(pk=job_id)
    outputs = list(job.outputs.order_by("index"))
    assert job.status == "completed", (job.status, job.error_code, log[-3000:])
    assert job.attempts == 2
    assert [o.index for o in outputs] == list(range(len(BIG_FORMATS)))  # unique (job, index)
    assert all(o.status == "succeeded" for o in outputs)
    names = [o.file.name for o in outputs]
    assert len(set(names)) == len(names)
    media = Path(settings.MEDIA_ROOT)
    assert all((media / name).is_file() for name in names)
    on_disk = {str(p.relative_to(media)) for p in (media / "outputs").rglob("*") if p.is_file()}
    # The image being written at the instant of the kill (if any) was swept up.
    assert on_disk == set(names)
    assert job.produced == job.credits_consumed == len(BIG_FORMATS)
    assert fresh(account).credits_available == 20 - len(BIG_FORMATS)
    assert fresh(account).credits_reserved == 0
    assert ledger_mismatches() == []
    assert recovered_in < 180, f"recovered in {recovered_in:.0f} s"
    print(f"killed after {done_at_kill}/{len(BIG_FORMATS)} images; completed {recovered_in:.1f} s after the kill")
