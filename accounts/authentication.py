from __future__ import annotations

from rest_framework import authentication, exceptions, permissions

from accounts.models import ApiKey
from accounts.services import api_key_authenticate
from config.problems import NotFound


class ApiPrincipal:
    """What `request.user` is for an API-key request: the account behind the key."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, api_key):
        self.api_key = api_key
        self.account = api_key.account

    @property
    def pk(self):
        return f"key:{self.api_key.pk}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>` or `X-API-Key: <key>`."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        secret = ""
        if header:
            scheme, _, value = header.partition(" ")
            if scheme.lower() != "bearer":
                return None  # another scheme (e.g. Basic): not ours to judge
            secret = value.strip()
        else:
            secret = request.META.get("HTTP_X_API_KEY", "").strip()
            if not secret:
                return None
        if not secret:
            raise exceptions.AuthenticationFailed("Empty API key.")
        api_key = api_key_authenticate(secret=secret)
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        return ApiPrincipal(api_key), api_key

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


# --- Modes (README, What to expect: Test keys) -------------------------------------------
# A request acts in one mode: a test key in test mode, a live key and a signed-in
# browser session in live mode. Jobs and idempotency records belong to a mode and
# the API shows a request only those of its own mode; webhook secrets and endpoints
# are live-only. The selectors take the mode; these helpers say what it is.

def api_key_mode(api_key: ApiKey | None) -> str:
    """The mode of work done with `api_key` (None: a browser session, live)."""
    return ApiKey.Mode.TEST if api_key is not None and api_key.is_test else ApiKey.Mode.LIVE


def request_api_key(request) -> ApiKey | None:
    """The API key a DRF request authenticated with, or None (a browser session)."""
    return request.auth if isinstance(request.auth, ApiKey) else None


def request_mode(request) -> str:
    """The mode a DRF request acts in."""
    return api_key_mode(request_api_key(request))


class LiveModeOnly(permissions.BasePermission):
    """Resources outside a test key's scope (webhook secrets and endpoints): for a
    test key they do not exist — 404 not_found, like another account's object."""

    def has_permission(self, request, view) -> bool:
        if request_mode(request) != ApiKey.Mode.LIVE:
            raise NotFound("Webhook secrets and endpoints are managed in Settings or with a live API key.")
        return True
