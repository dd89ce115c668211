from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Account(models.Model):
    """A customer or partner: owns the credit balance, API keys, jobs and assets.

    The balance columns are a cache of the ledger (billing.LedgerEntry), changed only
    by billing.services in the same transaction as the entry that explains them."""

    name = models.CharField(max_length=200)
    credits_available = models.BigIntegerField(default=0)
    credits_reserved = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # The last line of defence for "balance can never go negative": a
            # conditional UPDATE guards it in the service, the database guarantees it.
            models.CheckConstraint(condition=Q(credits_available__gte=0), name="account_available_non_negative"),
            models.CheckConstraint(condition=Q(credits_reserved__gte=0), name="account_reserved_non_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        # `createsuperuser` goes through here; the account comes from the service so the
        # opening grant is in the ledger like any other.
        from accounts.services import account_create

        return account_create(email=email, password=password, is_staff=True, is_superuser=True).users.get()


class User(AbstractUser):
    """Logs in with an e-mail address; belongs to one account."""

    username = None  # type: ignore[assignment]  # the e-mail address is the log-in name
    email = models.EmailField("e-mail address", unique=True)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="users", null=True)
    # Set when the user opened the link mailed at sign-up (or at creation, for accounts
    # an operator makes). Sign-up's free credits wait for it.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # When sign-up or "resend link" last mailed this address (at most one a minute).
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # create_user by e-mail

    def __str__(self) -> str:
        return self.email

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None


class Mode(models.TextChoices):
    """Live or test: of an API key, and of everything made with it (jobs, idempotency
    records). Test work is free and watermarked (README, What to expect: Test keys)."""

    LIVE = "live", "Live"
    TEST = "test", "Test"


class ApiKey(models.Model):
    Mode = Mode

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    mode = models.CharField(max_length=4, choices=Mode.choices)
    # The first characters of the key, shown to people and used to find the row; the
    # secret part is kept only as HMAC-SHA256(API_KEY_PEPPER, key).
    prefix = models.CharField(max_length=32, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"
        verbose_name_plural = "API keys"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_test(self) -> bool:
        return self.mode == self.Mode.TEST

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
