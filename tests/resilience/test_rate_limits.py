"""Rate limits per API key (settings.API_RATE_LIMIT): 429 rate_limited with Retry-After."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import client_for

ROOT = Path(__file__).resolve().parent.parent.parent

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


# --- One budget for every web process --------------------------------------------------------
# Gunicorn runs several processes; a limit kept in each process's memory multiplies
# by their number. These run a second process against the same database (and Redis).

CHILD_REQUESTS = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.test import Client
client = Client(HTTP_AUTHORIZATION="Bearer " + sys.argv[1])
print(" ".join(str(client.get("/api/v1/formats").status_code) for _ in range(int(sys.argv[2]))))
"""

CHILD_INCREMENTS = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from accounts.throttling import rate_window_hit
for _ in range(int(sys.argv[2])):
    rate_window_hit(key=sys.argv[1], window_seconds=86400)
"""


def _child_env(**extra) -> dict:
    from tests.worker import test_database_url

    return {**os.environ, "DATABASE_URL": test_database_url(), "ALLOWED_HOSTS": "testserver", **extra}


def _run_child(script: str, *args: str, **extra_env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, env=_child_env(**extra_env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


REDIS_URL = "redis://127.0.0.1:6379/3"


def _use_redis_or_skip(settings) -> dict:
    """Points this process's cache at Redis; returns the environment that does the
    same for a child process. (Keys are unique per test: API-key prefixes, uuids.)"""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    return {"CACHE_URL": REDIS_URL}


@pytest.mark.parametrize("shared_cache", ["database", "redis"])
def test_two_web_processes_share_one_keys_budget(transactional_db, account, settings, shared_cache):
    env = {"API_RATE_LIMIT": "5/day"}
    if shared_cache == "redis":
        env.update(_use_redis_or_skip(settings))
    settings.API_RATE_LIMIT = "5/day"
    api = client_for(account)
    assert [api.get("/api/v1/formats").status_code for _ in range(3)] == [200, 200, 200]
    child = _run_child(CHILD_REQUESTS, api.api_key_secret, "3", **env)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err[-2000:]
    assert out.split() == ["200", "200", "429"]  # the other process's three requests counted
    assert api.get("/api/v1/formats").status_code == 429


@pytest.mark.parametrize("shared_cache", ["database", "redis"])
def test_the_shared_counter_loses_no_increment_under_concurrent_processes(transactional_db, settings, shared_cache):
    from accounts.throttling import rate_window_hit

    env = _use_redis_or_skip(settings) if shared_cache == "redis" else {}
    key = f"throttle:test:{uuid.uuid4().hex}"
    children = [_run_child(CHILD_INCREMENTS, key, "60", **env) for _ in range(3)]
    for child in children:
        _, err = child.communicate(timeout=180)
        assert child.returncode == 0, err[-2000:]
    count, _ = rate_window_hit(key=key, window_seconds=86400)
    assert count == 3 * 60 + 1
