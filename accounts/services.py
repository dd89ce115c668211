from __future__ import annotations

import hmac
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.keys import generate_key, hash_key, parse_key
from accounts.models import Account, ApiKey, User
from billing.services import credits_grant, credits_grant_signup
from config.problems import Conflict, DomainError, NotFound, ValidationFailed
from generation.limits import API_KEY_NAME_MAX_CHARS

logger = logging.getLogger(__name__)

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
    `credits` says otherwise), made by an operator (command line, admin, tests): its
    e-mail address counts as verified. Visitors sign up through account_sign_up."""
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
        user = User(email=email, account=account, is_staff=is_staff, is_superuser=is_superuser,
                    email_verified_at=timezone.now())
        user.set_password(password)
        user.save()
        if starting:
            credits_grant(account=account, amount=starting, reason="Opening grant")
    return account


# One mail about sign-up or verification per user per interval, however often the
# form or the "resend link" button is used: neither may become a way to flood an inbox.
VERIFICATION_MAIL_INTERVAL = timedelta(minutes=1)
_VERIFICATION_SALT = "accounts.email-verification"


class TooManyMails(DomainError):
    status, code, title = 429, "rate_limited", "Too many requests"


def account_sign_up(*, email: str, password: str) -> None:
    """A visitor's sign-up. Answers the same whether the address is new or taken, so
    the form cannot tell who has an account: a new address gets an account (it can log
    in at once, with 0 credits) and a link to verify the address, which brings
    FREE_CREDITS; a taken address gets a mail telling its owner someone tried."""
    email = User.objects.normalize_email(email).strip().lower()
    if not email or "@" not in email:
        raise ValidationFailed("An e-mail address is required.", errors={"email": ["Enter a valid e-mail address."]})
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                account = Account.objects.create(name=email)
                user = User(email=email, account=account)
                user.set_password(password)
                user.save()
        except IntegrityError:
            # The same address, signed up twice at the same moment: the other request
            # made the account, this one answers as for any taken address.
            return
        _verification_mail_send(user=user, template="accounts/email/verify_email")
        return
    # Hash the password anyway: creating an account costs one hash, and the time an
    # answer takes should not tell a taken address from a new one.
    make_password(password)
    _verification_mail_send(user=existing, template="accounts/email/signup_taken")


def email_verification_resend(*, user: User) -> None:
    """The verification link again (the dashboard's "resend link"), at most once per
    VERIFICATION_MAIL_INTERVAL."""
    if user.is_email_verified:
        return
    if not _verification_mail_send(user=user, template="accounts/email/verify_email"):
        raise TooManyMails("A link was sent less than a minute ago; check your inbox, or try again in a minute.")


@dataclass(frozen=True)
class EmailVerification:
    user: User
    credits_granted: int  # 0 when the address was verified before (or FREE_CREDITS is 0)


def email_verify(*, token: str) -> EmailVerification:
    """Marks the address in a verification link as verified and grants sign-up's free
    credits, once: the compare-and-set below lets one request through, and the ledger's
    unique sign-up grant per account stops any other."""
    try:
        payload = signing.loads(token, salt=_VERIFICATION_SALT,
                                max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationFailed("This verification link has expired. Log in and ask for a new one.") from None
    except signing.BadSignature:
        raise ValidationFailed("This verification link is not valid. Log in and ask for a new one.") from None
    # The address is part of the token, so a link mailed to an old address verifies nothing.
    user = User.objects.select_related("account").filter(pk=payload.get("user"), email=payload.get("email")).first()
    if user is None or user.account is None:
        raise ValidationFailed("This verification link is not valid. Log in and ask for a new one.")
    granted = 0
    with transaction.atomic():
        now = timezone.now()
        first = User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(email_verified_at=now)
        if first and settings.FREE_CREDITS:
            if credits_grant_signup(account=user.account, amount=settings.FREE_CREDITS) is not None:
                granted = settings.FREE_CREDITS
    user.refresh_from_db(fields=["email_verified_at"])
    return EmailVerification(user=user, credits_granted=granted)


def email_verification_token(*, user: User) -> str:
    """A signed, timestamped token naming the user and the address it verifies."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=_VERIFICATION_SALT, compress=True)


def _verification_mail_send(*, user: User, template: str) -> bool:
    """Mails `template` (subject + body) to the user unless one went out within
    VERIFICATION_MAIL_INTERVAL. The compare-and-set on email_sent_at decides, so
    several web processes agree. Returns whether a mail went out."""
    now = timezone.now()
    claimed = User.objects.filter(
        Q(email_sent_at__isnull=True) | Q(email_sent_at__lte=now - VERIFICATION_MAIL_INTERVAL), pk=user.pk
    ).update(email_sent_at=now)
    if not claimed:
        return False
    base = settings.PUBLIC_BASE_URL
    context = {
        "email": user.email,
        "verified": user.is_email_verified,
        "verify_url": base + reverse("verify-email", args=[email_verification_token(user=user)]),
        "login_url": base + reverse("login"),
        "reset_url": base + reverse("password_reset"),
        "free_credits": settings.FREE_CREDITS,
        "max_age_days": settings.EMAIL_VERIFICATION_MAX_AGE.days,
    }
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        # The answer to the form stays the same; "resend link" tries again later.
        logger.exception("Could not mail %s to user %s", template, user.pk)
    return True


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
    if len(name) > API_KEY_NAME_MAX_CHARS:
        raise ValidationFailed("Name too long.", errors={"name": [f"At most {API_KEY_NAME_MAX_CHARS} characters."]})
    if mode not in ApiKey.Mode.values:
        raise ValidationFailed("Unknown key mode.", errors={"mode": ["Use live or test."]})
    secret = generate_key(mode)
    parsed = parse_key(secret)
    assert parsed is not None  # generate_key makes well-formed keys
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
