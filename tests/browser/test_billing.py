"""Settings → Billing in headless Chromium: what a customer reads with and without
Stripe configured, and a pack bought end to end (Checkout faked at Stripe's HTTP
transport, the purchase confirmed by a signed webhook event). Screenshots go to
BILLING_SCREENSHOTS_DIR (default: the test's tmp dir) to be looked at."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import responses
from playwright.sync_api import expect

from tests.billing.conftest import catalog_loaded  # noqa: F401  (fixture)
from tests.billing.conftest import WEBHOOK_SECRET, deliver, event, new_id, pack_session, plan_invoice
from tests.browser.test_journeys import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalog_loaded")]


@pytest.fixture
def shots(tmp_path) -> Path:
    out = Path(os.environ.get("BILLING_SCREENSHOTS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def open_billing(page) -> None:
    page.get_by_text("Settings", exact=True).click()
    page.get_by_role("link", name="Billing").click()
    expect(page.get_by_role("heading", name="Billing", level=1)).to_be_visible()


def test_without_stripe_the_billing_page_explains_how_credits_are_granted(page, settings, shots):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    sign_up(page, "free@example.com")
    open_billing(page)
    notice = page.get_by_test_id("billing-not-configured")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Your operator adds credits to your account by hand")
    page.get_by_text("For the operator").click()
    expect(notice).to_contain_text("manage.py grant_credits")
    expect(page.get_by_test_id("current-plan")).to_have_text("No plan")
    expect(page.get_by_test_id("credits-available")).to_have_text("25")
    assert page.get_by_role("button", name="Unavailable").count() == 6
    assert page.get_by_role("button", name="Buy").count() == 0
    page.screenshot(path=shots / "billing-not-configured.png", full_page=True)


def test_with_stripe_a_customer_buys_a_pack_and_sees_it_after_the_webhook(page, site, settings, shots):
    settings.STRIPE_SECRET_KEY = "sk_test_browser"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PRICES = {code: f"price_{code}" for code in
                              ("pack_100", "pack_500", "pack_2000", "starter", "pro", "business")}
    sign_up(page, "buyer@example.com")
    open_billing(page)
    expect(page.get_by_test_id("billing-not-configured")).to_have_count(0)
    expect(page.locator(".offer[data-code=pro]")).to_contain_text("$79 / month")
    expect(page.locator(".offer[data-code=pack_2000]")).to_contain_text("2,000 credits, once")
    page.screenshot(path=shots / "billing-offers.png", full_page=True)

    from accounts.models import User

    account = User.objects.get(email="buyer@example.com").account
    session = pack_session(account, "pack_500", session_id=new_id("cs"))
    with responses.RequestsMock() as stripe_api:
        # Stripe would show its payment page and send the customer back to success_url.
        stripe_api.post("https://api.stripe.com/v1/checkout/sessions",
                        json={"id": session["id"], "object": "checkout.session",
                              "url": f"{site}/settings/billing/?checkout=success"})
        page.locator(".offer[data-code=pack_500]").get_by_role("button", name="Buy").click()
        page.wait_for_url("**/settings/billing/?checkout=success")
    expect(page.get_by_text("Your payment went through")).to_be_visible()
    assert deliver(event("checkout.session.completed", session)).status_code == 200
    assert deliver(event("invoice.paid", plan_invoice(account, "pro", subscription=new_id("sub")))).status_code == 200
    page.goto("/settings/billing/")
    expect(page.get_by_test_id("credits-available")).to_have_text("1,525")
    expect(page.get_by_test_id("current-plan")).to_have_text("Pro")
    expect(page.get_by_test_id("renews-at")).to_be_visible()
    purchases = page.locator("#purchases tbody tr")
    expect(purchases).to_have_count(2)
    expect(purchases.first).to_contain_text("+1000")
    expect(purchases.last).to_contain_text("500 credits bought")
    page.screenshot(path=shots / "billing-with-plan.png", full_page=True)
    page.goto("/usage/")
    expect(page.get_by_test_id("credits-purchased")).to_have_text("1500")
    expect(page.locator("#ledger")).to_contain_text(session["id"])
    page.screenshot(path=shots / "usage-with-purchases.png", full_page=True)
