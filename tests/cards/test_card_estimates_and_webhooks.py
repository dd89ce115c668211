"""estimated_completion_at from measured render times and the queue ahead; progress
while rendering; the job.* webhooks a card sends (README, Player cards API)."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from generation.models import Job, JobOutput
from generation.selectors import job_progress_estimate, output_typical_ms
from generation.services import job_claim, job_run
from webhooks.models import WebhookMessage
from tests.cards.conftest import card_body, post_card
from tests.conftest import client_for


def _eta(response) -> datetime:
    data = response.json()["data"]
    return datetime.fromisoformat(data["estimated_completion_at"].replace("Z", "+00:00"))


def test_the_estimate_grows_with_the_queue_ahead(make_account, settings):
    settings.ALLOW_PRIVATE_URLS = True
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "workers": 1}
    first, other = client_for(make_account(credits=30)), client_for(make_account(credits=30))
    url = "http://127.0.0.1:9/p.jpg"
    alone = _eta(post_card(first, card_body(url), key="0")) - timezone.now()
    for n in range(1, 6):
        post_card(first, card_body(url), key=str(n))
    behind_six = _eta(post_card(other, card_body(url), key="x")) - timezone.now()
    typical = timedelta(milliseconds=output_typical_ms(job_type=Job.Type.PLAYER_CARD))
    assert behind_six - alone > 5 * typical * 0.9
    assert alone < 2 * typical


def test_the_estimate_follows_the_measured_render_times(api, settings):
    settings.ALLOW_PRIVATE_URLS = True
    url = "http://127.0.0.1:9/p.jpg"
    before = _eta(post_card(api, card_body(url), key="a")) - timezone.now()
    job = Job.objects.get()
    # Twenty cards measured at 9 s each (what the pipeline records per image).
    for _ in range(20):
        done = Job.objects.create(account=job.account, type=Job.Type.PLAYER_CARD, request=job.request, requested=1,
                                  status=Job.Status.COMPLETED, produced=1)
        JobOutput.objects.create(job=done, index=0, format="1080x1350", status=JobOutput.Status.SUCCEEDED,
                                 render_ms=9000)
    assert output_typical_ms(job_type=Job.Type.PLAYER_CARD) == 9000
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CANCELED)
    after = _eta(post_card(api, card_body(url), key="b")) - timezone.now()
    assert after > timedelta(seconds=8.5) and after > before


def test_progress_is_null_until_started_then_between_0_and_1(api, settings):
    settings.ALLOW_PRIVATE_URLS = True
    image_id = post_card(api, card_body("http://127.0.0.1:9/p.jpg")).json()["data"]["image_id"]
    job_id = uuid.UUID(hex=image_id[4:])
    assert api.get(f"/api/v1/images/{image_id}").json()["data"]["progress"] is None
    job_claim(job_id=job_id)  # a worker took it
    Job.objects.filter(pk=job_id).update(started_at=timezone.now() - timedelta(seconds=1))
    progress = api.get(f"/api/v1/images/{image_id}").json()["data"]["progress"]
    assert 0.0 < progress < 1.0
    job = Job.objects.get(pk=job_id)
    later = job_progress_estimate(job=job, now=timezone.now() + timedelta(hours=1))
    assert progress < later < 1.0  # never "done" before it is


def test_a_completed_card_sends_job_completed_with_the_card(api, account, photo_server,
                                                           django_capture_on_commit_callbacks):
    endpoint = api.post("/api/v1/webhooks/endpoints", {"url": "http://127.0.0.1:9/hooks"}, format="json")
    assert endpoint.status_code == 201, endpoint.content
    image_id = post_card(api, card_body(photo_server.url("player.jpg"))).json()["data"]["image_id"]
    with django_capture_on_commit_callbacks(execute=True):
        job_run(job_id=uuid.UUID(hex=image_id[4:]))
    message = WebhookMessage.objects.get()
    payload = json.loads(message.payload)
    assert payload["type"] == "job.completed"
    assert payload["data"]["type"] == "player_card" and payload["data"]["jobId"] == str(uuid.UUID(hex=image_id[4:]))
    assert payload["data"]["images"][0]["width"] == 1080 and payload["data"]["creditsConsumed"] == 1


def test_a_failed_card_sends_job_failed_with_its_code_to_the_requests_webhook_url(
        api, photo_server, django_capture_on_commit_callbacks):
    body = {**card_body(photo_server.url("missing.jpg")), "webhook_url": "http://127.0.0.1:9/hooks"}
    image_id = post_card(api, body).json()["data"]["image_id"]
    with django_capture_on_commit_callbacks(execute=True):
        job_run(job_id=uuid.UUID(hex=image_id[4:]))
    payload = json.loads(WebhookMessage.objects.get().payload)
    assert payload["type"] == "job.failed"
    assert payload["data"]["error"]["code"] == "source_image_unreachable"
