"""Webhooks (README, Webhooks): secrets, endpoints, event dispatch and signed delivery.

A terminal job event becomes one `WebhookMessage` per receiver (the account's active
endpoints that want it, plus the job's own `webhookUrl`). Each message is delivered
by its own django-q2 task, never inside the render, and every attempt is logged as a
`WebhookDelivery`. A failed attempt schedules the next one (RETRY_DELAYS) as a
django-q2 `ONCE` schedule; a periodic sweep (`webhook_messages_deliver_due`) picks up
anything a lost task or schedule left behind. The message keeps its id across
attempts; each attempt is signed afresh with the current timestamp."""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta

import requests
from django.db import IntegrityError, transaction
from django.utils import timezone
from standardwebhooks import Webhook

from accounts.models import Account
from config.problems import Conflict, ValidationFailed
from config.unicode import surrogates_replace
from webhooks.http import UnsafeUrl, http_post, url_check_public
from generation.limits import WEBHOOK_ENDPOINTS_PER_ACCOUNT_MAX, WEBHOOK_URL_MAX_CHARS
from generation.models import Job
from generation.representations import job_to_dict
from webhooks.crypto import secret_decrypt, secret_encrypt, secret_generate
from webhooks.models import (
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
    WebhookSigningSecret,
)

logger = logging.getLogger(__name__)

JOB_EVENT_TYPES = ("job.completed", "job.partial", "job.failed", "job.canceled")
TEST_EVENT_TYPE = "webhook.test"
# Waits after the 1st, 2nd, … failed attempt: 7 attempts over about 18 hours.
RETRY_DELAYS = (
    timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30),
    timedelta(hours=2), timedelta(hours=5), timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Longer than one attempt can take (connect 3 s + read 10 s): a worker killed
# mid-attempt leaves the message claimable again once this runs out.
CLAIM_SECONDS = 60
RESPONSE_EXCERPT_BYTES = 1024
SWEEP_BUDGET_SECONDS = 60


class TooManyEndpoints(Conflict):
    code, title = "too_many_webhook_endpoints", "Too many webhook endpoints"


class EndpointDisabled(Conflict):
    code, title = "webhook_endpoint_disabled", "Webhook endpoint disabled"


# --- URLs and secrets -------------------------------------------------------------------

def webhook_url_validate(*, url: str, field: str = "webhookUrl") -> str:
    """Refuses URLs our servers must not call (README, Webhooks): http(s) only, and no
    loopback/private/link-local host unless ALLOW_PRIVATE_URLS."""
    if len(url) > WEBHOOK_URL_MAX_CHARS:
        raise ValidationFailed("The webhook URL is too long.",
                               errors={field: [f"At most {WEBHOOK_URL_MAX_CHARS} characters."]})
    try:
        url_check_public(url)
    except UnsafeUrl as error:
        raise ValidationFailed(f"This webhook URL is not allowed: {error}", errors={field: [str(error)]}) from None
    return url


def webhook_signing_secret_get(*, account: Account) -> str:
    """The account's default secret (signs per-request `webhookUrl` deliveries),
    created on first use."""
    row = WebhookSigningSecret.objects.filter(account=account).first()
    if row is None:
        try:
            with transaction.atomic():
                row = WebhookSigningSecret.objects.create(account=account,
                                                          secret_encrypted=secret_encrypt(secret_generate()))
        except IntegrityError:  # created concurrently: use that one
            row = WebhookSigningSecret.objects.get(account=account)
    return secret_decrypt(row.secret_encrypted)


def webhook_signing_secret_rotate(*, account: Account) -> str:
    secret = secret_generate()
    WebhookSigningSecret.objects.update_or_create(account=account,
                                                  defaults={"secret_encrypted": secret_encrypt(secret)})
    return secret


def webhook_endpoint_secret(*, endpoint: WebhookEndpoint) -> str:
    return secret_decrypt(endpoint.secret_encrypted)


# --- Endpoints ---------------------------------------------------------------------------

def webhook_endpoint_create(*, account: Account, url: str, description: str = "",
                            event_types: list[str] | None = None) -> tuple[WebhookEndpoint, str]:
    """Adds a receiver; returns it with its new secret."""
    webhook_url_validate(url=url, field="url")
    event_types = list(dict.fromkeys(event_types or []))
    unknown = [name for name in event_types if name not in JOB_EVENT_TYPES]
    if unknown:
        known = ", ".join(JOB_EVENT_TYPES)
        raise ValidationFailed("Unknown event types.",
                               errors={"eventTypes": [f"Unknown: {', '.join(unknown)}; use {known}."]})
    if WebhookEndpoint.objects.filter(account=account).count() >= WEBHOOK_ENDPOINTS_PER_ACCOUNT_MAX:
        raise TooManyEndpoints(f"An account can have at most {WEBHOOK_ENDPOINTS_PER_ACCOUNT_MAX} webhook endpoints.")
    secret = secret_generate()
    endpoint = WebhookEndpoint.objects.create(account=account, url=url, description=description[:200],
                                              event_types=event_types, secret_encrypted=secret_encrypt(secret))
    return endpoint, secret


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> None:
    """Stops deliveries to the endpoint; its pending messages fail."""
    now = timezone.now()
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
            is_active=False, disabled_reason=reason[:200], disabled_at=now)
        WebhookMessage.objects.filter(endpoint=endpoint, status=WebhookMessage.Status.PENDING).update(
            status=WebhookMessage.Status.FAILED, next_attempt_at=None)
    endpoint.refresh_from_db()


