"""Admin for webhook endpoints (secrets never shown) and the delivery log (read-only)."""
from django.contrib import admin, messages

from config.problems import DomainError
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage
from webhooks.services import webhook_endpoint_enable, webhook_message_resend


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "account", "is_active", "disabled_reason", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "account__name")
    exclude = ("secret_encrypted",)
    readonly_fields = ("id", "account", "url", "event_types", "disabled_at", "created_at")
    actions = ["enable_endpoints"]

    def has_add_permission(self, request):
        return False  # created by the account (Settings or API), which gets the secret

    @admin.action(description="Enable selected endpoints again")
    def enable_endpoints(self, request, queryset):
        for endpoint in queryset:
            webhook_endpoint_enable(endpoint=endpoint)
        self.message_user(request, f"Enabled {queryset.count()} endpoint(s).")


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = ("attempt", "succeeded", "status_code", "latency_ms", "error", "response_excerpt",
              "next_attempt_at", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookMessage)
class WebhookMessageAdmin(admin.ModelAdmin):
    list_display = ("msg_id", "event_type", "url", "status", "attempts", "last_status_code", "account", "created_at")
    list_filter = ("status", "event_type")
    search_fields = ("msg_id", "url", "job__id", "account__name")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in WebhookMessage._meta.fields]
    inlines = [WebhookDeliveryInline]
    actions = ["resend_messages"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Resend selected messages (same webhook-id)")
    def resend_messages(self, request, queryset):
        done = 0
        for message in queryset.select_related("endpoint"):
            try:
                webhook_message_resend(message=message)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{message.msg_id}: {error.detail}", messages.WARNING)
        self.message_user(request, f"Resending {done} message(s).")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("message", "attempt", "succeeded", "status_code", "latency_ms", "error", "created_at")
    list_filter = ("succeeded",)
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
