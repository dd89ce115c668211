"""POST /billing/stripe/webhook end to end with signed events: what each event does to
the ledger, at most once, in any order (README, Billing)."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from billing.models import LedgerEntry, StripeEvent, Subscription
from billing.services import credits_grant, ledger_mismatches
from tests.billing.conftest import (
    MONTH,
    PERIOD_START,
    WEBHOOK_URL,
    charge,
    deliver,
    event,
    new_id,
    pack_session,
    plan_invoice,
    signed,
    subscription_object,
    subscription_session,
)
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate
from tests.pages.conftest import browser_for

pytestmark = pytest.mark.django_db


def balance(account) -> int:
    return fresh(account).credits_available


def assert_ledger_clean():
    assert ledger_mismatches() == []
    call_command("ledger_check")  # raises CommandError on a mismatch


def test_a_paid_pack_checkout_grants_its_credits_once_however_often_it_is_delivered(account):
    body = event("checkout.session.completed", pack_session(account, "pack_100"))
    first, second = deliver(body), deliver(body)
    assert first.status_code == 200 and first.json() == {"received": True, "duplicate": False, "outcome": "applied"}
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert balance(account) == 25 + 100
    purchase = LedgerEntry.objects.get(account=account, kind="purchase")
    assert purchase.available_delta == 100 and purchase.stripe_object_id == body["data"]["object"]["id"]
    assert StripeEvent.objects.get(event_id=body["id"]).account_id == account.pk
    assert_ledger_clean()


def test_a_bad_signature_is_refused_with_400_and_changes_nothing(account):
    body = event("checkout.session.completed", pack_session(account, "pack_2000"))
    wrong_secret = deliver(body, secret="whsec_someone_else")
    no_header = deliver(body, signature="")
    garbage = deliver(body, signature="t=1,v1=deadbeef")
    payload, header = signed(body)
    tampered = deliver(json.loads(payload.decode().replace("pack_2000", "pack_500")), signature=header)
    for response in (wrong_secret, no_header, garbage, tampered):
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "invalid_signature"
    assert balance(account) == 25
    assert not StripeEvent.objects.exists() and not LedgerEntry.objects.filter(kind="purchase").exists()


def test_an_old_signature_is_refused_as_a_replay(account):
    body = event("checkout.session.completed", pack_session(account))
    payload, header = signed(body, timestamp=1_600_000_000)
    response = deliver(body, signature=header)
    assert response.status_code == 400 and balance(account) == 25


@pytest.mark.parametrize("payload", [b"not json", b"\xff\xfe", b"[]", b'{"id": "evt_1"}', b"{}"])
def test_a_signed_body_that_is_not_a_stripe_event_is_refused_without_a_500(account, client, payload):
    header = signed(payload.decode("latin-1"))[1] if payload != b"\xff\xfe" else "t=1,v1=00"
    response = client.post(WEBHOOK_URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400 and not StripeEvent.objects.exists()


def test_the_webhook_needs_no_csrf_token_and_only_takes_post(account):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    body = event("checkout.session.completed", pack_session(account))
    assert deliver(body, client=strict).status_code == 200
    assert strict.get(WEBHOOK_URL).status_code == 405


def test_without_a_webhook_secret_events_are_refused_and_change_nothing(account, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = deliver(event("checkout.session.completed", pack_session(account)))
    assert response.status_code == 503 and response.json()["code"] == "billing_not_configured"
    assert balance(account) == 25


def test_event_types_billing_ignores_are_answered_200_and_change_nothing(account):
    response = deliver(event("customer.created", {"id": "cus_123", "object": "customer"}))
    assert response.status_code == 200 and response.json()["outcome"] == "ignored"
    assert balance(account) == 25 and LedgerEntry.objects.count() == 1


def test_an_unpaid_pack_checkout_grants_only_when_the_async_payment_succeeds(account):
    session = pack_session(account, "pack_500", paid=False)
    deliver(event("checkout.session.completed", session))
    assert balance(account) == 25
    deliver(event("checkout.session.async_payment_succeeded", {**session, "payment_status": "paid"}))
    deliver(event("checkout.session.async_payment_succeeded", {**session, "payment_status": "paid"}))
    assert balance(account) == 25 + 500
    assert_ledger_clean()


def test_a_pack_session_completed_and_async_succeeded_grants_once(account):
    session = pack_session(account, "pack_100")
    deliver(event("checkout.session.completed", session))
    deliver(event("checkout.session.async_payment_succeeded", session))
    assert balance(account) == 125 and LedgerEntry.objects.filter(kind="purchase").count() == 1


def test_a_plan_grants_its_credits_per_paid_invoice_and_never_on_its_checkout_session(account):
    sub = new_id("sub")
    deliver(event("checkout.session.completed", subscription_session(account, "pro", subscription=sub)))
    assert balance(account) == 25  # the session itself grants nothing
    first = plan_invoice(account, "pro", subscription=sub)
    deliver(event("invoice.paid", first))
    deliver(event("invoice.payment_succeeded", first))  # same invoice, other event type
    deliver(event("invoice.paid", first))
    assert balance(account) == 25 + 1000
    renewal = plan_invoice(account, "pro", subscription=sub, billing_reason="subscription_cycle", period=1)
    deliver(event("invoice.payment_succeeded", renewal))
    deliver(event("invoice.paid", renewal))
    assert balance(account) == 25 + 2000
    grants = LedgerEntry.objects.filter(account=account, kind="subscription").order_by("id")
    assert [g.stripe_object_id for g in grants] == [first["id"], renewal["id"]]
    assert_ledger_clean()


def test_an_invoice_before_its_checkout_session_grants_once(account):
    sub = new_id("sub")
    deliver(event("invoice.paid", plan_invoice(account, "starter", subscription=sub, metadata="legacy")))
    deliver(event("checkout.session.completed", subscription_session(account, "starter", subscription=sub)))
    assert balance(account) == 25 + 200
    assert Subscription.objects.get(stripe_subscription_id=sub).account_id == account.pk


def test_an_invoice_without_metadata_waits_for_its_subscription_then_grants_once(account):
    sub = new_id("sub")
    invoice = plan_invoice(account, "business", subscription=sub, metadata="none")
    response = deliver(event("invoice.paid", invoice))
    assert response.status_code == 200 and response.json()["outcome"] == "pending"
    deliver(event("invoice.payment_succeeded", invoice))
    assert balance(account) == 25
    deliver(event("checkout.session.completed", subscription_session(account, "business", subscription=sub)))
    assert balance(account) == 25 + 5000
    assert StripeEvent.objects.filter(outcome="pending").count() == 0
    # Known now: the next invoice without metadata finds the subscription seen before.
    deliver(event("invoice.paid", plan_invoice(account, "business", subscription=sub, metadata="none", period=1,
                                               billing_reason="subscription_cycle")))
    assert balance(account) == 25 + 10000
    assert_ledger_clean()


def test_a_proration_invoice_grants_no_new_period(account):
    sub = new_id("sub")
    deliver(event("invoice.paid", plan_invoice(account, "pro", subscription=sub, billing_reason="subscription_update")))
    assert balance(account) == 25


def test_the_account_api_shows_the_plan_and_its_renewal_then_null_once_it_ends(account, api):
    sub = new_id("sub")
    deliver(event("invoice.paid", plan_invoice(account, "pro", subscription=sub)))
    body = api.get("/api/v1/account").json()
    renews = datetime.fromtimestamp(PERIOD_START + MONTH, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["plan"] == {"code": "pro", "name": "Pro", "creditsPerPeriod": 1000, "renewsAt": renews}
    deliver(event("customer.subscription.deleted", subscription_object(account, subscription=sub, status="canceled")))
    after = api.get("/api/v1/account").json()
    assert after["plan"] is None and after["balance"]["available"] == 25 + 1000  # credits stay
    # A late "updated" for the deleted subscription does not bring the plan back.
    deliver(event("customer.subscription.updated", subscription_object(account, subscription=sub)))
    assert api.get("/api/v1/account").json()["plan"] is None


def test_a_refund_takes_back_the_unspent_part_of_the_pack_and_never_goes_below_zero(make_account):
    account = make_account(credits=0)
    api = client_for(account)
    intent = new_id("pi")
    deliver(event("checkout.session.completed", pack_session(account, "pack_100", payment_intent=intent)))
    # Nine jobs of ten images hold 90 of the 100 credits: only 10 are left to take back.
    for _ in range(9):
        assert generate(api, count=10).status_code == 202
    assert balance(account) == 10
    refund = event("charge.refunded", charge(payment_intent=intent))
    deliver(refund)
    deliver(refund)
    assert balance(account) == 0 and fresh(account).credits_reserved == 90
    adjustment = LedgerEntry.objects.get(account=account, kind="adjustment", reverses__isnull=False)
    assert adjustment.available_delta == -10 and adjustment.stripe_object_id.startswith("ch_")
    # A dispute of the same payment afterwards finds the account at zero.
    deliver(event("charge.dispute.created", {"id": new_id("dp"), "object": "dispute", "charge": "ch_unknown",
                                             "payment_intent": intent}))
    assert balance(account) == 0
    assert_ledger_clean()


def test_a_partial_refund_takes_back_the_same_share_and_a_dispute_the_rest(account):
    intent = new_id("pi")
    deliver(event("checkout.session.completed", pack_session(account, "pack_500", payment_intent=intent)))
    deliver(event("charge.refunded", charge(payment_intent=intent, amount=4000, refunded=1000)))
    assert balance(account) == 25 + 500 - 125
    deliver(event("charge.dispute.created", {"id": new_id("dp"), "object": "dispute", "charge": new_id("ch"),
                                             "payment_intent": intent}))
    assert balance(account) == 25
    assert_ledger_clean()


def test_a_refunded_plan_invoice_takes_back_its_credits_once(account):
    sub, intent = new_id("sub"), new_id("pi")
    deliver(event("invoice.paid", plan_invoice(account, "starter", subscription=sub, metadata="legacy",
                                               payment_intent=intent)))
    refund = event("charge.refunded", charge(payment_intent=intent, amount=1900))
    deliver(refund)
    deliver(event("charge.refunded", {**refund["data"]["object"]}))  # same charge, another event id
    assert balance(account) == 25
    assert_ledger_clean()


def test_a_refund_of_a_payment_that_bought_no_credits_changes_nothing(account):
    response = deliver(event("charge.refunded", charge(payment_intent=new_id("pi"))))
    assert response.status_code == 200 and response.json()["outcome"] == "ignored" and balance(account) == 25


def test_events_naming_unknown_accounts_or_items_are_ignored(account):
    deliver(event("checkout.session.completed", {**pack_session(account), "metadata": {"account_id": "999999",
                                                                                       "pack": "pack_100"},
                                                 "client_reference_id": "nope"}))
    deliver(event("checkout.session.completed", pack_session(account, "pack_999")))
    deliver(event("checkout.session.completed", {**pack_session(account), "metadata": "junk"}))
    assert balance(account) == 25 and not LedgerEntry.objects.filter(kind="purchase").exists()


def test_the_acceptance_purchase_of_a_pack_and_a_plan_grants_100_and_1000_once_each(make_account):
    """Only STRIPE_WEBHOOK_SECRET is set (the fixture): a pack and a plan bought as
    Stripe reports them, each event twice, the plan's invoice under both types."""
    buyer = make_account(credits=0)
    sub = new_id("sub")
    events = [
        event("checkout.session.completed", pack_session(buyer, "pack_100")),
        event("checkout.session.completed", subscription_session(buyer, "pro", subscription=sub)),
        event("customer.subscription.created", subscription_object(buyer, "pro", subscription=sub)),
    ]
    invoice = plan_invoice(buyer, "pro", subscription=sub)
    events += [event("invoice.paid", invoice), event("invoice.payment_succeeded", invoice)]
    for body in events + events:
        assert deliver(body).status_code == 200
    assert balance(buyer) == 1100
    kinds = sorted(LedgerEntry.objects.filter(account=buyer).values_list("kind", "available_delta"))
    assert kinds == [("purchase", 100), ("subscription", 1000)]
    assert_ledger_clean()


