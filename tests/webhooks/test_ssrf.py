"""Outbound HTTP refuses loopback, private, link-local and metadata addresses (SPEC §6.6)."""
from __future__ import annotations

import pytest
from django.utils import timezone

from generation.http import UnsafeUrl, http_post
from generation.models import Job
from generation.webhooks.models import WebhookDelivery, WebhookMessage
from generation.webhooks.services import webhook_messages_deliver_due
from tests.conftest import fresh
from tests.generation.helpers import generate, run_job

pytestmark = pytest.mark.django_db

NON_PUBLIC_URLS = [
    "http://127.0.0.1:8000/hook",
    "http://10.0.0.1/hook",
    "http://192.168.1.10/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:8000/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://localhost:8000/hook",
    "http://0.0.0.0/hook",
]


@pytest.fixture(autouse=True)
def _private_urls_refused(settings):
    settings.ALLOW_PRIVATE_URLS = False


@pytest.mark.parametrize("url", NON_PUBLIC_URLS)
def test_the_http_client_refuses_non_public_addresses(url):
    with pytest.raises(UnsafeUrl):
        http_post(url, body=b"{}", headers={})


def test_a_hostname_resolving_to_loopback_is_refused_after_dns_resolution(receiver, settings):
    settings.ALLOW_PRIVATE_URLS = False  # the receiver fixture allowed them; take it back
    url = receiver.url.replace("127.0.0.1", "localhost")
    with pytest.raises(UnsafeUrl):
        http_post(url, body=b"{}", headers={})
    assert receiver.requests == []


@pytest.mark.parametrize("url", NON_PUBLIC_URLS + ["ftp://example.com/hook", "file:///etc/passwd",
                                                   "http://user:pw@example.com/hook"])
def test_generate_refuses_a_webhook_url_that_is_not_public_and_creates_nothing(api, account, url):
    response = generate(api, webhookUrl=url)
    assert response.status_code == 400, response.json()
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["code"] == "validation_error"
    assert "webhookUrl" in body["errors"]
    assert not Job.objects.exists()
    assert fresh(account).credits_available == 25


@pytest.mark.parametrize("url", ["http://127.0.0.1/hook", "http://169.254.169.254/", "http://localhost/x"])
def test_an_endpoint_with_a_non_public_url_is_refused(api, url):
    response = api.post("/api/v1/webhooks/endpoints", {"url": url}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"].keys() == {"url"}


def test_allow_private_urls_lifts_the_filter_for_development(api, settings):
    settings.ALLOW_PRIVATE_URLS = True
    assert generate(api, webhookUrl="http://127.0.0.1:9/hook").status_code == 202


def test_a_stored_webhook_url_is_checked_again_when_delivered(api, receiver, settings,
                                                              django_capture_on_commit_callbacks):
    """A URL accepted earlier (here: while private URLs were allowed) is refused at
    delivery once they are not; the receiver never hears from us."""
    url = receiver.url.replace("127.0.0.1", "localhost")
    with django_capture_on_commit_callbacks(execute=True):
        job_id = generate(api, webhookUrl=url).json()["jobId"]
        run_job(job_id)
    settings.ALLOW_PRIVATE_URLS = False
    webhook_messages_deliver_due(now=timezone.now())
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.error.startswith("Refused") and delivery.status_code is None
    assert WebhookMessage.objects.get().status == "pending"  # retried on schedule, refused each time
