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
        ]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.available_delta:+d}/{self.reserved_delta:+d}"

    @property
    def credits(self) -> int:
        """The size of the movement as people read it (always positive)."""
        return max(abs(self.available_delta), abs(self.reserved_delta))
