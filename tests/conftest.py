from __future__ import annotations

import os

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
def _media_in_tmp(request, settings, tmp_path):
    """Each test's files in a folder of its own: under a temporary MEDIA_ROOT, or,
    with TEST_STORAGE=s3 in the environment, in the test S3 server's bucket."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "http://testserver"
    if os.environ.get("TEST_STORAGE", "local") == "s3":
        request.getfixturevalue("s3_storage")


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3-compatible server on 127.0.0.1, for the whole run (tests/s3.py)."""
    from tests.s3 import s3_server_start

    server = s3_server_start()
    yield server
    server.server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    """STORAGE=s3 against the test server, set up as an operator would (the
    environment, read by config/storage.py), for this process and any worker
    cluster the test starts. Returns the folder (S3_PREFIX) the test's files go to."""
    from config.storage import media_storage_from_env
    from tests.s3 import s3_environment

    environment = s3_environment(s3_server)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # settings.STORAGE stays as the run began: config/urls.py reads it once, when the
    # URLconf is first imported, to decide whether the application serves /media/.
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env().backend}
    return environment["S3_PREFIX"]


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
