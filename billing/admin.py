from django.contrib import admin

from billing.models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "account", "kind", "available_delta", "reserved_delta", "job", "reason")
    list_filter = ("kind",)
    search_fields = ("account__name", "reason", "job__id")
    date_hierarchy = "created_at"

    # Append-only: the ledger is read here, written only by billing.services.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