def webhook_endpoint_enable(*, endpoint: WebhookEndpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=True, disabled_reason="", disabled_at=None)
    endpoint.refresh_from_db()


def webhook_endpoint_send_test(*, endpoint: WebhookEndpoint) -> WebhookMessage:
    """Sends a `webhook.test` event to the endpoint now (whatever its event filter)."""
    if not endpoint.is_active:
        raise EndpointDisabled("The endpoint is disabled; enable it before sending a test event.")
    data = {"endpointId": str(endpoint.pk), "message": "A test event from Creative Studio."}
    with transaction.atomic():
        message = _message_create(account=endpoint.account, endpoint=endpoint, url=endpoint.url, job=None,
                                  event_type=TEST_EVENT_TYPE, data=data, dedupe_key=None)
    assert message is not None  # only a dedupe key can turn a message away
    return message


# --- Events ------------------------------------------------------------------------------

def _payload(event_type: str, data: dict) -> str:
    body = {"type": event_type, "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
            "data": surrogates_replace(data)}  # the body is stored and sent as UTF-8
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _message_create(*, account: Account, endpoint: WebhookEndpoint | None, url: str, job: Job | None,
                    event_type: str, data: dict, dedupe_key: str | None) -> WebhookMessage | None:
    """Creates a pending message due now and enqueues its delivery after commit.
    None when this (job, event, receiver) already has one."""
    try:
        with transaction.atomic():
            message = WebhookMessage.objects.create(
                account=account, endpoint=endpoint, url=url, job=job, event_type=event_type,
                payload=_payload(event_type, data), next_attempt_at=timezone.now(), dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and WebhookMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: webhook_message_enqueue(message_id=message.pk))
    return message


def webhook_job_event_dispatch(*, job_id) -> list[WebhookMessage]:
    """Creates the messages for a job that reached a terminal state. Safe to call
    twice: one message per (job, event, receiver)."""
    job = Job.objects.select_related("account").filter(pk=job_id).first()
    if job is None or not job.is_terminal:
        return []
    event_type = f"job.{job.status}"
    data = job_to_dict(job)
    receivers: list[tuple[WebhookEndpoint | None, str]] = [
        (endpoint, endpoint.url)
        for endpoint in WebhookEndpoint.objects.filter(account=job.account, is_active=True)
        if endpoint.wants(event_type)
    ]
    if job.webhook_url:
        receivers.append((None, job.webhook_url))
    messages = []
    with transaction.atomic():
        for endpoint, url in receivers:
            key = f"{job.pk}:{event_type}:{endpoint.pk if endpoint else 'request'}"
            message = _message_create(account=job.account, endpoint=endpoint, url=url, job=job,
                                      event_type=event_type, data=data, dedupe_key=key)
            if message is not None:
                messages.append(message)
    return messages


# --- Delivery ----------------------------------------------------------------------------

def webhook_message_enqueue(*, message_id) -> None:
    from django_q.tasks import async_task

    try:
        async_task("webhooks.tasks.webhook_message_deliver_task", str(message_id),
                   task_name=f"webhook {message_id}", group="webhooks")
    except Exception:  # the broker is down: the periodic sweep delivers it
        logger.exception("Could not enqueue webhook message %s; the sweep will deliver it", message_id)


def _retry_schedule(*, message_id, at: datetime) -> None:
    from django_q.models import Schedule

    try:
        Schedule.objects.create(name=f"webhook retry {message_id}"[:100],
                                func="webhooks.tasks.webhook_message_deliver_task",
                                args=repr(str(message_id)), schedule_type=Schedule.ONCE, next_run=at, repeats=-1)
    except Exception:
        logger.exception("Could not schedule webhook retry %s; the sweep will deliver it", message_id)


def _signing_secret(message: WebhookMessage) -> str:
    if message.endpoint is not None:
        return webhook_endpoint_secret(endpoint=message.endpoint)
    return webhook_signing_secret_get(account=message.account)


def webhook_headers(*, secret: str, msg_id: str, payload: str, sent_at: datetime) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, sent_at, payload),
        "content-type": "application/json",
    }


