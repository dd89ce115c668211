from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Account, ApiKey, User
from billing.admin import grant_credits

# The product's name on every admin page (title bar, header, index).
admin.site.site_header = "Creative Studio admin"
admin.site.site_title = "Creative Studio admin"
admin.site.index_title = "Accounts, jobs, credits and webhooks"


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    extra = 0
    can_delete = False
    # Only the prefix: the key itself is never stored, its hash never shown.
    fields = ("name", "prefix", "mode", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "credits_available", "credits_reserved", "created_at")
    search_fields = ("name", "users__email")
    inlines = [ApiKeyInline]
    # The balance is the ledger's cache: change it with the "Grant credits" action or
    # `grant_credits`, never by hand.
    readonly_fields = ("credits_available", "credits_reserved", "created_at")
    actions = [grant_credits]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "account", "email_verified_at", "is_staff", "is_active", "last_login")
    search_fields = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password", "account")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined", "email_verified_at")}),
    )
    # Set by the verification link, together with sign-up's free credits (accounts.services).
    readonly_fields = ("email_verified_at",)
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    raw_id_fields = ("account",)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "mode", "account", "created_at", "last_used_at", "revoked_at")
    list_filter = ("mode",)
    search_fields = ("name", "prefix", "account__name")
    # Only the prefix is ever shown: the key itself is not stored.
    exclude = ("key_hash",)
    readonly_fields = ("account", "name", "mode", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # keys are created in Settings or with `create_api_key`, shown once
