"""Settings → Webhooks: the page calls the same services as the API."""
from __future__ import annotations

import pytest
from django.test import Client
from standardwebhooks import Webhook

from generation.limits import WEBHOOK_DESCRIPTION_MAX_CHARS
from webhooks.api import EndpointCreateSerializer
from webhooks.models import WebhookEndpoint, WebhookMessage
from webhooks.services import (
    webhook_endpoint_create,
    webhook_endpoint_secret,
    webhook_messages_deliver_due,
    webhook_signing_secret_get,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(account) -> Client:
    client = Client()
    client.force_login(account.users.get())
    return client


def test_the_webhooks_page_needs_a_login(client):
    response = client.get("/settings/webhooks/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_adding_an_endpoint_on_the_page_shows_its_secret_once_revealed(browser, account, receiver):
    response = browser.post("/settings/webhooks/", {"url": receiver.url, "description": "orders",
                                                    "event_types": ["job.completed"]})
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get(account=account)
    assert endpoint.event_types == ["job.completed"]
    page = browser.get(response["Location"]).content.decode()
    assert webhook_endpoint_secret(endpoint=endpoint) in page

    plain = browser.get("/settings/webhooks/").content.decode()
    assert receiver.url in plain
    assert webhook_endpoint_secret(endpoint=endpoint) not in plain


def test_a_private_endpoint_url_is_refused_on_the_page_with_the_reason(browser, account, settings):
    settings.ALLOW_PRIVATE_URLS = False
    response = browser.post("/settings/webhooks/", {"url": "http://169.254.169.254/latest"})
    assert response.status_code == 200
    assert "not allowed" in response.content.decode() or "private" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_page_refuses_what_the_api_refuses_with_the_api_message_beside_the_field(browser, account, receiver):
    too_long = "x" * (WEBHOOK_DESCRIPTION_MAX_CHARS + 1)
    api = EndpointCreateSerializer(data={"url": receiver.url, "description": too_long})
    assert not api.is_valid()
    response = browser.post("/settings/webhooks/", {"url": receiver.url, "description": too_long})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["description"] == [str(message) for message in api.errors["description"]]
    assert not WebhookEndpoint.objects.exists()


def test_the_default_secret_is_revealed_on_request(browser, account):
    secret = webhook_signing_secret_get(account=account)
    assert secret not in browser.get("/settings/webhooks/").content.decode()
    assert secret in browser.get("/settings/webhooks/?reveal=default").content.decode()


def test_send_test_event_and_resend_from_the_page_reach_the_receiver(browser, account, receiver):
    endpoint, secret = webhook_endpoint_create(account=account, url=receiver.url)
    assert browser.post(f"/settings/webhooks/endpoints/{endpoint.pk}/test/").status_code == 302
    webhook_messages_deliver_due()
    message = WebhookMessage.objects.get()

    page = browser.get("/settings/webhooks/").content.decode()
    assert "webhook.test" in page and "HTTP 200" in page and message.msg_id in page

    assert browser.post(f"/settings/webhooks/messages/{message.pk}/resend/").status_code == 302
    webhook_messages_deliver_due()
    assert len(receiver.requests) == 2
    for request in receiver.requests:
        Webhook(secret).verify(request.body, request.headers)


def test_another_accounts_endpoint_cannot_be_deleted_from_the_page(browser, make_account, receiver):
    other_endpoint, _ = webhook_endpoint_create(account=make_account(), url=receiver.url)
    response = browser.post(f"/settings/webhooks/endpoints/{other_endpoint.pk}/delete/")
    assert response.status_code == 404
    assert WebhookEndpoint.objects.filter(pk=other_endpoint.pk).exists()


def test_deleting_an_endpoint_from_the_page(browser, account, receiver):
    endpoint, _ = webhook_endpoint_create(account=account, url=receiver.url)
    assert browser.post(f"/settings/webhooks/endpoints/{endpoint.pk}/delete/").status_code == 302
    assert not WebhookEndpoint.objects.exists()
