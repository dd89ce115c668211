"""Outbound HTTP that a customer can point somewhere (webhook receivers, player photos),
and the one URL policy that decides both whether such a URL is accepted and whether
it is called.

Everything goes through requests-hardened: the host is resolved once, the resolved
address is checked and the connection is pinned to that address, so DNS rebinding
cannot swap it afterwards. One address policy, `address_is_public`, decides both
when a URL is accepted (`url_check_public`) and when a request connects (the pinned
address): only globally routable unicast addresses pass — loopback, private,
link-local (which includes the cloud metadata address 169.254.169.254), multicast and
reserved ranges are refused, and so is every IPv6 form that embeds an IPv4 address
(compatible, translated, NAT64, 6to4, Teredo) except IPv4-mapped, which is judged
by the IPv4 address it maps.
Redirects are not followed by the client; `http_get` may follow a few itself, each hop
checked like the first URL. Every request has a connect and a read timeout, and at
most `max_bytes` of a response are read. `settings.ALLOW_PRIVATE_URLS` lifts the
address filter for development and tests (a receiver on 127.0.0.1)."""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress
from requests_hardened.ip_filter_adapter import IPFilterAdapter

CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
DEFAULT_MAX_BYTES = 64 * 1024
USER_AGENT = "CreativeStudio-Webhooks/1.0"
IMAGE_USER_AGENT = "CreativeStudio-ImageFetch/1.0"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class UnsafeUrl(ValueError):
    """The URL may not be fetched: wrong scheme, no host, or a non-public address."""


@dataclass(frozen=True)
class HttpResult:
    status_code: int
    body: bytes  # at most max_bytes
    latency_ms: int
    headers: dict


# Not globally routable, though Python 3.11's `is_global` says so (its tables predate
# some IANA entries), or an IPv6 form that reaches an IPv4 address through a
# translator or tunnel we cannot judge: refused, whatever address they embed.
_REFUSED_NETWORKS = tuple(ipaddress.ip_network(network) for network in (
    "192.0.0.0/24",      # IETF protocol assignments (192.0.0.8 and friends)
    "192.88.99.0/24",    # 6to4 relay anycast
    "::/96",             # IPv4-compatible (deprecated): ::7f00:1 is 127.0.0.1
    "::ffff:0:0:0/96",   # IPv4-translated (SIIT)
    "64:ff9b::/96",      # NAT64, well-known prefix
    "64:ff9b:1::/48",    # NAT64, local use
    "2002::/16",         # 6to4
    "2001::/32",         # Teredo
    "fec0::/10",         # site-local (deprecated)
    "5f00::/16",         # segment routing
    "3fff::/20",         # documentation
))


def address_is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """The one address policy for outbound requests: True only for a globally
    routable unicast address. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged
    by its IPv4 address; other IPv6 forms that embed an IPv4 address are refused."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        return False
    return not any(address in network for network in _REFUSED_NETWORKS if network.version == address.version)


class _PublicAddressAdapter(IPFilterAdapter):
    """requests-hardened's adapter (resolve once, pin the connection to the address)
    with this module's policy applied to the pinned address as well."""

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        pinned = ipaddress.ip_address(host_params["host"].strip("[]"))
        if not address_is_public(pinned):
            raise InvalidIPAddress(pinned)
        return host_params, pool_kwargs


def _session(user_agent: str = USER_AGENT) -> HTTPSession:
    # Read at call time, so the `settings` test fixture (and a restart) takes effect.
    config = Config(
        ip_filter_enable=False,  # our adapter below does it, with address_is_public
        ip_filter_allow_loopback_ips=False,
        never_redirect=True,
        default_timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS),
        user_agent_override=user_agent,
    )
    session = HTTPSession(config)
    if not settings.ALLOW_PRIVATE_URLS:
        session.mount("http://", _PublicAddressAdapter(is_https_proto=False, allow_loopback=False))
        session.mount("https://", _PublicAddressAdapter(is_https_proto=True, allow_loopback=False))
    # An environment proxy would make the filter check the proxy, not the target.
    session.trust_env = False
    return session


