"""Races on PostgreSQL, with real threads, each on its own database connection.

SQLite takes one writer at a time (BEGIN IMMEDIATE), so these interleavings cannot
happen there; the tests need DATABASE_URL=postgres://… and skip otherwise."""
from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from billing.services import ledger_mismatches
from generation.models import Job, JobOutput
from generation.services import JobNotCancelable, job_cancel, job_run
from webhooks.models import WebhookDelivery, WebhookMessage
from webhooks.services import webhook_endpoint_create, webhook_message_deliver
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate
from tests.webhooks.conftest import receiver  # noqa: F401  (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Race tests need PostgreSQL (run with DATABASE_URL=postgres://…); "
                    "SQLite serialises all writers, so these races cannot occur on it.")


def race(calls) -> list:
    """Runs the callables at the same instant, one thread and one connection each;
    returns their results (or the exceptions they raised)."""
    results: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # kept: the test decides what was allowed
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_duplicates_and_a_draining_balance_race_to_exactly_ten_jobs_and_never_below_zero(make_account):
    """30 requests at once on 10 credits: 10 distinct requests, each sent three times
    with its own Idempotency-Key. Exactly 10 jobs, one per key; the balance, sampled
    all along, never goes below zero."""
    account = make_account(credits=10)
    clients = [client_for(account) for _ in range(3)]
    samples: list[tuple[int, int]] = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append(tuple(type(account).objects.filter(pk=account.pk)
                                 .values_list("credits_available", "credits_reserved").get()))
        connection.close()

    def request(n: int, client):
        return lambda: client.post("/api/v1/generate", {"claim": f"Offer {n}", "count": 1}, format="json",
                                   HTTP_IDEMPOTENCY_KEY=f"offer-{n}")

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        responses = race([request(n, client) for n in range(10) for client in clients])
    finally:
        stop.set()
        sampler.join()

    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {202, 409}, statuses
    assert Job.objects.count() == 10
    for n in range(10):
        bodies = [r.json() for r in responses[n * 3:(n + 1) * 3] if r.status_code == 202]
        assert len({b["jobId"] for b in bodies}) == 1
    assert samples and all(available >= 0 and reserved >= 0 for available, reserved in samples)
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (0, 10)
    assert ledger_mismatches() == []


@pytest.mark.parametrize("cancel_after", [0, 0.05, 0.15, 0.3, 0.6])
def test_cancel_racing_the_finish_ends_the_job_once_with_a_balanced_ledger(make_account, receiver,  # noqa: F811
                                                                          cancel_after):
    account = make_account(credits=10)
    webhook_endpoint_create(account=account, url=receiver.url)
    client = client_for(account)
    job_id = generate(client, formats=["F1", "F5", "F2"]).json()["jobId"]

    def cancel():
        time.sleep(cancel_after)
        return job_cancel(job=Job.objects.get(pk=job_id))

    worker_result, cancel_result = race([lambda: job_run(job_id=job_id), cancel])

    job = Job.objects.get(pk=job_id)
    assert job.is_terminal
    if isinstance(cancel_result, JobNotCancelable):
        assert job.status == "completed" and worker_result is not None
    else:
        assert not isinstance(cancel_result, Exception), cancel_result
        assert job.status == "canceled" and worker_result is None
    produced = JobOutput.objects.filter(job_id=job_id, status="succeeded").count()
    assert job.produced == job.credits_consumed == produced
    account = fresh(account)
    assert (account.credits_available, account.credits_reserved) == (10 - produced, 0)
    assert ledger_mismatches() == []
    print(f"cancel after {cancel_after} s → {job.status} with {produced}/3 images charged")
    # Exactly one terminal event, for the state the job really ended in.
    assert list(WebhookMessage.objects.filter(job_id=job_id).values_list("event_type", flat=True)) == [
        f"job.{job.status}"]


def test_four_workers_running_the_same_job_render_each_image_once(make_account):
    account = make_account(credits=10)
    job_id = generate(client_for(account), count=4).json()["jobId"]

    results = race([lambda: job_run(job_id=job_id) for _ in range(4)])

    assert sum(1 for r in results if isinstance(r, Job)) == 1, results
    job = Job.objects.get(pk=job_id)
    assert job.status == "completed" and job.attempts == 1
    outputs = list(job.outputs.all())
    assert len(outputs) == 4 and len({o.file.name for o in outputs}) == 4
    assert fresh(account).credits_available == 6
    assert ledger_mismatches() == []


def test_two_workers_delivering_the_same_webhook_make_one_attempt(make_account, receiver):  # noqa: F811
    account = make_account(credits=10)
    endpoint, _ = webhook_endpoint_create(account=account, url=receiver.url)
    message = WebhookMessage.objects.create(account=account, endpoint=endpoint, url=endpoint.url,
                                            event_type="webhook.test", payload="{}",
                                            next_attempt_at=endpoint.created_at)

    results = race([lambda: webhook_message_deliver(message_id=message.pk) for _ in range(4)])

    assert sum(1 for r in results if isinstance(r, WebhookDelivery)) == 1, results
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.filter(message=message).count() == 1
