"""Signed webhook deliveries to a real receiver, verified with the standardwebhooks library."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from generation.models import Job
from generation.services import job_cancel
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage
from webhooks.services import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    webhook_job_event_dispatch,
    webhook_messages_deliver_due,
)
from tests.conftest import client_for
from tests.generation.helpers import generate, run_job

pytestmark = pytest.mark.django_db


def finish_job(client, django_capture_on_commit_callbacks, **body) -> Job:
    """Creates a job through the API and runs it, with after-commit callbacks executed
    (the terminal event records the webhook messages)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = generate(client, **body)
        assert response.status_code == 202, response.json()
        return run_job(response.json()["jobId"])


def verified(receiver_request, secret: str) -> dict:
    return Webhook(secret).verify(receiver_request.body, receiver_request.headers)


def later(delay: timedelta):
    return timezone.now() + delay + timedelta(seconds=1)


def test_a_completed_job_is_posted_to_its_webhook_url_signed_with_the_account_secret(
        api, receiver, django_capture_on_commit_callbacks):
    secret = api.get("/api/v1/webhooks/secret").json()["secret"]
    job = finish_job(api, django_capture_on_commit_callbacks, count=2, webhookUrl=receiver.url)

    assert receiver.requests == []  # delivery is its own task, not part of the render
    assert webhook_messages_deliver_due() == 1

    [request] = receiver.requests
    event = verified(request, secret)
    assert secret.startswith("whsec_")
    assert request.headers["webhook-signature"].startswith("v1,")
    assert request.headers["webhook-id"].startswith("msg_")
    assert event["type"] == "job.completed"
    assert event["data"]["jobId"] == str(job.pk)
    assert event["data"]["status"] == "completed"
    assert event["data"]["result"]["produced"] == 2
    assert event["data"] == api.get(f"/api/v1/jobs/{job.pk}").json()
    delivery = WebhookDelivery.objects.get()
    assert delivery.succeeded and delivery.status_code == 200 and delivery.response_excerpt == "ok"
    assert delivery.latency_ms is not None
    assert WebhookMessage.objects.get().status == "succeeded"


def test_an_account_endpoint_receives_job_events_signed_with_its_own_secret(
        api, receiver, django_capture_on_commit_callbacks):
    created = api.post("/api/v1/webhooks/endpoints", {"url": receiver.url}, format="json")
    assert created.status_code == 201, created.json()
    endpoint_secret = created.json()["secret"]
    account_secret = api.get("/api/v1/webhooks/secret").json()["secret"]
    assert endpoint_secret != account_secret

    job = finish_job(api, django_capture_on_commit_callbacks)
    webhook_messages_deliver_due()

    [request] = receiver.requests
    assert verified(request, endpoint_secret)["data"]["jobId"] == str(job.pk)
    with pytest.raises(WebhookVerificationError):
        verified(request, account_secret)


def test_an_endpoint_only_receives_the_event_types_it_asked_for(api, receiver, django_capture_on_commit_callbacks):
    api.post("/api/v1/webhooks/endpoints", {"url": receiver.url, "eventTypes": ["job.failed"]}, format="json")
    finish_job(api, django_capture_on_commit_callbacks)
    assert webhook_messages_deliver_due() == 0
    assert receiver.requests == []


