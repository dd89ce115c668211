from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Webhooks: receivers' endpoints, signed messages and their delivery. Fed by one
    hook, generation.events.job_event_dispatch, when a job reaches a terminal state."""

    name = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
