"""Stripe events as Stripe sends them: JSON bodies signed with the webhook secret by
Stripe's own scheme (`stripe.WebhookSignature`, the documented HMAC-SHA256 of
"{timestamp}.{body}"). Only Stripe's servers are faked; the endpoint, the database
and the ledger are real."""
from __future__ import annotations

import importlib
import itertools
import json
import time

import pytest
import stripe
from django.test import Client

WEBHOOK_SECRET = "whsec_test_0123456789abcdefghijklmnopqrstuv"
WEBHOOK_URL = "/billing/stripe/webhook"
PERIOD_START = int(time.time()) // 86400 * 86400  # today, 00:00 UTC
MONTH = 30 * 24 * 3600

_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test{next(_ids):06d}{int(time.time() * 1000) % 100000:05d}"


@pytest.fixture(autouse=True)
def _stripe_webhook_only(settings):
    """The acceptance set-up: only STRIPE_WEBHOOK_SECRET (no key, no prices)."""
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PRICES = {}


@pytest.fixture
def catalog_loaded(transactional_db):
    """The catalog again, for transactional tests: the database flush between them
    empties what the data migration loaded. The migration's own function loads it."""
    from django.apps import apps

    importlib.import_module("billing.migrations.0004_load_catalog").load_catalog(apps, None)


def event(type_: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {"id": event_id or new_id("evt"), "object": "event", "api_version": "2025-03-31.basil",
            "created": int(time.time()), "livemode": False, "pending_webhooks": 1, "type": type_,
            "data": {"object": obj}}


def signed(body: dict | str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    payload = body if isinstance(body, str) else json.dumps(body)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return payload.encode(), header


def deliver(body: dict, *, client: Client | None = None, secret: str = WEBHOOK_SECRET, signature: str | None = None):
    """POSTs the event to the webhook as Stripe does: raw JSON, Stripe-Signature header."""
    payload, header = signed(body, secret=secret)
    return (client or Client()).post(WEBHOOK_URL, data=payload, content_type="application/json",
                                     HTTP_STRIPE_SIGNATURE=signature if signature is not None else header)


def pack_session(account, code: str = "pack_100", *, paid: bool = True, session_id: str | None = None,
                 payment_intent: str | None = None, customer: str = "cus_test_pack") -> dict:
    return {"id": session_id or new_id("cs"), "object": "checkout.session", "mode": "payment",
            "client_reference_id": str(account.pk), "metadata": {"account_id": str(account.pk), "pack": code},
            "payment_status": "paid" if paid else "unpaid", "status": "complete", "customer": customer,
            "payment_intent": payment_intent or new_id("pi"), "amount_total": 1000, "currency": "usd"}


def subscription_session(account, plan: str = "pro", *, subscription: str, customer: str = "cus_test_plan") -> dict:
    return {"id": new_id("cs"), "object": "checkout.session", "mode": "subscription",
            "client_reference_id": str(account.pk), "metadata": {"account_id": str(account.pk), "plan": plan},
            "payment_status": "paid", "status": "complete", "customer": customer, "subscription": subscription,
            "invoice": None, "payment_intent": None}


def plan_invoice(account, plan: str = "pro", *, subscription: str, invoice_id: str | None = None,
                 billing_reason: str = "subscription_create", period: int = 0, metadata: str = "parent",
                 payment_intent: str | None = None, customer: str = "cus_test_plan") -> dict:
    """An invoice in the shape of the API version in use: `metadata="parent"` puts the
    subscription's metadata under parent.subscription_details (2025 versions),
    "legacy" under subscription_details (older ones), "none" nowhere."""
    start = PERIOD_START + period * MONTH
    meta = {"account_id": str(account.pk), "plan": plan}
    invoice = {"id": invoice_id or new_id("in"), "object": "invoice", "status": "paid", "paid": True,
               "customer": customer, "billing_reason": billing_reason, "amount_paid": 7900, "currency": "usd",
               "lines": {"object": "list", "data": [{"id": new_id("il"), "period": {"start": start,
                                                                                    "end": start + MONTH}}]}}
    if metadata == "parent":
        invoice["parent"] = {"type": "subscription_details",
                             "subscription_details": {"subscription": subscription, "metadata": meta}}
    elif metadata == "legacy":
        invoice["subscription"] = subscription
        invoice["subscription_details"] = {"metadata": meta}
        invoice["payment_intent"] = payment_intent
    else:
        invoice["parent"] = {"type": "subscription_details",
                             "subscription_details": {"subscription": subscription, "metadata": {}}}
    return invoice


def charge(*, payment_intent: str, amount: int = 1000, refunded: int | None = None) -> dict:
    refunded = amount if refunded is None else refunded
    return {"id": new_id("ch"), "object": "charge", "payment_intent": payment_intent, "amount": amount,
            "amount_refunded": refunded, "refunded": refunded >= amount, "currency": "usd"}


def subscription_object(account, plan: str = "pro", *, subscription: str, status: str = "active",
                        period_end: int = PERIOD_START + MONTH) -> dict:
    return {"id": subscription, "object": "subscription", "status": status, "customer": "cus_test_plan",
            "metadata": {"account_id": str(account.pk), "plan": plan},
            "items": {"object": "list", "data": [{"id": new_id("si"), "current_period_end": period_end}]}}