def test_a_canceled_job_sends_job_canceled(api, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job_id = generate(api, webhookUrl=receiver.url).json()["jobId"]
        job_cancel(job=Job.objects.get(pk=job_id))
    webhook_messages_deliver_due()
    secret = api.get("/api/v1/webhooks/secret").json()["secret"]
    assert verified(receiver.requests[0], secret)["type"] == "job.canceled"


def test_dispatching_the_same_terminal_event_twice_creates_one_message_per_receiver(
        api, receiver, django_capture_on_commit_callbacks):
    api.post("/api/v1/webhooks/endpoints", {"url": receiver.url}, format="json")
    job = finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    assert WebhookMessage.objects.count() == 2
    assert webhook_job_event_dispatch(job_id=job.pk) == []
    assert WebhookMessage.objects.count() == 2


def test_a_receiver_answering_500_sees_every_retry_with_the_same_webhook_id_until_attempts_run_out(
        api, receiver, django_capture_on_commit_callbacks):
    receiver.answer(500, b"boom")
    secret = api.get("/api/v1/webhooks/secret").json()["secret"]
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)

    now = timezone.now()
    assert webhook_messages_deliver_due(now=now) == 1
    message = WebhookMessage.objects.get()
    waits = []
    for delay in RETRY_DELAYS:
        message.refresh_from_db()
        waits.append(message.next_attempt_at - now)
        assert webhook_messages_deliver_due(now=now + delay - timedelta(seconds=2)) == 0  # not due yet
        now = now + delay
        assert webhook_messages_deliver_due(now=now) == 1

    message.refresh_from_db()
    assert [round(w.total_seconds()) for w in waits] == [5, 300, 1800, 7200, 18000, 36000]
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS == 7
    assert webhook_messages_deliver_due(now=now + timedelta(days=2)) == 0
    assert len(receiver.requests) == 7
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    assert all(verified(r, secret)["type"] == "job.completed" for r in receiver.requests)

    log = api.get("/api/v1/webhooks/messages").json()["messages"][0]
    assert log["status"] == "failed" and log["attempts"] == 7
    assert [d["attempt"] for d in log["deliveries"]] == [7, 6, 5, 4, 3, 2, 1]
    assert {d["statusCode"] for d in log["deliveries"]} == {500}
    assert log["deliveries"][-1]["responseExcerpt"] == "boom"
    assert log["deliveries"][-1]["error"] == "HTTP 500."


def test_a_receiver_that_is_down_gets_retried_and_the_log_shows_each_failure(
        api, closed_port_url, receiver, django_capture_on_commit_callbacks):
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=closed_port_url)
    now = timezone.now()
    webhook_messages_deliver_due(now=now)
    webhook_messages_deliver_due(now=now + RETRY_DELAYS[0])

    log = api.get("/api/v1/webhooks/messages").json()["messages"][0]
    assert log["status"] == "pending" and log["attempts"] == 2
    assert [d["statusCode"] for d in log["deliveries"]] == [None, None]
    assert all("ConnectionError" in d["error"] for d in log["deliveries"])
    assert log["nextAttemptAt"] is not None


def test_a_failed_delivery_succeeds_on_retry_and_stops_retrying(api, receiver, django_capture_on_commit_callbacks):
    receiver.answer_sequence(503, 200)
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    now = timezone.now()
    webhook_messages_deliver_due(now=now)
    webhook_messages_deliver_due(now=now + RETRY_DELAYS[0])
    message = WebhookMessage.objects.get()
    assert message.status == "succeeded" and message.attempts == 2 and message.next_attempt_at is None
    assert webhook_messages_deliver_due(now=now + timedelta(days=1)) == 0
    assert len(receiver.requests) == 2


def test_a_failed_attempt_schedules_its_retry_in_django_q2(api, receiver, django_capture_on_commit_callbacks):
    from django_q.models import Schedule

    receiver.answer(500)
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_messages_deliver_due()
    message = WebhookMessage.objects.get()
    schedule = Schedule.objects.get(func="webhooks.tasks.webhook_message_deliver_task")
    assert schedule.schedule_type == Schedule.ONCE
    assert schedule.next_run == message.next_attempt_at
    assert str(message.pk) in schedule.args


def test_a_410_gone_disables_the_endpoint_and_stops_deliveries(api, receiver, django_capture_on_commit_callbacks):
    receiver.answer(410, b"gone")
    endpoint_id = api.post("/api/v1/webhooks/endpoints", {"url": receiver.url}, format="json").json()["id"]
    finish_job(api, django_capture_on_commit_callbacks)
    webhook_messages_deliver_due()

    endpoint = api.get(f"/api/v1/webhooks/endpoints/{endpoint_id}").json()
    assert endpoint["isActive"] is False
    assert "410" in endpoint["disabledReason"]
    assert WebhookMessage.objects.get().status == "failed"

    finish_job(api, django_capture_on_commit_callbacks)
    assert webhook_messages_deliver_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(receiver.requests) == 1


