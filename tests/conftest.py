from __future__ import annotations

import pytest
from django.conf import settings as project_settings
from rest_framework.test import APIClient

from accounts.models import Account, ApiKey
from accounts.services import account_create, api_key_create

# The folders `manage.py ensure_secrets` makes for `make run`: the SQLite test
# database lives in VAR_DIR.
project_settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
project_settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "http://testserver"


@pytest.fixture
def make_account(db):
    counter = {"n": 0}

    def make(*, credits: int = 25, email: str | None = None, password: str = "s3cret-Passw0rd") -> Account:
        counter["n"] += 1
        return account_create(email=email or f"user{counter['n']}@example.com", password=password, credits=credits)

    return make


@pytest.fixture
def account(make_account) -> Account:
    return make_account(credits=25)


def client_for(account: Account, *, mode: str = ApiKey.Mode.LIVE) -> APIClient:
    key = api_key_create(account=account, name="tests", mode=mode)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key.secret}")
    client.api_key_secret = key.secret
    return client


@pytest.fixture
def api(account) -> APIClient:
    return client_for(account)


@pytest.fixture
def test_api(account) -> APIClient:
    return client_for(account, mode=ApiKey.Mode.TEST)


def fresh(account: Account) -> Account:
    return Account.objects.get(pk=account.pk)
