import json
import secrets

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html

from billing.models import BillingCustomer, CatalogItem, LedgerEntry, StripeEvent, Subscription
from billing.services import credits_grant
from billing.services_stripe import ledger_entry_refund
from config.problems import DomainError


class _ReadOnly(admin.ModelAdmin):
    """Written only by the billing services; read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(_ReadOnly):
    list_display = ("created_at", "account", "kind", "available_delta", "reserved_delta", "job", "stripe_object_id",
                    "reason")
    list_filter = ("kind",)
    search_fields = ("account__name", "reason", "job__id", "stripe_object_id")
    date_hierarchy = "created_at"
    actions = ["refund_credits"]

    # Append-only: the ledger is read here, written only by billing.services. The
    # refund action appends an adjustment through the same service as Stripe's refunds.
    @admin.action(description="Refund credits: take back the unspent part of the selected grants")
    def refund_credits(self, request, queryset):
        taken = skipped = 0
        for entry in queryset.filter(kind__in=[LedgerEntry.Kind.GRANT, LedgerEntry.Kind.PURCHASE,
                                               LedgerEntry.Kind.SUBSCRIPTION]):
            adjustment = ledger_entry_refund(entry=entry, reason=f"Refunded by {request.user.email}")
            if adjustment is None:
                skipped += 1
            else:
                taken += adjustment.credits
        skipped += queryset.exclude(kind__in=[LedgerEntry.Kind.GRANT, LedgerEntry.Kind.PURCHASE,
                                              LedgerEntry.Kind.SUBSCRIPTION]).count()
        nothing = f"{skipped} {'entry' if skipped == 1 else 'entries'} had nothing to take back " \
                  "(spent, taken back already, or not a grant)."
        self.message_user(request, f"Took back {_plural(taken, 'credit')}; {nothing}", messages.SUCCESS)


class GrantCreditsForm(forms.Form):
    amount = forms.IntegerField(min_value=1, max_value=10_000_000, label="Credits to grant to each account")
    reason = forms.CharField(max_length=160, required=False, label="Reason (shown in the account's ledger)",
                             help_text="Your e-mail address is added to it.")
    # One grant per rendering of the form: a double click or a resent POST finds its
    # token spent and grants nothing more.
    token = forms.CharField(widget=forms.HiddenInput)


_GRANT_TOKENS = "admin_grant_credits_tokens"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@admin.action(description="Grant credits")
def grant_credits(modeladmin, request, queryset):
    """Account admin action: an intermediate form, then one ledger grant per selected
    account (billing.services.credits_grant), all of them or none."""
    form = GrantCreditsForm(request.POST if "apply" in request.POST else None,
                            initial={"token": secrets.token_urlsafe(16)})
    if form.is_valid():
        tokens = request.session.get(_GRANT_TOKENS, [])
        if form.cleaned_data["token"] not in tokens:
            modeladmin.message_user(request, "These credits were granted already (the form was sent twice); "
                                             "nothing more was granted.", messages.WARNING)
            return None
        request.session[_GRANT_TOKENS] = [t for t in tokens if t != form.cleaned_data["token"]]
        amount = form.cleaned_data["amount"]
        reason = " · ".join(filter(None, [form.cleaned_data["reason"].strip(), f"granted by {request.user.email}"]))
        accounts = list(queryset)
        try:
            with transaction.atomic():
                for account in accounts:
                    credits_grant(account=account, amount=amount, reason=reason[:200])
        except DomainError as error:
            modeladmin.message_user(request, f"Nothing was granted: {error.detail}", messages.ERROR)
            return None
        modeladmin.message_user(request, f"Granted {_plural(amount, 'credit')} to {_plural(len(accounts), 'account')}.",
                                messages.SUCCESS)
        return None
    if not form.is_bound:
        request.session[_GRANT_TOKENS] = [*request.session.get(_GRANT_TOKENS, [])[-9:], form.initial["token"]]
    return TemplateResponse(request, "admin/billing/grant_credits.html", {
        **modeladmin.admin_site.each_context(request), "title": "Grant credits", "form": form,
        "accounts": queryset, "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "name", "credits", "price_display", "active", "stripe_price")
    list_filter = ("kind", "active")
    list_editable = ("price_display", "active")
    ordering = ("kind", "position")

    @admin.display(description="Stripe Price (STRIPE_PRICE_<CODE>)")
    def stripe_price(self, obj):
        return obj.stripe_price_id or "— not set: not for sale"

    def get_readonly_fields(self, request, obj=None):
        # The code is in Stripe metadata of past purchases: renaming it would orphan them.
        return ("code",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead; subscriptions and grants refer to items


@admin.register(Subscription)
class SubscriptionAdmin(_ReadOnly):
    list_display = ("account", "plan", "status", "current_period_end", "stripe_subscription_id", "created_at")
    list_filter = ("status", "plan")
    search_fields = ("account__name", "stripe_subscription_id")


@admin.register(BillingCustomer)
class BillingCustomerAdmin(_ReadOnly):
    list_display = ("account", "stripe_customer_id", "created_at")
    search_fields = ("account__name", "stripe_customer_id")


@admin.register(StripeEvent)
class StripeEventAdmin(_ReadOnly):
    list_display = ("received_at", "type", "outcome", "account", "object_id", "event_id", "detail")
    list_filter = ("outcome", "type", "livemode")
    search_fields = ("event_id", "object_id", "account__name")
    date_hierarchy = "received_at"
    fields = ("event_id", "type", "livemode", "object_id", "account", "outcome", "detail", "received_at",
              "payload_pretty")
    readonly_fields = fields

    @admin.display(description="Payload")
    def payload_pretty(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, indent=2, sort_keys=True))
