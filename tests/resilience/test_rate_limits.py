"""Rate limits per API key (settings.API_RATE_LIMIT): 429 rate_limited with Retry-After."""
from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_limit(settings):
    settings.API_RATE_LIMIT = "3/min"


def test_a_key_over_its_rate_gets_429_rate_limited_with_retry_after(api, low_limit):
    statuses = [api.get("/api/v1/formats").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = api.get("/api/v1/jobs")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_api_key_has_its_own_budget(account, low_limit):
    first, second = client_for(account), client_for(account)
    for _ in range(3):
        first.get("/api/v1/formats")
    assert first.get("/api/v1/formats").status_code == 429
    assert second.get("/api/v1/formats").status_code == 200


def test_a_rejected_create_request_over_the_limit_creates_nothing(api, account, low_limit):
    from generation.models import Job

    for _ in range(3):
        api.get("/api/v1/formats")
    response = api.post("/api/v1/generate", {"claim": "Hello"}, format="json")
    assert response.status_code == 429
    assert not Job.objects.exists()


def test_browser_sessions_are_limited_per_user(account, low_limit):
    client = Client()
    client.force_login(account.users.get())
    statuses = [client.get("/api/v1/formats").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
