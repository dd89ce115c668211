"""Lone UTF-16 surrogates (`"\\ud800"` in JSON) cannot be encoded as UTF-8: refused at
the door with 400 validation_error, and harmless if such text was stored before."""
from __future__ import annotations

import json

import pytest
from django.test import Client

from accounts.services import account_create
from generation.idempotency import request_fingerprint
from generation.models import Job
from webhooks.models import WebhookMessage
from webhooks.services import webhook_job_event_dispatch
from tests.conftest import fresh
from tests.generation.helpers import run_job

pytestmark = pytest.mark.django_db

LONE_SURROGATE_BODIES = [
    '{"claim": "hi", "zzz": "\\ud800"}',
    '{"claim": "hi", "metadata": {"\\ud800": "v"}}',
    '{"claim": "hi", "metadata": {"k": "\\udfff"}}',
    '{"claim": "hi\\udc00"}',
    '{"claim": "hi", "formats": ["F1", "\\ud83d"]}',
    '{"claim": "hi", "brand": {"primaryColor": "#112233", "x": [{"y": "a\\ud800b"}]}}',
]


def post_raw(client, path: str, body: str, **headers):
    return client.post(path, data=body.encode(), content_type="application/json", **headers)


@pytest.mark.parametrize("body", LONE_SURROGATE_BODIES)
@pytest.mark.parametrize("idempotency_key", [None, "surrogate-key-1"])
def test_a_lone_surrogate_anywhere_in_a_json_body_is_refused_with_400_and_creates_nothing(
        api, account, body, idempotency_key):
    headers = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
    response = post_raw(api, "/api/v1/generate", body, **headers)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "validation_error"
    assert "surrogate" in problem["detail"]
    assert not Job.objects.exists()
    assert fresh(account).credits_reserved == 0


def test_a_lone_surrogate_in_a_webhook_endpoint_description_is_refused(api):
    response = post_raw(api, "/api/v1/webhooks/endpoints",
                        '{"url": "https://example.com/hook", "description": "\\ud800"}')
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error" and "surrogate" in response.json()["detail"]


@pytest.mark.parametrize("query", ["status=%ED%A0%80", "type=%ED%B0%80x", "limit=%ED%A0%80"])
def test_surrogate_bytes_in_a_query_string_are_a_400_not_a_500(api, query):
    response = api.get(f"/api/v1/jobs?{query}")
    assert response.status_code == 400 and response.json()["code"] == "validation_error"


def test_a_proper_surrogate_pair_is_an_ordinary_character_and_accepted(api, account):
    response = post_raw(api, "/api/v1/generate", '{"claim": "Fresh deals", "metadata": {"fruit": "\\ud83c\\udf53"}}',
                        HTTP_IDEMPOTENCY_KEY="pair-1")
    assert response.status_code == 202, response.content[:300]
    job = Job.objects.get()
    assert job.metadata == {"fruit": "\U0001F353"}


def test_the_fingerprint_of_text_with_a_lone_surrogate_does_not_raise():
    first = request_fingerprint(method="POST", path="/api/v1/generate", body={"claim": "hi", "zzz": "\ud800"})
    second = request_fingerprint(method="POST", path="/api/v1/generate", body={"claim": "hi", "zzz": "\udfff"})
    assert len(first) == 64 and first != second


@pytest.fixture
def job_with_surrogates_stored(api, account, django_capture_on_commit_callbacks):
    """A job whose metadata and request hold lone surrogates, as an older version
    accepted them (written through the ORM, which stores them escaped; SQLite keeps
    the escape, PostgreSQL's jsonb refuses it, so there is nothing to read back)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite can hold a lone surrogate in a JSON column")
    response = api.post("/api/v1/generate", {"claim": "Hello", "metadata": {"ok": "yes"}}, format="json")
    job = Job.objects.get(pk=response.json()["jobId"])
    Job.objects.filter(pk=job.pk).update(metadata={"\ud800": "v", "note": "a\udfffb"},
                                         request={**job.request, "cta": "Buy\ud800"})
    return job


def test_a_job_stored_with_lone_surrogates_is_still_readable_in_the_api(api, job_with_surrogates_stored):
    job_id = str(job_with_surrogates_stored.pk)
    detail = api.get(f"/api/v1/jobs/{job_id}")
    assert detail.status_code == 200
    assert detail.json()["metadata"] == {"\ufffd": "v", "note": "a\ufffdb"}
    listing = api.get("/api/v1/jobs")
    assert listing.status_code == 200 and listing.json()["jobs"][0]["jobId"] == job_id
    json.loads(listing.content.decode("utf-8"))  # strictly valid UTF-8


def test_a_job_stored_with_lone_surrogates_still_sends_its_webhook(job_with_surrogates_stored, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.ALLOW_PRIVATE_URLS = True
    Job.objects.filter(pk=job_with_surrogates_stored.pk).update(webhook_url="http://127.0.0.1:9/hook")
    run_job(job_with_surrogates_stored.pk)
    messages = webhook_job_event_dispatch(job_id=job_with_surrogates_stored.pk)
    assert len(messages) == 1
    payload = WebhookMessage.objects.get().payload
    payload.encode("utf-8")
    assert json.loads(payload)["data"]["metadata"]["note"] == "a\ufffdb"


def test_a_job_stored_with_lone_surrogates_opens_in_the_admin_and_the_pages(account, job_with_surrogates_stored):
    staff = account_create(email="staff@example.com", password="adm1n-Passw0rd", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(staff.users.get())
    job_id = job_with_surrogates_stored.pk
    assert admin.get(f"/admin/generation/job/{job_id}/change/").status_code == 200
    assert admin.get("/admin/generation/job/").status_code == 200
    owner = Client()
    owner.force_login(account.users.get())
    assert owner.get(f"/jobs/{job_id}/").status_code == 200
    assert owner.get("/jobs/").status_code == 200