def test_an_operator_grant_can_be_taken_back_by_the_refund_service(account):
    from billing.services_stripe import ledger_entry_refund

    credits_grant(account=account, amount=40, reason="goodwill")
    grant = LedgerEntry.objects.get(account=account, reason="goodwill")
    assert ledger_entry_refund(entry=grant).available_delta == -40
    assert ledger_entry_refund(entry=grant) is None
    assert balance(account) == 25
    assert_ledger_clean()


def test_signed_events_of_odd_shapes_are_answered_without_a_500(account):
    me = str(account.pk)
    odd = [
        ("checkout.session.completed", {"id": "cs_big", "mode": "payment", "payment_status": "paid",
                                        "metadata": {"account_id": "9" * 40, "pack": "pack_100"}}),
        ("checkout.session.completed", {"id": "cs_" + "x" * 1000, "mode": "payment", "payment_status": "paid",
                                        "payment_intent": ["not", "an", "id"], "customer": {"id": 5},
                                        "metadata": {"account_id": me, "pack": "pack_100"}}),
        ("checkout.session.completed", {"mode": "subscription", "subscription": 12, "metadata": []}),
        ("invoice.paid", {"id": "in_odd", "parent": ["x"], "lines": "junk", "subscription": "sub_odd",
                          "subscription_details": {"metadata": {"account_id": me, "plan": "pro"}},
                          "payments": {"data": ["x", {"payment": "y"}]}}),
        ("invoice.paid", {"id": "in_odd2", "subscription": "sub_odd2", "period_end": 10**20,
                          "subscription_details": {"metadata": {"account_id": me, "plan": "starter"}}}),
        ("customer.subscription.updated", {"id": "sub_odd", "items": {"data": [{"current_period_end": "soon"}]},
                                           "status": None}),
        ("charge.refunded", {"id": None, "payment_intent": {"id": None}, "amount": "10", "amount_refunded": True}),
        ("charge.dispute.created", {}),
        ("invoice_payment.paid", {"invoice": "in_odd", "payment": "pi_123"}),
    ]
    for type_, obj in odd:
        response = deliver(event(type_, obj))
        assert response.status_code == 200, (type_, response.content)
    assert fresh(account).credits_available == 25 + 100 + 1000 + 200
    assert_ledger_clean()


def test_a_plan_cancelled_at_the_end_of_its_period_shows_no_renewal_but_stays_until_then(account, api):
    sub = new_id("sub")
    deliver(event("invoice.paid", plan_invoice(account, "starter", subscription=sub)))
    cancelled = {**subscription_object(account, "starter", subscription=sub), "cancel_at_period_end": True}
    deliver(event("customer.subscription.updated", cancelled))
    plan = api.get("/api/v1/account").json()["plan"]
    assert plan["code"] == "starter" and plan["renewsAt"] is None
    assert " · ends " in browser_for(account).get("/settings/billing/").content.decode()
    deliver(event("customer.subscription.updated", {**cancelled, "cancel_at_period_end": False}))  # resumed
    assert api.get("/api/v1/account").json()["plan"]["renewsAt"] is not None
