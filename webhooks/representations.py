"""Webhook objects as the API shows them (camelCase, like the rest of /api/v1)."""
from __future__ import annotations

from generation.representations import _iso
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage


def endpoint_to_dict(endpoint: WebhookEndpoint, *, secret: str | None = None) -> dict:
    body = {
        "id": str(endpoint.pk),
        "url": endpoint.url,
        "description": endpoint.description,
        "eventTypes": endpoint.event_types,
        "isActive": endpoint.is_active,
        "disabledReason": endpoint.disabled_reason or None,
        "createdAt": _iso(endpoint.created_at),
    }
    if secret is not None:
        body["secret"] = secret
    return body


def delivery_to_dict(delivery: WebhookDelivery) -> dict:
    return {
        "attempt": delivery.attempt,
        "succeeded": delivery.succeeded,
        "statusCode": delivery.status_code,
        "latencyMs": delivery.latency_ms,
        "responseExcerpt": delivery.response_excerpt,
        "error": delivery.error or None,
        "nextAttemptAt": _iso(delivery.next_attempt_at),
        "createdAt": _iso(delivery.created_at),
    }


def message_to_dict(message: WebhookMessage) -> dict:
    return {
        "id": str(message.pk),
        "webhookId": message.msg_id,
        "eventType": message.event_type,
        "endpointId": str(message.endpoint_id) if message.endpoint_id else None,
        "jobId": str(message.job_id) if message.job_id else None,
        "url": message.url,
        "status": message.status,
        "attempts": message.attempts,
        "nextAttemptAt": _iso(message.next_attempt_at) if message.status == WebhookMessage.Status.PENDING else None,
        "createdAt": _iso(message.created_at),
        "deliveries": [delivery_to_dict(d) for d in message.deliveries.all()],
    }
