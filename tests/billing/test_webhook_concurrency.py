"""Stripe delivers the same event more than once, sometimes at the same moment, and in
any order. Real threads, each with its own database connection, post signed events
at once: credits move exactly once. Runs on SQLite (one writer at a time) and on
PostgreSQL (DATABASE_URL=postgres://…), where the unique constraints and locks decide."""
from __future__ import annotations

import pytest
from django.test import Client

from billing.models import LedgerEntry, StripeEvent
from billing.services import ledger_mismatches
from tests.billing.conftest import (
    charge,
    deliver,
    event,
    new_id,
    pack_session,
    plan_invoice,
    subscription_session,
)
from tests.conftest import fresh
from tests.resilience.test_races import race

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalog_loaded")]

COPIES = 4


def all_at_once(bodies: list[dict]) -> list:
    """Posts every body in its own thread and connection, released together; their
    status codes (or what they raised)."""
    return race([lambda body=body: deliver(body, client=Client()).status_code for body in bodies])


def test_copies_of_a_pack_event_posted_at_once_grant_it_once(make_account):
    account = make_account(credits=0)
    body = event("checkout.session.completed", pack_session(account, "pack_500"))
    assert all_at_once([body] * COPIES) == [200] * COPIES
    assert fresh(account).credits_available == 500
    assert StripeEvent.objects.filter(event_id=body["id"]).count() == 1
    assert ledger_mismatches() == []


def test_one_invoice_under_both_event_types_twice_each_at_once_grants_once(make_account):
    account = make_account(credits=0)
    invoice = plan_invoice(account, "pro", subscription=new_id("sub"))
    paid, succeeded = event("invoice.paid", invoice), event("invoice.payment_succeeded", invoice)
    assert all_at_once([paid, succeeded, paid, succeeded]) == [200] * 4
    assert fresh(account).credits_available == 1000
    assert LedgerEntry.objects.filter(kind="subscription", stripe_object_id=invoice["id"]).count() == 1
    assert ledger_mismatches() == []


def test_an_invoice_without_metadata_and_its_checkout_session_at_once_grant_once(make_account):
    """The out-of-order race: the invoice may wait for the subscription or find it;
    either way the plan's credits arrive exactly once."""
    for plan, credits in (("starter", 200), ("pro", 1000), ("business", 5000)):
        account = make_account(credits=0)
        sub = new_id("sub")
        invoice = event("invoice.paid", plan_invoice(account, plan, subscription=sub, metadata="none"))
        session = event("checkout.session.completed", subscription_session(account, plan, subscription=sub))
        assert all_at_once([invoice, session, invoice, session]) == [200] * 4
        assert fresh(account).credits_available == credits, plan
        assert not StripeEvent.objects.filter(outcome="pending").exists()
    assert ledger_mismatches() == []


def test_a_refund_and_a_dispute_of_one_payment_at_once_take_the_credits_back_once(make_account):
    account = make_account(credits=0)
    intent = new_id("pi")
    deliver(event("checkout.session.completed", pack_session(account, "pack_100", payment_intent=intent)))
    refund = event("charge.refunded", charge(payment_intent=intent))
    dispute = event("charge.dispute.created", {"id": new_id("dp"), "object": "dispute", "charge": new_id("ch"),
                                               "payment_intent": intent})
    assert all_at_once([refund, dispute, refund, dispute]) == [200] * 4
    assert fresh(account).credits_available == 0
    assert LedgerEntry.objects.filter(account=account, kind="adjustment").count() == 1
    assert ledger_mismatches() == []
