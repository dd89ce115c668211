"""How django-axes names who is trying to log in, and what it answers once they are
locked out (settings: AXES_*; README "Sign-up, verification and the log-in throttle")."""
from __future__ import annotations

import math

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from config.proxy import client_ip

# The e-mail column is 254 characters; axes stores the name in a 255-character column.
_USERNAME_MAX = 254


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The e-mail address as the account stores it, so that "Alice@Example.com " and
    "alice@example.com" count against the same lock (the admin's log-in form does not
    lower-case it, ours does)."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username") if request is not None else None
    if raw is None:
        return None
    return str(raw).strip().lower()[:_USERNAME_MAX]


def lockout_minutes_left(*, ip_address: str, username: str | None) -> int:
    """Whole minutes until the newest failure behind this lock leaves the cool-off window."""
    matching = Q(ip_address=ip_address)
    if username:
        matching |= Q(username=username)
    last = AccessAttempt.objects.filter(matching).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    left = (last + settings.AXES_COOLOFF_TIME - timezone.now()).total_seconds()
    return max(1, math.ceil(left / 60))


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """429 with the lock-out page, for the site's log-in form and the admin's alike."""
    minutes = lockout_minutes_left(ip_address=client_ip(request), username=lockout_username(request, credentials))
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
