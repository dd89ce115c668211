from __future__ import annotations

from rest_framework import authentication, exceptions

from accounts.services import api_key_authenticate


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