def url_check_shape(url: str) -> tuple[str, int | None]:
    """The rules on the URL itself, for acceptance and delivery alike: http(s), a host,
    no credentials. Returns its host and port."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl(f"Not a valid URL ({error}).") from None
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("Only http:// and https:// URLs are allowed.")
    if not hostname:
        raise UnsafeUrl("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeUrl("Credentials in the URL are not allowed; use the signature to authenticate us.")
    return hostname, port


def url_check_public(url: str) -> None:
    """Refuses, before anything is stored, a URL a server must not call: the shape
    rules (url_check_shape), and a host that is (or resolves to) a non-public address
    (address_is_public, the check the delivery's pinned connection makes too). A name
    that does not resolve now is accepted; the delivery-time check still applies."""
    hostname, port = url_check_shape(url)
    if settings.ALLOW_PRIVATE_URLS:
        return
    try:
        addresses = [ipaddress.ip_address(hostname)]
    except ValueError:
        if hostname.rstrip(".").lower() == "localhost" or hostname.rstrip(".").lower().endswith(".localhost"):
            raise UnsafeUrl("Loopback hosts are not allowed.") from None
        try:
            infos = socket.getaddrinfo(hostname, port or 443, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError):
            return
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not address_is_public(address):
            raise UnsafeUrl("The host is not a public address (loopback, private, link-local or reserved).")


def http_post(url: str, *, body: bytes, headers: dict[str, str], max_bytes: int = DEFAULT_MAX_BYTES) -> HttpResult:
    """POSTs `body`; returns the status and the first `max_bytes` of the answer.
    Raises UnsafeUrl for a refused address, requests.RequestException otherwise."""
    return _request("POST", url, data=body, headers=headers, max_bytes=max_bytes)


def http_get(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, max_redirects: int = 0,
             user_agent: str = USER_AGENT) -> HttpResult:
    """GETs `url` (e.g. a source image); refuses answers larger than `max_bytes`.
    Follows up to `max_redirects` redirects, each target checked as the first URL was
    (url_check_public, then the pinned address): a redirect cannot lead inside."""
    for _ in range(max_redirects + 1):
        result = _request("GET", url, max_bytes=max_bytes + 1, user_agent=user_agent)
        location = result.headers.get("Location") or result.headers.get("location")
        if result.status_code not in REDIRECT_STATUSES or not location or max_redirects == 0:
            break
        url = urljoin(url, location)
        url_check_public(url)
    else:
        raise TooManyRedirects(f"More than {max_redirects} redirects.")
    if len(result.body) > max_bytes:
        raise ResponseTooLarge(f"The response is larger than {max_bytes} bytes.")
    return result


class ResponseTooLarge(requests.RequestException):
    pass


class TooManyRedirects(requests.TooManyRedirects):
    pass


def _request(method: str, url: str, *, max_bytes: int, user_agent: str = USER_AGENT, **kwargs) -> HttpResult:
    url_check_shape(url)  # the address is checked where the connection is made
    started = time.perf_counter()
    with _session(user_agent) as session:
        try:
            response = session.request(method, url, stream=True, allow_redirects=False, **kwargs)
        except InvalidIPAddress as error:
            raise UnsafeUrl(f"The host resolves to {error}, which is not a public address.") from None
        with response:
            chunks, received = [], 0
            deadline = started + CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS
            for chunk in response.iter_content(chunk_size=8192):
                chunks.append(chunk)
                received += len(chunk)
                if received >= max_bytes:
                    break
                if time.perf_counter() > deadline:  # a receiver dripping bytes forever
                    raise requests.ReadTimeout("The response took too long.")
            data = b"".join(chunks)[:max_bytes]
    latency_ms = int((time.perf_counter() - started) * 1000)
    return HttpResult(status_code=response.status_code, body=data, latency_ms=latency_ms,
                      headers=dict(response.headers))