def test_redirects_are_not_followed_and_count_as_failure(api, receiver, django_capture_on_commit_callbacks):
    receiver.answer(302, b"", {"Location": receiver.url + "/elsewhere"})
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    webhook_messages_deliver_due()
    assert [r.path for r in receiver.requests] == ["/hooks"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status_code == 302 and not delivery.succeeded
    assert delivery.error == "Redirect not followed."
    assert WebhookMessage.objects.get().status == "pending"


def test_the_response_excerpt_is_capped_at_1_kb(api, receiver, django_capture_on_commit_callbacks):
    receiver.answer(200, b"x" * 50_000)
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    webhook_messages_deliver_due()
    assert len(WebhookDelivery.objects.get().response_excerpt) == 1024


def test_resend_delivers_again_with_the_same_webhook_id(api, receiver, django_capture_on_commit_callbacks):
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    webhook_messages_deliver_due()
    message_id = api.get("/api/v1/webhooks/messages").json()["messages"][0]["id"]

    response = api.post(f"/api/v1/webhooks/messages/{message_id}/resend")
    assert response.status_code == 202
    webhook_messages_deliver_due()

    assert len(receiver.requests) == 2
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    assert WebhookMessage.objects.get().attempts == 2


def test_send_test_event_posts_a_signed_webhook_test_event(api, receiver):
    created = api.post("/api/v1/webhooks/endpoints", {"url": receiver.url}, format="json").json()
    response = api.post(f"/api/v1/webhooks/endpoints/{created['id']}/test")
    assert response.status_code == 202
    webhook_messages_deliver_due()
    event = verified(receiver.requests[0], created["secret"])
    assert event["type"] == "webhook.test"
    assert event["data"]["endpointId"] == created["id"]


def test_a_slow_receiver_never_delays_rendering(api, receiver, django_capture_on_commit_callbacks):
    receiver.delay_seconds = 3
    import time

    started = time.monotonic()
    job = finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    assert job.status == "completed"
    assert time.monotonic() - started < 3
    assert receiver.requests == [] and WebhookMessage.objects.get().status == "pending"


def test_endpoints_are_listed_without_secrets_and_scoped_to_the_account(api, make_account, receiver):
    created = api.post("/api/v1/webhooks/endpoints", {"url": receiver.url, "description": "orders"},
                       format="json").json()
    listed = api.get("/api/v1/webhooks/endpoints").json()["endpoints"]
    assert [e["id"] for e in listed] == [created["id"]]
    assert "secret" not in listed[0]
    assert api.get(f"/api/v1/webhooks/endpoints/{created['id']}").json()["secret"] == created["secret"]

    other = client_for(make_account())
    assert other.get(f"/api/v1/webhooks/endpoints/{created['id']}").status_code == 404
    assert other.delete(f"/api/v1/webhooks/endpoints/{created['id']}").status_code == 404
    assert other.post(f"/api/v1/webhooks/endpoints/{created['id']}/test").status_code == 404
    assert other.get("/api/v1/webhooks/endpoints").json()["endpoints"] == []
    assert other.get("/api/v1/webhooks/secret").json()["secret"] != api.get("/api/v1/webhooks/secret").json()["secret"]

    assert api.delete(f"/api/v1/webhooks/endpoints/{created['id']}").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_endpoint_secrets_are_stored_encrypted(api, receiver):
    created = api.post("/api/v1/webhooks/endpoints", {"url": receiver.url}, format="json").json()
    stored = WebhookEndpoint.objects.get().secret_encrypted
    assert created["secret"] not in stored
    assert created["secret"].removeprefix("whsec_") not in stored


def test_the_event_body_is_the_exact_signed_payload(api, receiver, django_capture_on_commit_callbacks):
    finish_job(api, django_capture_on_commit_callbacks, webhookUrl=receiver.url)
    webhook_messages_deliver_due()
    body = json.loads(receiver.requests[0].body)
    assert set(body) == {"type", "timestamp", "data"}
    assert receiver.requests[0].headers["content-type"] == "application/json"