def webhook_message_deliver(*, message_id, now: datetime | None = None) -> WebhookDelivery | None:
    """Makes one attempt if the message is due at `now` (a test may pass a later one)
    and nobody else is attempting it. Returns the logged attempt, or None."""
    now = now or timezone.now()
    message = WebhookMessage.objects.select_related("endpoint", "account").filter(pk=message_id).first()
    if (message is None or message.status != WebhookMessage.Status.PENDING
            or message.next_attempt_at is None or message.next_attempt_at > now):
        return None
    if message.endpoint is not None and not message.endpoint.is_active:
        WebhookMessage.objects.filter(pk=message.pk, status=WebhookMessage.Status.PENDING).update(
            status=WebhookMessage.Status.FAILED, next_attempt_at=None)
        return None
    attempt = message.attempts + 1
    # Compare-and-set on the attempt counter: of two workers, one takes this attempt.
    if not WebhookMessage.objects.filter(pk=message.pk, status=WebhookMessage.Status.PENDING,
                                         attempts=message.attempts).update(
            attempts=attempt, next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS)):
        return None

    sent_at = timezone.now()  # the real clock: receivers check the timestamp's freshness
    headers = webhook_headers(secret=_signing_secret(message), msg_id=message.msg_id, payload=message.payload,
                              sent_at=sent_at)
    status_code = latency_ms = None
    excerpt = error = ""
    refused = False
    started = time.perf_counter()
    try:
        result = http_post(message.url, body=message.payload.encode(), headers=headers,
                           max_bytes=RESPONSE_EXCERPT_BYTES)
        status_code, latency_ms = result.status_code, result.latency_ms
        excerpt = result.body.decode("utf-8", errors="replace")[:RESPONSE_EXCERPT_BYTES]
    except UnsafeUrl as reason:
        # The address policy refuses the URL; it would refuse every retry too.
        refused, error = True, f"Refused (not retried): {reason}"
    except requests.Timeout:
        error = "Timed out."
    except requests.RequestException as failure:
        error = f"{type(failure).__name__}: {failure}"
    if latency_ms is None:
        latency_ms = int((time.perf_counter() - started) * 1000)

    succeeded = status_code is not None and 200 <= status_code < 300
    gone = status_code == 410
    if status_code is not None and not succeeded and not error:
        error = "Redirect not followed." if 300 <= status_code < 400 else f"HTTP {status_code}."
    next_attempt_at = None
    if succeeded:
        status = WebhookMessage.Status.SUCCEEDED
    elif gone or refused or attempt > len(RETRY_DELAYS):
        status = WebhookMessage.Status.FAILED
    else:
        status = WebhookMessage.Status.PENDING
        next_attempt_at = now + RETRY_DELAYS[attempt - 1]

    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            message=message, attempt=attempt, succeeded=succeeded, status_code=status_code, latency_ms=latency_ms,
            response_excerpt=excerpt, error=error[:300], next_attempt_at=next_attempt_at,
        )
        # Fenced by the attempt number: a resend that started another attempt meanwhile wins.
        WebhookMessage.objects.filter(pk=message.pk, attempts=attempt).update(
            status=status, next_attempt_at=next_attempt_at, last_status_code=status_code)
        if gone and message.endpoint is not None:
            webhook_endpoint_disable(endpoint=message.endpoint,
                                     reason="The receiver answered 410 Gone; deliveries stopped.")
        if next_attempt_at is not None:
            transaction.on_commit(lambda: _retry_schedule(message_id=message.pk, at=next_attempt_at))
    return delivery


def webhook_message_resend(*, message: WebhookMessage) -> WebhookMessage:
    """Delivers the message again now, with the same webhook-id (an extra attempt)."""
    if message.endpoint is not None and not message.endpoint.is_active:
        raise EndpointDisabled("The endpoint is disabled; enable it before resending.")
    with transaction.atomic():
        WebhookMessage.objects.filter(pk=message.pk).update(status=WebhookMessage.Status.PENDING,
                                                            next_attempt_at=timezone.now())
        transaction.on_commit(lambda: webhook_message_enqueue(message_id=message.pk))
    message.refresh_from_db()
    return message


def webhook_messages_deliver_due(*, now: datetime | None = None, budget_seconds: float = SWEEP_BUDGET_SECONDS) -> int:
    """Attempts every pending message that is due (also those whose claim ran out
    because a worker died), until the time budget is spent. Returns the attempts made."""
    now = now or timezone.now()
    deadline = time.monotonic() + budget_seconds
    made = 0
    due = (WebhookMessage.objects.filter(status=WebhookMessage.Status.PENDING, next_attempt_at__lte=now)
           .order_by("next_attempt_at").values_list("pk", flat=True)[:500])
    for message_id in list(due):
        if time.monotonic() > deadline:
            break
        if webhook_message_deliver(message_id=message_id, now=now) is not None:
            made += 1
    return made
