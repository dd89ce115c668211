"""Test keys see and act on test jobs only (README, What to expect: Test keys): another mode's job is 404, lists
and usage are per mode, idempotency keys are per mode, and webhook secrets and
endpoints are out of a test key's reach."""
from __future__ import annotations

import pytest
from django.test import Client

from generation.models import Job
from webhooks.services import webhook_endpoint_create
from tests.conftest import fresh
from tests.generation.helpers import generate, run_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_job(api) -> Job:
    return Job.objects.get(pk=generate(api).json()["jobId"])


@pytest.fixture
def test_job(test_api) -> Job:
    return Job.objects.get(pk=generate(test_api).json()["jobId"])


def assert_not_found(response) -> None:
    assert response.status_code == 404, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_a_test_key_cannot_read_a_live_job(test_api, live_job):
    assert_not_found(test_api.get(f"/api/v1/jobs/{live_job.pk}"))


def test_a_live_key_cannot_read_a_test_job(api, test_job):
    assert_not_found(api.get(f"/api/v1/jobs/{test_job.pk}"))


def test_each_key_reads_the_jobs_of_its_own_mode(api, test_api, live_job, test_job):
    assert api.get(f"/api/v1/jobs/{live_job.pk}").json()["mode"] == "live"
    assert test_api.get(f"/api/v1/jobs/{test_job.pk}").json()["mode"] == "test"


def test_a_test_key_cannot_cancel_a_live_job(test_api, live_job, account):
    assert_not_found(test_api.post(f"/api/v1/jobs/{live_job.pk}/cancel"))
    live_job.refresh_from_db()
    assert live_job.status == Job.Status.QUEUED
    assert fresh(account).credits_reserved == 1


def test_a_test_key_cannot_download_a_live_output(test_api, live_job):
    run_job(live_job.pk)
    assert_not_found(test_api.get(f"/api/v1/jobs/{live_job.pk}/outputs/0/download"))


def test_the_job_list_shows_only_the_keys_mode(api, test_api, live_job, test_job):
    test_list = test_api.get("/api/v1/jobs").json()
    assert [j["jobId"] for j in test_list["jobs"]] == [str(test_job.pk)] and test_list["total"] == 1
    live_list = api.get("/api/v1/jobs").json()
    assert [j["jobId"] for j in live_list["jobs"]] == [str(live_job.pk)] and live_list["total"] == 1


def test_a_browser_session_on_the_api_acts_as_live(account, live_job, test_job):
    browser = Client()
    browser.force_login(account.users.get())
    assert browser.get(f"/api/v1/jobs/{live_job.pk}").status_code == 200
    assert browser.get(f"/api/v1/jobs/{test_job.pk}").status_code == 404
    assert [j["jobId"] for j in browser.get("/api/v1/jobs").json()["jobs"]] == [str(live_job.pk)]


def test_the_owners_pages_still_show_both_modes(account, live_job, test_job):
    browser = Client()
    browser.force_login(account.users.get())
    assert browser.get(f"/jobs/{test_job.pk}/").status_code == 200
    html = browser.get("/jobs/").content.decode()
    assert str(live_job.pk) in html and str(test_job.pk) in html


def test_usage_through_a_test_key_counts_test_jobs_only(api, test_api, live_job, test_job):
    run_job(live_job.pk)
    run_job(test_job.pk)
    test_usage = test_api.get("/api/v1/usage").json()
    assert test_usage["jobs"]["completed"] == 1
    assert test_usage["testImagesProduced"] == 1 and test_usage["imagesProduced"] == 0
    assert test_usage["consumed"] == 0 and sum(day["credits"] for day in test_usage["daily"]) == 0
    assert sum(day["images"] for day in test_usage["daily"]) == 1
    live_usage = api.get("/api/v1/usage").json()
    assert live_usage["jobs"]["completed"] == 1
    assert live_usage["imagesProduced"] == 1 and live_usage["testImagesProduced"] == 0
    assert live_usage["consumed"] == 1


def test_an_idempotency_key_used_by_a_test_key_does_not_replay_to_a_live_key(api, test_api, account):
    body = {"claim": "Same body, two modes"}
    first = test_api.post("/api/v1/generate", body, format="json", HTTP_IDEMPOTENCY_KEY="order-7")
    second = api.post("/api/v1/generate", body, format="json", HTTP_IDEMPOTENCY_KEY="order-7")
    assert first.status_code == second.status_code == 202
    assert "Idempotent-Replayed" not in second
    assert second.json()["jobId"] != first.json()["jobId"]
    assert Job.objects.get(pk=second.json()["jobId"]).mode == "live"
    assert fresh(account).credits_reserved == 1
    # Each mode replays its own answer.
    again = test_api.post("/api/v1/generate", body, format="json", HTTP_IDEMPOTENCY_KEY="order-7")
    assert again["Idempotent-Replayed"] == "true" and again.json()["jobId"] == first.json()["jobId"]
    again = api.post("/api/v1/generate", body, format="json", HTTP_IDEMPOTENCY_KEY="order-7")
    assert again["Idempotent-Replayed"] == "true" and again.json()["jobId"] == second.json()["jobId"]


def test_an_idempotency_key_used_by_a_live_key_does_not_replay_to_a_test_key(api, test_api):
    body = {"claim": "Same body, two modes"}
    first = api.post("/api/v1/generate", body, format="json", HTTP_IDEMPOTENCY_KEY="order-8")
    second = test_api.post("/api/v1/generate", body, format="json", HTTP_IDEMPOTENCY_KEY="order-8")
    assert "Idempotent-Replayed" not in second and second.json()["jobId"] != first.json()["jobId"]
    assert Job.objects.get(pk=second.json()["jobId"]).mode == "test"


@pytest.fixture
def endpoint(account, settings):
    settings.ALLOW_PRIVATE_URLS = True
    endpoint, _ = webhook_endpoint_create(account=account, url="http://127.0.0.1:9/hooks")
    return endpoint


@pytest.mark.parametrize("method,path", [
    ("get", "/api/v1/webhooks/secret"),
    ("get", "/api/v1/webhooks/endpoints"),
    ("post", "/api/v1/webhooks/endpoints"),
    ("get", "/api/v1/webhooks/endpoints/{endpoint}"),
    ("delete", "/api/v1/webhooks/endpoints/{endpoint}"),
    ("post", "/api/v1/webhooks/endpoints/{endpoint}/test"),
    ("get", "/api/v1/webhooks/messages"),
])
def test_a_test_key_has_no_webhook_secrets_nor_endpoints(test_api, endpoint, method, path):
    url = path.format(endpoint=endpoint.pk)
    kwargs = {"data": {"url": "http://127.0.0.1:9/other"}, "format": "json"} if method == "post" else {}
    response = getattr(test_api, method)(url, **kwargs)
    assert_not_found(response)
    assert "whsec_" not in response.content.decode()
    endpoint.refresh_from_db()  # still there
    assert endpoint.is_active
    assert type(endpoint).objects.count() == 1


def test_a_live_key_manages_webhook_secrets_and_endpoints(api, endpoint):
    assert api.get("/api/v1/webhooks/secret").json()["secret"].startswith("whsec_")
    assert api.get(f"/api/v1/webhooks/endpoints/{endpoint.pk}").json()["secret"].startswith("whsec_")


def test_a_test_key_cannot_resend_a_webhook_message(test_api, api, endpoint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = api.post(f"/api/v1/webhooks/endpoints/{endpoint.pk}/test").json()
    assert_not_found(test_api.post(f"/api/v1/webhooks/messages/{message['id']}/resend"))

