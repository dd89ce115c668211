"""django-q2 entry points for webhook delivery; each is safe to run twice."""
from __future__ import annotations

from webhooks.services import webhook_message_deliver, webhook_messages_deliver_due


def webhook_message_deliver_task(message_id: str) -> str:
    delivery = webhook_message_deliver(message_id=message_id)
    if delivery is None:
        return f"{message_id}: not due or taken"
    return f"{message_id}: attempt {delivery.attempt} → {delivery.status_code or delivery.error}"


def webhook_deliver_due_task() -> str:
    return f"attempts={webhook_messages_deliver_due()}"
