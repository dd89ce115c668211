"""End to end through a real django-q2 cluster: the job renders, then its webhook goes
out in a task of its own."""
from __future__ import annotations

import time

import pytest
from standardwebhooks import Webhook

from webhooks.models import WebhookMessage
from tests.conftest import client_for
from tests.generation.helpers import generate
from tests.worker import start_cluster, stop_cluster

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_renders_the_job_then_delivers_its_signed_webhook(make_account, receiver):
    client = client_for(make_account(credits=5))
    secret = client.get("/api/v1/webhooks/secret").json()["secret"]
    job_id = generate(client, count=1, webhookUrl=receiver.url).json()["jobId"]
    cluster = start_cluster(ALLOW_PRIVATE_URLS="true")
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not receiver.requests:
            time.sleep(0.2)
        # The receiver answers before the worker records the attempt: wait for that too.
        while time.monotonic() < deadline and not WebhookMessage.objects.filter(status="succeeded").exists():
            time.sleep(0.2)
    finally:
        log = stop_cluster(cluster)
    assert receiver.requests, log[-3000:]
    event = Webhook(secret).verify(receiver.requests[0].body, receiver.requests[0].headers)
    assert event["type"] == "job.completed" and event["data"]["jobId"] == job_id
    message = WebhookMessage.objects.get()
    assert message.status == "succeeded" and message.attempts == 1
