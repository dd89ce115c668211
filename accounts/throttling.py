"""Rate limits per API key (or per user for browser sessions), README, What to expect: Errors.

One counter per key and fixed window (e.g. the current minute for `600/min`) in the
shared cache — the database cache by default, Redis through CACHE_URL — incremented
atomically, so every web process draws on the same budget. The rate is read from
settings.API_RATE_LIMIT on every request, so it can be changed without code."""
from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle


def rate_window_hit(*, key: str, window_seconds: int) -> tuple[int, float]:
    """Counts one request against `key` in the current window of `window_seconds`;
    returns the window's count so far (this one included) and the seconds it has left."""
    cache = caches["default"]
    now = time.time()
    window = int(now // window_seconds)
    counter = f"{key}:{window}"
    try:
        count = cache.incr(counter)
    except ValueError:  # first request of the window
        # add() is create-if-absent: of two processes starting the window, one wins
        # and the other counts on top of it.
        count = 1 if cache.add(counter, 1, timeout=window_seconds + 60) else cache.incr(counter)
    return count, (window + 1) * window_seconds - now


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api"
    cache_format = "throttle:%(scope)s:%(ident)s"

    def get_rate(self) -> str | None:
        return settings.API_RATE_LIMIT or None

    def allow_request(self, request, view) -> bool:
        # The rate may change at run time (settings, tests): parse it per request.
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        count, self.seconds_left = rate_window_hit(key=key, window_seconds=self.duration or 1)
        return count <= (self.num_requests or 0)

    def wait(self) -> float:
        return self.seconds_left

    def get_cache_key(self, request, view) -> str | None:
        api_key = request.auth if hasattr(request.auth, "prefix") else None
        if api_key is not None:
            # The prefix is random and unique, never reused like a row id may be.
            ident = f"key:{api_key.prefix}"
        elif request.user is not None and getattr(request.user, "is_authenticated", False):
            user = request.user
            ident = f"user:{user.pk}:{int(user.date_joined.timestamp())}"
        else:
            return None  # unauthenticated: refused by authentication anyway
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PreviewRateThrottle(ApiKeyRateThrottle):
    """Live previews draw a creative for free: their own budget per key or user
    (settings.PREVIEW_RATE_LIMIT), on top of the API's."""

    scope = "preview"

    def get_rate(self) -> str | None:
        return settings.PREVIEW_RATE_LIMIT or None
