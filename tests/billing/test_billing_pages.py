"""Settings → Billing, the Usage page and GET /api/v1/usage with purchases, GET
/api/v1/account, and the operator's admin for billing."""
from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.models import ApiKey
from accounts.services import account_create
from billing.models import CatalogItem, LedgerEntry, StripeEvent
from billing.services import ledger_mismatches
from tests.billing.conftest import charge, deliver, event, new_id, pack_session, plan_invoice
from tests.conftest import client_for, fresh
from tests.pages.conftest import browser_for

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def admin_browser(db) -> Client:
    operator = account_create(email="ops@example.com", password="adm1n-Passw0rd", is_staff=True, is_superuser=True)
    return browser_for(operator)


def test_the_catalog_of_the_spec_is_in_the_database_after_migrating(db):
    rows = set(CatalogItem.objects.values_list("code", "kind", "credits"))
    assert rows == {("pack_100", "pack", 100), ("pack_500", "pack", 500), ("pack_2000", "pack", 2000),
                    ("starter", "plan", 200), ("pro", "plan", 1000), ("business", "plan", 5000)}


def test_without_stripe_the_billing_page_says_so_tells_how_credits_are_granted_and_offers_no_checkout(account):
    page = browser_for(account).get("/settings/billing/")
    body = text(page)
    assert page.status_code == 200
    assert "Online payments are not set up" in body and "manage.py grant_credits" in body
    assert "Grant credits" in body
    assert "$19 / month" in body and "$140" in body and "5,000 credits a month" in body
    assert 'action="/settings/billing/checkout/"' not in page.content.decode()
    assert "<script>" not in page.content.decode() and "onclick" not in page.content.decode()


def test_with_stripe_the_page_offers_every_priced_item_and_marks_the_others(account, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_page"
    settings.STRIPE_PRICES = {"pack_100": "price_a", "starter": "price_b", "pro": "price_c"}
    html = browser_for(account).get("/settings/billing/").content.decode()
    assert "Online payments are not set up" not in html
    assert set(re.findall(r'name="code" value="([a-z_0-9]+)"', html)) == {"pack_100", "starter", "pro"}
    assert html.count("Not on sale") == 3  # pack_500, pack_2000, business


def test_the_page_shows_the_plan_its_renewal_the_balance_and_the_purchases(account, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_page"
    deliver(event("checkout.session.completed", pack_session(account, "pack_500")))
    invoice = plan_invoice(account, "pro", subscription=new_id("sub"))
    deliver(event("invoice.paid", invoice))
    page = browser_for(account).get("/settings/billing/")
    body = text(page)
    assert re.search(r"Pro 1,000 credits a month · renews \d{1,2} \w{3} \d{4}", body)
    assert "1,525 credits available" in body
    assert "500 credits bought" in body and "Pro plan, monthly credits" in body and invoice["id"] in body
    assert "Manage or cancel" in body and "Invoices and payment method" in body
    assert "Switch plans in the portal." in body  # other plans are not offered while one is active


def test_the_billing_page_is_in_the_settings_menu_and_needs_a_login(client, account):
    assert client.get("/settings/billing/").status_code == 302
    assert 'href="/settings/billing/"' in browser_for(account).get("/usage/").content.decode()


def test_the_checkout_result_is_announced_when_stripe_sends_the_customer_back(account):
    browser = browser_for(account)
    assert "Your payment went through" in text(browser.get("/settings/billing/?checkout=success"))
    assert "nothing was charged" in text(browser.get("/settings/billing/?checkout=canceled"))


def test_usage_page_and_api_show_purchases_and_refunds(account, api):
    intent = new_id("pi")
    session = pack_session(account, "pack_100", payment_intent=intent)
    deliver(event("checkout.session.completed", session))
    deliver(event("charge.refunded", charge(payment_intent=intent, amount=1000, refunded=500)))
    usage = api.get("/api/v1/usage").json()
    assert usage["purchased"] == 100 - 50
    kinds = [(p["kind"], p["credits"]) for p in usage["purchases"]]
    assert kinds == [("adjustment", -50), ("purchase", 100)]
    assert usage["purchases"][1]["stripeObjectId"] == session["id"]
    page = text(browser_for(account).get("/usage/"))
    assert "50 credits bought in the last 30 days" in page and session["id"] in page


def test_the_account_api_answers_per_the_spec_with_the_mode_of_the_key(account):
    live = client_for(account).get("/api/v1/account")
    assert live.status_code == 200
    assert live.json() == {"accountId": str(account.pk), "email": "user1@example.com", "mode": "live", "plan": None,
                           "balance": {"available": 25, "reserved": 0}}
    assert client_for(account, mode=ApiKey.Mode.TEST).get("/api/v1/account").json()["mode"] == "test"
    assert Client().get("/api/v1/account").status_code == 401


def test_admin_lists_stripe_events_read_only_with_their_payload(admin_browser, account):
    body = event("checkout.session.completed", pack_session(account))
    deliver(body)
    record = StripeEvent.objects.get()
    assert body["id"] in admin_browser.get("/admin/billing/stripeevent/").content.decode()
    detail = admin_browser.get(f"/admin/billing/stripeevent/{record.pk}/change/").content.decode()
    assert "&quot;payment_status&quot;: &quot;paid&quot;" in detail and 'type="submit" value="Save"' not in detail
    assert admin_browser.post(f"/admin/billing/stripeevent/{record.pk}/delete/").status_code == 403
    for path in ("catalogitem", "subscription", "billingcustomer"):
        assert admin_browser.get(f"/admin/billing/{path}/").status_code == 200


def test_admin_grant_credits_action_asks_how_many_then_writes_the_ledger(admin_browser, account):
    ask = admin_browser.post("/admin/accounts/account/", {"action": "grant_credits", "_selected_action": [account.pk]})
    assert ask.status_code == 200 and "Credits to grant" in ask.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', ask.content.decode()).group(1)
    bad = admin_browser.post("/admin/accounts/account/", {"action": "grant_credits", "_selected_action": [account.pk],
                                                          "apply": "1", "amount": "-5", "reason": "x", "token": token})
    assert bad.status_code == 200 and fresh(account).credits_available == 25
    done = admin_browser.post("/admin/accounts/account/", {"action": "grant_credits", "_selected_action": [account.pk],
                                                           "apply": "1", "amount": "300", "reason": "Pilot customer",
                                                           "token": token},
                              follow=True)
    assert "Granted 300 credits to 1 account." in done.content.decode()
    assert fresh(account).credits_available == 325
    assert LedgerEntry.objects.filter(account=account, kind="grant",
                                      reason="Pilot customer · granted by ops@example.com").exists()
    assert ledger_mismatches() == []


def test_admin_refund_credits_action_takes_back_the_unspent_part_once(admin_browser, account):
    deliver(event("checkout.session.completed", pack_session(account, "pack_500")))
    purchase = LedgerEntry.objects.get(account=account, kind="purchase")
    for _ in range(2):
        admin_browser.post("/admin/billing/ledgerentry/", {"action": "refund_credits",
                                                           "_selected_action": [purchase.pk]})
    assert fresh(account).credits_available == 25
    adjustment = LedgerEntry.objects.get(account=account, kind="adjustment")
    assert adjustment.available_delta == -500 and adjustment.reverses_id == purchase.pk
    assert ledger_mismatches() == []
