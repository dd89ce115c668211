from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import Account
from config.problems import NotFound
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage


def _uuid_or_404(value) -> str:
    import uuid

    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise NotFound("No such resource in your account.") from None


def endpoint_list_for_account(*, account: Account) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(account=account).order_by("created_at")


def endpoint_get_for_account(*, account: Account, endpoint_id) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(account=account, pk=_uuid_or_404(endpoint_id)).first()
    if endpoint is None:
        raise NotFound("No such webhook endpoint in your account.")
    return endpoint


def message_list_for_account(*, account: Account, endpoint: WebhookEndpoint | None = None) -> QuerySet[WebhookMessage]:
    messages = (WebhookMessage.objects.filter(account=account).select_related("endpoint")
                .prefetch_related(Prefetch("deliveries", queryset=WebhookDelivery.objects.order_by("-attempt")))
                .order_by("-created_at"))
    if endpoint is not None:
        messages = messages.filter(endpoint=endpoint)
    return messages


def message_get_for_account(*, account: Account, message_id) -> WebhookMessage:
    message = message_list_for_account(account=account).filter(pk=_uuid_or_404(message_id)).first()
    if message is None:
        raise NotFound("No such webhook message in your account.")
    return message
