"""Buying through Stripe Checkout and managing through the customer portal, from the
billing page. Stripe's servers are faked at the HTTP transport (`responses` under the
SDK's RequestsClient): the SDK, its encoding and our parameters are real."""
from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import requests
import responses

from billing.models import BillingCustomer, StripeEvent
from tests.billing.conftest import deliver, event, new_id, pack_session, plan_invoice
from tests.pages.conftest import browser_for

pytestmark = pytest.mark.django_db

CHECKOUT_API = "https://api.stripe.com/v1/checkout/sessions"
PORTAL_API = "https://api.stripe.com/v1/billing_portal/sessions"
PRICES = {"pack_100": "price_pack100", "pack_500": "price_pack500", "pro": "price_pro", "starter": "price_starter"}


@pytest.fixture
def stripe_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_checkout_123"
    settings.STRIPE_PRICES = PRICES


@pytest.fixture
def stripe_api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def sent(call) -> dict:
    return dict(parse_qsl(call.request.body))


def fake_checkout(stripe_api, session_id: str = "cs_test_new"):
    url = f"https://checkout.stripe.com/c/pay/{session_id}"
    stripe_api.post(CHECKOUT_API, json={"id": session_id, "object": "checkout.session", "url": url})
    return url


def test_buying_a_pack_sends_checkout_the_account_the_pack_and_the_return_urls(account, stripe_on, stripe_api):
    url = fake_checkout(stripe_api)
    response = browser_for(account).post("/settings/billing/checkout/", {"code": "pack_100"})
    assert response.status_code == 302 and response["Location"] == url
    (call,) = stripe_api.calls
    assert call.request.headers["Authorization"] == "Bearer sk_test_checkout_123"
    assert sent(call) == {
        "mode": "payment",
        "line_items[0][price]": "price_pack100", "line_items[0][quantity]": "1",
        "client_reference_id": str(account.pk),
        "metadata[account_id]": str(account.pk), "metadata[pack]": "pack_100",
        "payment_intent_data[metadata][account_id]": str(account.pk),
        "payment_intent_data[metadata][pack]": "pack_100",
        "customer_email": "user1@example.com", "customer_creation": "always",
        "success_url": "http://testserver/settings/billing/?checkout=success",
        "cancel_url": "http://testserver/settings/billing/?checkout=canceled",
    }


def test_subscribing_sends_the_plan_in_the_session_and_the_subscription_metadata(account, stripe_on, stripe_api):
    BillingCustomer.objects.create(account=account, stripe_customer_id="cus_known")
    url = fake_checkout(stripe_api, "cs_test_plan")
    response = browser_for(account).post("/settings/billing/checkout/", {"code": "pro"})
    assert response["Location"] == url
    params = sent(stripe_api.calls[0])
    assert params["mode"] == "subscription" and params["line_items[0][price]"] == "price_pro"
    assert params["client_reference_id"] == str(account.pk)
    assert params["metadata[account_id]"] == str(account.pk) and params["metadata[plan]"] == "pro"
    assert params["subscription_data[metadata][account_id]"] == str(account.pk)
    assert params["subscription_data[metadata][plan]"] == "pro"
    assert params["customer"] == "cus_known" and "customer_email" not in params
    assert params["success_url"].endswith("?checkout=success") and params["cancel_url"].endswith("?checkout=canceled")


def test_a_second_plan_is_refused_while_one_is_active(account, stripe_on, stripe_api):
    deliver(event("invoice.paid", plan_invoice(account, "starter", subscription=new_id("sub"))))
    page = browser_for(account).post("/settings/billing/checkout/", {"code": "pro"}, follow=True)
    assert "You are on the Starter plan already" in page.content.decode()
    assert not stripe_api.calls


@pytest.mark.parametrize("code", ["pack_2000", "nope", "", "business"])
def test_an_item_without_a_price_or_unknown_is_refused_on_the_page_without_calling_stripe(
        account, stripe_on, stripe_api, code):
    page = browser_for(account).post("/settings/billing/checkout/", {"code": code}, follow=True)
    assert page.status_code == 200 and 'class="flash flash-error"' in page.content.decode()
    assert not stripe_api.calls


def test_stripe_failing_shows_a_message_and_no_error_page(account, stripe_on, stripe_api):
    stripe_api.post(CHECKOUT_API, status=400, json={"error": {"type": "invalid_request_error",
                                                              "message": "No such price: 'price_pack100'"}})
    page = browser_for(account).post("/settings/billing/checkout/", {"code": "pack_100"}, follow=True)
    assert page.status_code == 200 and "No such price" in page.content.decode()


def test_stripe_unreachable_shows_a_message_and_no_error_page(account, stripe_on, stripe_api):
    stripe_api.post(CHECKOUT_API, body=requests.ConnectionError("network down"))
    page = browser_for(account).post("/settings/billing/checkout/", {"code": "pack_100"}, follow=True)
    assert page.status_code == 200 and "Stripe could not start the session" in page.content.decode()


def test_the_portal_opens_for_the_customer_that_paid_and_comes_back_to_billing(account, stripe_on, stripe_api):
    deliver(event("checkout.session.completed", pack_session(account, customer="cus_paid_once")))
    stripe_api.post(PORTAL_API, json={"id": "bps_1", "object": "billing_portal.session",
                                      "url": "https://billing.stripe.com/p/session/bps_1"})
    response = browser_for(account).post("/settings/billing/portal/")
    assert response["Location"] == "https://billing.stripe.com/p/session/bps_1"
    assert sent(stripe_api.calls[0]) == {"customer": "cus_paid_once",
                                         "return_url": "http://testserver/settings/billing/"}


def test_the_portal_before_any_purchase_explains_instead_of_calling_stripe(account, stripe_on, stripe_api):
    page = browser_for(account).post("/settings/billing/portal/", follow=True)
    assert "the portal opens after your first purchase" in page.content.decode()
    assert not stripe_api.calls


def test_without_a_secret_key_checkout_says_billing_is_not_configured_and_calls_nothing(account, stripe_api):
    page = browser_for(account).post("/settings/billing/checkout/", {"code": "pack_100"}, follow=True)
    assert page.status_code == 200 and "STRIPE_SECRET_KEY is not set" in page.content.decode()
    assert not stripe_api.calls and not StripeEvent.objects.exists()


def test_checkout_needs_a_signed_in_user_and_a_post(client, account, stripe_on, stripe_api):
    assert client.post("/settings/billing/checkout/", {"code": "pack_100"}).status_code == 302  # to log in
    assert browser_for(account).get("/settings/billing/checkout/").status_code == 405
    assert not stripe_api.calls
