from __future__ import annotations

from django.db import models
from django.db.models import Q


class LedgerEntry(models.Model):
    """One credit movement. Append-only: rows are never updated or deleted; the
    account's cached balance is the sum of `available_delta` and `reserved_delta`."""

    class Kind(models.TextChoices):
        GRANT = "grant", "Grant"
        SIGNUP_GRANT = "signup_grant", "Sign-up grant"
        PURCHASE = "purchase", "Purchase"
        SUBSCRIPTION = "subscription", "Subscription"
        RESERVE = "reserve", "Reserve"
        RELEASE = "release", "Release"
        CAPTURE = "capture", "Capture"
        ADJUSTMENT = "adjustment", "Adjustment"

    # Indexed through (account, created_at) and the unique (job, kind) constraint: no
    # single-column copies, each would be one more page written per movement.
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="ledger_entries",
                                db_index=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    available_delta = models.BigIntegerField()
    reserved_delta = models.BigIntegerField()
    job = models.ForeignKey("generation.Job", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="ledger_entries", db_index=False)
    reason = models.CharField(max_length=200, blank=True)
    # The Stripe object behind a purchase, subscription or adjustment: the Checkout
    # Session of a pack, the invoice of a plan period, the charge or dispute that
    # took credits back. Empty for movements that did not come from Stripe.
    stripe_object_id = models.CharField(max_length=255, blank=True, default="")
    # An adjustment that takes back (part of) a purchase or subscription grant points
    # at it, so a refund after a dispute never takes the same credits back twice.
    reverses = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reversals", db_index=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            # Each movement for a job happens at most once, however often a worker,
            # the reaper or a cancel races to finish it.
            models.UniqueConstraint(fields=["job", "kind"], condition=Q(job__isnull=False),
                                    name="ledger_one_movement_per_job_and_kind"),
            # Sign-up's free credits are granted once per account, however often (and
            # however concurrently) its verification link is opened.
            models.UniqueConstraint(fields=["account"], condition=Q(kind="signup_grant"),
                                    name="ledger_one_signup_grant_per_account"),
            # A pack's Checkout Session or a plan's invoice grants once, whichever of
            # Stripe's events (and however many copies of them) arrives first.
            models.UniqueConstraint(fields=["stripe_object_id", "kind"],
                                    condition=Q(kind__in=["purchase", "subscription"]) & ~Q(stripe_object_id=""),
                                    name="ledger_one_grant_per_stripe_object"),
        ]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.available_delta:+d}/{self.reserved_delta:+d}"

    @property
    def credits(self) -> int:
        """The size of the movement as people read it (always positive)."""
        return max(abs(self.available_delta), abs(self.reserved_delta))


class CatalogItem(models.Model):
    """Something a customer can buy (README, Billing): a credit pack (once) or a monthly plan
    (credits each paid period). Its Stripe Price comes from STRIPE_PRICE_<CODE>."""

    class Kind(models.TextChoices):
        PACK = "pack", "Credit pack"
        PLAN = "plan", "Monthly plan"

    code = models.SlugField(max_length=40, unique=True,
                            help_text="Stable code used in Stripe metadata and STRIPE_PRICE_<CODE>.")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    name = models.CharField(max_length=80)
    credits = models.PositiveIntegerField(help_text="Credits per purchase (pack) or per paid month (plan).")
    price_display = models.CharField(max_length=40, help_text="The price as shown on the billing page, e.g. $19. "
                                                              "Stripe charges what its Price says.")
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Inactive items are not offered; past grants keep working.")

    class Meta:
        ordering = ["kind", "position", "credits"]
        constraints = [models.CheckConstraint(condition=Q(credits__gt=0), name="catalog_item_credits_positive")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def stripe_price_id(self) -> str:
        from django.conf import settings

        return settings.STRIPE_PRICES.get(self.code, "")


class BillingCustomer(models.Model):
    """The Stripe Customer of an account, learned from its first Checkout Session; the
    customer portal opens for it."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE, related_name="billing_customer")
    stripe_customer_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.stripe_customer_id


class Subscription(models.Model):
    """An account's Stripe subscription to a plan. The account's plan is its active one."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="subscriptions")
    plan = models.ForeignKey(CatalogItem, on_delete=models.PROTECT, related_name="subscriptions")
    stripe_subscription_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    current_period_end = models.DateTimeField(null=True, blank=True)
    # Cancelled in the portal but paid to the end of the period: it ends then instead
    # of renewing.
    cancel_at_period_end = models.BooleanField(default=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["account", "status"])]

    def __str__(self) -> str:
        return f"{self.plan.code} {self.stripe_subscription_id} ({self.status})"


class StripePayment(models.Model):
    """Which grant a Stripe payment paid for: a payment intent or charge id → the
    Stripe object id of the grant (a pack's Checkout Session, a plan's invoice), so that
    a refund or dispute of the payment finds the credits to take back. Kept by id, not
    by foreign key: Stripe may tell us about the payment before the grant exists."""

    payment_id = models.CharField(max_length=255, unique=True)
    grant_object_id = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.grant_object_id}"


class StripeEvent(models.Model):
    """A Stripe webhook event we processed. The unique event id, written in the same
    transaction as the event's effect, makes "at most once" real."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Applied"
        IGNORED = "ignored", "Ignored"
        PENDING = "pending", "Waiting for its subscription"

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    livemode = models.BooleanField(default=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="stripe_events")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["outcome"], condition=Q(outcome="pending"), name="stripe_event_pending")]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
