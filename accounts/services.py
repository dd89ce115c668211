from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.keys import generate_key, hash_key, parse_key
from accounts.models import Account, ApiKey, User
from billing.services import credits_grant
from config.problems import Conflict, NotFound, ValidationFailed

# last_used_at is informative; writing it on every request would make each API call a
# write. Once a minute is precise enough for people and cheap for the database.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def account_create(
    *,
    email: str,
    password: str | None,
    credits: int | None = None,
    name: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> Account:
    """A new account with its first user and the opening grant (FREE_CREDITS unless
    `credits` says otherwise)."""
    email = User.objects.normalize_email(email).strip().lower()
    if not email or "@" not in email:
        raise ValidationFailed("An e-mail address is required.", errors={"email": ["Enter a valid e-mail address."]})
    starting = settings.FREE_CREDITS if credits is None else credits
    if starting < 0:
        raise ValidationFailed("Credits cannot be negative.", errors={"credits": ["Must be 0 or more."]})
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise Conflict(f"An account for {email} already exists.")
        account = Account.objects.create(name=name or email)
        user = User(email=email, account=account, is_staff=is_staff, is_superuser=is_superuser)
        user.set_password(password)
        user.save()
        if starting:
            credits_grant(account=account, amount=starting, reason="Opening grant")
    return account


def account_for_email(*, email: str) -> Account:
    user = User.objects.select_related("account").filter(email=email.strip().lower()).first()
    if user is None or user.account is None:
        raise NotFound(f"No account for {email}.")
    return user.account


@dataclass(frozen=True)
class CreatedApiKey:
    api_key: ApiKey
    secret: str  # the whole key, shown once and never stored


def api_key_create(*, account: Account, name: str, mode: str = ApiKey.Mode.LIVE) -> CreatedApiKey:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("A key needs a name.", errors={"name": ["This field is required."]})
    if len(name) > 100:
        raise ValidationFailed("Name too long.", errors={"name": ["At most 100 characters."]})
    if mode not in ApiKey.Mode.values:
        raise ValidationFailed("Unknown key mode.", errors={"mode": ["Use live or test."]})
    secret = generate_key(mode)
    parsed = parse_key(secret)
    api_key = ApiKey.objects.create(
        account=account, name=name, mode=mode, prefix=parsed.prefix, key_hash=hash_key(secret)
    )
    return CreatedApiKey(api_key=api_key, secret=secret)


def api_key_revoke(*, account: Account, key_id: int) -> ApiKey:
    api_key = ApiKey.objects.filter(account=account, pk=key_id).first()
    if api_key is None:
        raise NotFound("No such API key in your account.")
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    api_key.refresh_from_db()
    return api_key


def api_key_authenticate(*, secret: str) -> ApiKey | None:
    """The active key for `secret`, or None. Touches last_used_at at most once a minute."""
    parsed = parse_key(secret)
    if parsed is None:
        return None
    # [:1], not .first(): the prefix is unique, an ORDER BY would only cost time.
    found = list(ApiKey.objects.select_related("account").filter(prefix=parsed.prefix)[:1])
    api_key = found[0] if found else None
    if api_key is None or not hmac.compare_digest(api_key.key_hash, hash_key(secret)):
        return None
    if api_key.revoked_at is not None:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
