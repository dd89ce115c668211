"""Posts Stripe-signed billing events to a running Creative Studio, for trying the
webhook without Stripe: a pack bought (`checkout.session.completed`, paid) or a plan
bought (its Checkout Session, then its first invoice as both `invoice.paid` and
`invoice.payment_succeeded`). Each event is sent twice, as Stripe may; the credits
must arrive once.

    STRIPE_WEBHOOK_SECRET=whsec_… python scripts/stripe_event.py --account 1 pack pack_100
    STRIPE_WEBHOOK_SECRET=whsec_… python scripts/stripe_event.py --account 1 plan pro

The signature is Stripe's documented scheme: header `t=<unix time>,v1=<hex
HMAC-SHA256(secret, "<t>.<body>")>`."""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.request


def stripe_id(prefix: str) -> str:
    return f"{prefix}_local{secrets.token_hex(8)}"


def event(type_: str, obj: dict) -> dict:
    return {"id": stripe_id("evt"), "object": "event", "type": type_, "created": int(time.time()),
            "livemode": False, "data": {"object": obj}}


def purchase_events(kind: str, code: str, account: str) -> list[dict]:
    customer = stripe_id("cus")
    if kind == "pack":
        session = {"id": stripe_id("cs"), "object": "checkout.session", "mode": "payment",
                   "payment_status": "paid", "client_reference_id": account, "customer": customer,
                   "payment_intent": stripe_id("pi"), "metadata": {"account_id": account, "pack": code}}
        return [event("checkout.session.completed", session)]
    subscription, now = stripe_id("sub"), int(time.time())
    metadata = {"account_id": account, "plan": code}
    session = {"id": stripe_id("cs"), "object": "checkout.session", "mode": "subscription",
               "payment_status": "paid", "client_reference_id": account, "customer": customer,
               "subscription": subscription, "metadata": metadata}
    invoice = {"id": stripe_id("in"), "object": "invoice", "status": "paid", "customer": customer,
               "billing_reason": "subscription_create",
               "parent": {"type": "subscription_details",
                          "subscription_details": {"subscription": subscription, "metadata": metadata}},
               "lines": {"data": [{"period": {"start": now, "end": now + 30 * 86400}}]}}
    return [event("checkout.session.completed", session), event("invoice.paid", invoice),
            event("invoice.payment_succeeded", invoice)]


def post(url: str, secret: str, body: dict) -> tuple[int, str]:
    payload = json.dumps(body).encode()
    timestamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    request = urllib.request.Request(url, data=payload, method="POST", headers={
        "Content-Type": "application/json", "Stripe-Signature": f"t={timestamp},v1={signature}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["pack", "plan"])
    parser.add_argument("code", help="catalog code, e.g. pack_100 or pro")
    parser.add_argument("--account", required=True, help="the account id (GET /api/v1/account → accountId)")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    secret = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
    if not secret:
        parser.error("set STRIPE_WEBHOOK_SECRET to the server's value")
    ok = True
    for body in purchase_events(args.kind, args.code, args.account):
        for attempt in (1, 2):
            status, answer = post(f"{args.url.rstrip('/')}/billing/stripe/webhook", secret, body)
            print(f"{body['type']:<28} {body['id']} #{attempt}: {status} {answer}")
            ok &= status == 200
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
