"""Where a request really came from when a proxy sits in front of the web server."""
from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address. With TRUSTED_PROXY_COUNT = N proxies in front, each
    appends the address it received the request from to X-Forwarded-For, so the client
    is the N-th address from the right; anything further left is whatever the client
    wrote and is ignored. Without proxies (or with a header shorter than promised, a
    misconfiguration) it is the connection's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote
