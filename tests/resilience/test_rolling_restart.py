"""Rolling a release: a worker cluster stopped with SIGTERM, as a process manager
stops it, finishes the image it is on, hands its job back with the images so far,
and leaves; the next cluster carries on. No job is lost, none is charged twice
(docs/deploy.md, "Rolling a release"). With Q_BROKER=redis://… in the environment
(the PostgreSQL leg of CI) the clusters and this test use Redis."""
from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.services import ledger_mismatches
from generation.models import Job, JobOutput
from generation.services import job_reap
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate
from tests.worker import start_cluster, stop_cluster, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FORMATS = ["F3", "F2", "F5", "F3", "F2", "F5"]  # large ones: each image takes a while


def signal_group(process) -> None:
    os.killpg(process.pid, signal.SIGTERM)  # systemd's default (KillMode=control-group)


def signal_main_process(process) -> None:
    os.kill(process.pid, signal.SIGTERM)  # `docker stop`, systemd's KillMode=mixed


def group_alive(process) -> bool:
    """Whether any process of the cluster's group is left (the main one reaped first)."""
    process.poll()
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def produced(job_id) -> int:
    return JobOutput.objects.filter(job_id=job_id, status="succeeded").count()


@pytest.mark.parametrize("send_sigterm", [signal_group, signal_main_process], ids=["process_group", "main_process"])
def test_a_sigterm_to_the_cluster_hands_the_running_job_back_and_the_next_cluster_finishes_it(make_account,
                                                                                             send_sigterm):
    account = make_account(credits=40)
    client = client_for(account)
    jobs = [generate(client, formats=FORMATS).json()["jobId"] for _ in range(3)]
    first = start_cluster(Q_WORKERS="1")
    try:
        running = wait_for(lambda: next((j for j in jobs if produced(j) >= 1
                                         and Job.objects.filter(pk=j, status="processing").exists()), None),
                           timeout=120)
        assert running, stop_cluster(first)[-3000:]
        at_signal = produced(running)
        signalled = time.monotonic()
        send_sigterm(first)
        gone = wait_for(lambda: not group_alive(first), timeout=30, interval=0.1)
        drained_in = time.monotonic() - signalled
    finally:
        log = stop_cluster(first, kill=True)  # reads what it wrote; kills whatever is left
    assert gone, f"the cluster did not stop within 30 s\n{log[-6000:]}"
    assert drained_in < 15, drained_in  # well within the job lease (60 s)
    handed_back = Job.objects.get(pk=running)
    assert handed_back.status == "queued", (handed_back.status, log[-3000:])
    assert handed_back.lease_token is None and handed_back.attempts == 0  # giving back is not a failed attempt
    # It stopped after the image it was on, not at the end of the job.
    assert at_signal <= produced(running) <= at_signal + 1 < len(FORMATS), log[-3000:]
    assert "handed back after" in log
    assert not Job.objects.filter(pk__in=jobs, status__in=["failed", "partial"]).exists()

    second = start_cluster(Q_WORKERS="2")
    reaped = []

    def all_completed() -> bool:
        # The reaper, as the cluster's schedule runs it (every minute in production; here
        # every few seconds, with a short staleness): it re-sends the wake-up of a
        # queued job nobody picked up.
        if not reaped or time.monotonic() - reaped[-1][0] > 5:
            reaped.append((time.monotonic(), job_reap(queued_before=timezone.now() - timedelta(seconds=20))))
        return Job.objects.filter(pk__in=jobs, status="completed").count() == len(jobs)

    try:
        ended = wait_for(all_completed, timeout=240, interval=0.2)
    finally:
        second_log = stop_cluster(second)
    states = list(Job.objects.filter(pk__in=jobs).values_list("status", "produced"))
    assert ended, f"{states}\nfirst cluster:\n{log[-4000:]}\nsecond cluster:\n{second_log[-4000:]}"
    for job_id in jobs:
        job = Job.objects.get(pk=job_id)
        names = list(job.outputs.values_list("file", flat=True))
        assert job.produced == job.credits_consumed == len(FORMATS) and len(set(names)) == len(FORMATS)
    assert (fresh(account).credits_available, fresh(account).credits_reserved) == (40 - 3 * len(FORMATS), 0)
    assert ledger_mismatches() == []
    call_command("ledger_check")
    reenqueued = sum(report.reenqueued for _, report in reaped)
    print(f"SIGTERM after {at_signal} images; the cluster was gone {drained_in:.1f} s later; "
          f"the reaper re-sent {reenqueued} wake-ups")


def test_an_idle_cluster_stops_at_once_on_sigterm(make_account):
    cluster = start_cluster(Q_WORKERS="2")
    try:
        time.sleep(4)  # started: workers wait on their task queue
        signalled = time.monotonic()
        os.killpg(cluster.pid, signal.SIGTERM)
        gone = wait_for(lambda: not group_alive(cluster), timeout=20, interval=0.05)
        stopped_in = time.monotonic() - signalled
    finally:
        if group_alive(cluster):
            stop_cluster(cluster, kill=True)
    assert gone and stopped_in < 5, stopped_in
