"""Rate limits per API key (or per user for browser sessions), SPEC §3 / issue 5.

One cache counter per key and window: cheap (locmem in one process, Redis through
CACHE_URL when several web processes share the limit). The rate is read from
settings.API_RATE_LIMIT on every request, so it can be changed without code."""
from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api"
    cache_format = "throttle:%(scope)s:%(ident)s"

    def get_rate(self) -> str | None:
        return settings.API_RATE_LIMIT or None

    def allow_request(self, request, view):
        # The rate may change at run time (settings, tests): parse it per request.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

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
