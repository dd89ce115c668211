"""Outbound HTTP refuses loopback, private, link-local and metadata addresses (README, Webhooks)."""
from __future__ import annotations

import ipaddress
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_q.models import Schedule

from webhooks.http import UnsafeUrl, http_post
from generation.models import Job
from webhooks.models import WebhookDelivery, WebhookMessage
from webhooks.services import webhook_messages_deliver_due
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
    delivery once they are not; the receiver never hears from us. A refusal by the
    address policy is final: no retry would change it."""
    url = receiver.url.replace("127.0.0.1", "localhost")
    with django_capture_on_commit_callbacks(execute=True):
        job_id = generate(api, webhookUrl=url).json()["jobId"]
        run_job(job_id)
    settings.ALLOW_PRIVATE_URLS = False
    webhook_messages_deliver_due(now=timezone.now())
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.error.startswith("Refused") and delivery.status_code is None
    assert delivery.next_attempt_at is None
    message = WebhookMessage.objects.get()
    assert message.status == "failed" and message.next_attempt_at is None
    assert webhook_messages_deliver_due(now=timezone.now() + timedelta(days=2)) == 0
    assert WebhookDelivery.objects.count() == 1
    assert not Schedule.objects.filter(name__startswith="webhook retry").exists()


def test_the_settings_delivery_log_shows_a_policy_refusal_as_failed_with_its_reason(
        api, account, receiver, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_job(generate(api, webhookUrl=receiver.url).json()["jobId"])
    settings.ALLOW_PRIVATE_URLS = False
    webhook_messages_deliver_due(now=timezone.now())
    browser = Client()
    browser.force_login(account.users.get())
    html = browser.get("/settings/webhooks/").content.decode()
    assert "status-failed" in html
    assert "not a public address" in html and "not retried" in html


# Addresses that embed or stand for a non-public IPv4 address, and other ranges that
# are not globally routable. Each is refused when the URL is accepted AND when a
# delivery connects (the same policy, webhooks.http.address_is_public).
EMBEDDED_AND_SPECIAL_URLS = [
    "http://[::7f00:1]/hook",              # IPv4-compatible 127.0.0.1
    "http://[::127.0.0.1]/hook",           # the same, dotted
    "http://[::a9fe:a9fe]/hook",           # IPv4-compatible 169.254.169.254
    "http://[::ffff:0:127.0.0.1]/hook",    # IPv4-translated 127.0.0.1
    "http://[::ffff:a9fe:a9fe]/hook",      # IPv4-mapped 169.254.169.254
    "http://[64:ff9b::7f00:1]/hook",       # NAT64 of 127.0.0.1
    "http://[64:ff9b::808:808]/hook",      # NAT64 of a public address: a translator we do not vouch for
    "http://[64:ff9b:1::a00:1]/hook",      # local-use NAT64
    "http://[2002:7f00:1::]/hook",         # 6to4 of 127.0.0.1
    "http://[2002:808:808::]/hook",        # 6to4 of a public address
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",  # Teredo
    "http://192.0.0.8/hook",               # IETF protocol assignments
    "http://192.88.99.1/hook",             # 6to4 relay anycast
    "http://100.64.0.1/hook",              # carrier-grade NAT
    "http://198.18.0.1/hook",              # benchmarking
    "http://224.0.0.1/hook",               # multicast
    "http://255.255.255.255/hook",
    "http://[::]/hook",
    "http://[fec0::1]/hook",               # site-local
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://[ff02::1]/hook",
    "http://[2001:db8::1]/hook",
]


@pytest.mark.parametrize("url", EMBEDDED_AND_SPECIAL_URLS)
def test_a_webhook_url_with_an_embedded_or_special_address_is_refused_at_acceptance(api, account, url):
    response = generate(api, webhookUrl=url)
    assert response.status_code == 400, response.json()
    assert "webhookUrl" in response.json()["errors"]
    assert not Job.objects.exists()


@pytest.mark.parametrize("url", EMBEDDED_AND_SPECIAL_URLS)
def test_a_delivery_to_an_embedded_or_special_address_is_refused_before_connecting(url):
    with pytest.raises(UnsafeUrl):
        http_post(url, body=b"{}", headers={})


@pytest.mark.parametrize("url", EMBEDDED_AND_SPECIAL_URLS)
def test_a_stored_url_with_an_embedded_address_fails_its_delivery_for_good(api, settings, url,
                                                                          django_capture_on_commit_callbacks):
    settings.ALLOW_PRIVATE_URLS = True  # accepted by an older rule
    with django_capture_on_commit_callbacks(execute=True):
        run_job(generate(api, webhookUrl=url).json()["jobId"])
    settings.ALLOW_PRIVATE_URLS = False
    webhook_messages_deliver_due(now=timezone.now())
    delivery = WebhookDelivery.objects.get()
    assert delivery.error.startswith("Refused") and delivery.status_code is None
    assert WebhookMessage.objects.get().status == "failed"


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::64"])
def test_public_addresses_pass_the_policy(address):
    from webhooks.http import address_is_public

    assert address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("url", ["https://93.184.215.14/hook", "https://[2606:4700:4700::1111]/hook"])
def test_a_webhook_url_on_a_public_address_is_accepted(api, url):
    assert generate(api, webhookUrl=url).status_code == 202


@pytest.mark.parametrize("url", ["ftp://example.com/hook", "https://user:pass@example.com/hook", "https:///hook"])
def test_a_url_refused_on_acceptance_is_refused_at_delivery_for_the_same_reason(account, url):
    from webhooks.http import url_check_public

    with pytest.raises(UnsafeUrl) as on_acceptance:
        url_check_public(url)
    message = WebhookMessage.objects.create(account=account, url=url, event_type="job.completed", payload="{}",
                                            next_attempt_at=timezone.now())
    webhook_messages_deliver_due()
    delivery = WebhookDelivery.objects.get(message=message)
    assert delivery.error == f"Refused (not retried): {on_acceptance.value}"
    assert WebhookMessage.objects.get(pk=message.pk).status == WebhookMessage.Status.FAILED
