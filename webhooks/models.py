"""Webhooks (README, Webhooks): receivers, the events sent to them, and every attempt."""
from __future__ import annotations

import secrets
import uuid

from django.db import models


def message_id_new() -> str:
    return f"msg_{secrets.token_urlsafe(18)}"


class WebhookSigningSecret(models.Model):
    """The account's default secret: signs deliveries to a per-request `webhookUrl`."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE,
                                   related_name="webhook_signing_secret")
    secret_encrypted = models.TextField(help_text="Encrypted with a key derived from SECRET_KEY.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The tables keep the names they had when these models lived in the generation app.
        db_table = "generation_webhooksigningsecret"

    def __str__(self) -> str:
        return f"default webhook secret of {self.account_id}"


class WebhookEndpoint(models.Model):
    """A URL of the account that receives job events, with its own signing secret."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list, blank=True, help_text="Empty: every job event.")
    secret_encrypted = models.TextField(help_text="Encrypted with a key derived from SECRET_KEY.")
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "generation_webhookendpoint"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class WebhookMessage(models.Model):
    """One event for one receiver. Its `msg_id` is the `webhook-id` header of every
    attempt, so a receiver can tell a retry from a new event."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    msg_id = models.CharField(max_length=40, unique=True, default=message_id_new)
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="webhook_messages")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="messages", help_text="Empty: the job's own webhookUrl.")
    job = models.ForeignKey("generation.Job", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="webhook_messages")
    url = models.URLField(max_length=2000)
    event_type = models.CharField(max_length=40)
    payload = models.TextField(help_text="The JSON body exactly as it is signed and sent.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the next attempt is due; while an attempt runs, when its claim runs out.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # One message per (job, event, receiver), however often the event is dispatched.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "generation_webhookmessage"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["account", "-created_at"]),
                   models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} {self.msg_id} → {self.url} ({self.status})"


class WebhookDelivery(models.Model):
    """One attempt to deliver a message: what the receiver answered, or why not."""

    message = models.ForeignKey(WebhookMessage, on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveSmallIntegerField()
    succeeded = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=1024, blank=True)
    error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "generation_webhookdelivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-attempt"]
        constraints = [
            # An attempt number is taken once, by the compare-and-set claim.
            models.UniqueConstraint(fields=["message", "attempt"], name="webhook_delivery_unique_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.message.msg_id} #{self.attempt} ({self.status_code or self.error})"
