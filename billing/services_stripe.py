"""Buying credits through Stripe (README, Billing): starting Checkout and the customer
portal, and turning Stripe's webhook events into ledger movements, each event at
most once and each pack or invoice granted at most once, whatever order Stripe sends
them in. Credits move only through billing.services (the ledger)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import Account
from billing import stripe_gateway
from billing.models import BillingCustomer, CatalogItem, LedgerEntry, StripeEvent, StripePayment, Subscription
from billing.selectors import account_plan, billing_customer_id
from billing.services import credits_grant_for_stripe_object, credits_take_back, credits_unspent_of_grant
from config.problems import Conflict, NotFound, ValidationFailed

logger = logging.getLogger(__name__)

# Invoices that pay for a plan period. A proration invoice (`subscription_update`)
# pays for a change within a period the plan already granted.
PERIOD_INVOICE_REASONS = {"subscription_create", "subscription_cycle", None}


# --- Checkout and portal ------------------------------------------------------------------

def checkout_start(*, account: Account, email: str, code: str, success_url: str,
                   cancel_url: str) -> stripe_gateway.RedirectSession:
    """A Stripe Checkout Session for a pack (one payment) or a plan (a subscription),
    carrying the account and the catalog item in its metadata (README, Billing)."""
    stripe_gateway.checkout_require()
    item = CatalogItem.objects.filter(code=code, active=True).first()
    if item is None:
        raise NotFound(f"No pack or plan {code!r} is on sale.")
    if not item.stripe_price_id:
        raise ValidationFailed(f"{item.name} is not for sale yet: STRIPE_PRICE_{item.code.upper()} is not set.",
                               errors={"code": ["No Stripe Price for this item."]})
    is_plan = item.kind == CatalogItem.Kind.PLAN
    if is_plan:
        current = account_plan(account=account)
        if current is not None:
            raise Conflict(f"You are on the {current.plan.name} plan already; change or cancel it in the "
                           "customer portal.")
    metadata = {"account_id": str(account.pk), ("plan" if is_plan else "pack"): item.code}
    params: dict = {
        "mode": "subscription" if is_plan else "payment",
        "line_items": [{"price": item.stripe_price_id, "quantity": 1}],
        "client_reference_id": str(account.pk),
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    customer = billing_customer_id(account=account)
    if customer:
        params["customer"] = customer
    else:
        params["customer_email"] = email
        if not is_plan:
            # A subscription always makes a Customer; a one-off payment only when asked,
            # and the customer portal needs one.
            params["customer_creation"] = "always"
    if is_plan:
        params["subscription_data"] = {"metadata": metadata}
    else:
        # On the payment too, so a refund or dispute seen in the dashboard says whose it is.
        params["payment_intent_data"] = {"metadata": metadata}
    return stripe_gateway.checkout_session_create(**params)


def portal_start(*, account: Account, return_url: str) -> stripe_gateway.RedirectSession:
    """A customer-portal session (invoices, payment method, cancel the plan)."""
    stripe_gateway.checkout_require()
    customer = billing_customer_id(account=account)
    if not customer:
        raise NotFound("There is nothing to manage yet: the portal opens after your first purchase.")
    return stripe_gateway.portal_session_create(customer=customer, return_url=return_url)


# --- Webhook events ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    outcome: str
    detail: str
    account_id: int | None = None


def _applied(detail: str, account: Account | None = None) -> Outcome:
    return Outcome(StripeEvent.Outcome.APPLIED, detail, account.pk if account else None)


def _ignored(detail: str, account: Account | None = None) -> Outcome:
    return Outcome(StripeEvent.Outcome.IGNORED, detail, account.pk if account else None)


def stripe_event_process(*, event: dict) -> tuple[StripeEvent, bool]:
    """Applies a verified Stripe event once: (its record, whether this call applied it).
    The record and the event's effect commit together, so a crash leaves neither and
    Stripe's retry applies it; a copy of the event (a retry, a replay, a concurrent
    duplicate) meets the unique event id and changes nothing."""
    obj = event["data"]["object"]
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event["id"][:255], type=event["type"][:100], object_id=str(obj.get("id") or "")[:255],
                    livemode=bool(event.get("livemode")), outcome=StripeEvent.Outcome.IGNORED, payload=event,
                )
        except IntegrityError:
            return StripeEvent.objects.get(event_id=event["id"][:255]), False
        handler = _HANDLERS.get(event["type"])
        result = handler(obj) if handler else _ignored(f"{event['type']} is not an event billing acts on.")
        _record(record, result)
    logger.info("Stripe event %s %s: %s (%s)", record.type, record.event_id, result.outcome, result.detail)
    return record, True


def _record(record: StripeEvent, result: Outcome) -> None:
    record.outcome, record.detail, record.account_id = result.outcome, result.detail[:300], result.account_id
    StripeEvent.objects.filter(pk=record.pk).update(outcome=record.outcome, detail=record.detail,
                                                    account_id=record.account_id)


def _id(value) -> str:
    """A Stripe reference as its id, whether it came as an id or expanded."""
    if isinstance(value, dict):
        value = value.get("id")
    return value[:255] if isinstance(value, str) else ""  # Stripe ids are far shorter


def _metadata(value) -> dict:
    return value if isinstance(value, dict) else {}


def _account(value) -> Account | None:
    try:
        account_id = int(str(value))
    except (TypeError, ValueError):
        return None
    if not 0 < account_id < 2**63:  # beyond a bigint the database would refuse the query
        return None
    return Account.objects.filter(pk=account_id).first()


def _item(code, kind: str) -> CatalogItem | None:
    # Inactive items still grant: someone paid for them before they were withdrawn.
    return CatalogItem.objects.filter(code=str(code or ""), kind=kind).first()


def _remember_customer(account: Account, customer) -> None:
    customer_id = _id(customer)
    if not customer_id or BillingCustomer.objects.filter(account=account).exists():
        return
    try:
        with transaction.atomic():
            BillingCustomer.objects.create(account=account, stripe_customer_id=customer_id)
    except IntegrityError:
        pass  # that customer belongs to another account already; keep the first


def _remember_payments(grant_object_id: str, *payment_ids: str) -> None:
    for payment_id in {p for p in payment_ids if p}:
        StripePayment.objects.get_or_create(payment_id=payment_id, defaults={"grant_object_id": grant_object_id})


def _timestamp(value) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, tz=dt_timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


# Packs ---------------------------------------------------------------------------------------

def _pack_grant(session: dict) -> Outcome:
    metadata = _metadata(session.get("metadata"))
    account = _account(metadata.get("account_id") or session.get("client_reference_id"))
    if account is None:
        return _ignored("The Checkout Session names no account of ours.")
    _remember_customer(account, session.get("customer"))
    item = _item(metadata.get("pack"), CatalogItem.Kind.PACK)
    if item is None:
        return _ignored(f"The Checkout Session names no pack of ours ({metadata.get('pack')!r}).", account)
    session_id = _id(session)
    _remember_payments(session_id, _id(session.get("payment_intent")))
    return _grant(account=account, item=item, stripe_object_id=session_id, reason=f"{item.name} bought")


def _grant(*, account: Account, item: CatalogItem, stripe_object_id: str, reason: str) -> Outcome:
    """The item's credits for one Stripe object (a pack's session, a plan's invoice), once."""
    kind = LedgerEntry.Kind.PURCHASE if item.kind == CatalogItem.Kind.PACK else LedgerEntry.Kind.SUBSCRIPTION
    entry = credits_grant_for_stripe_object(account=account, amount=item.credits, kind=kind,
                                            stripe_object_id=stripe_object_id, reason=reason)
    if entry is None:
        return _ignored(f"{stripe_object_id} ({item.code}) was granted already.", account)
    return _applied(f"Granted {item.credits} credits ({item.code}) for {stripe_object_id}.", account)


def _checkout_completed(session: dict) -> Outcome:
    if session.get("mode") == "subscription":
        return _subscription_from_checkout(session)
    if session.get("mode") != "payment":
        return _ignored(f"Checkout in {session.get('mode')!r} mode buys no credits.")
    if session.get("payment_status") != "paid":
        return _ignored("The payment is not settled yet; the pack is granted when it is "
                        "(checkout.session.async_payment_succeeded).")
    return _pack_grant(session)


def _checkout_async_paid(session: dict) -> Outcome:
    if session.get("mode") != "payment":
        return _ignored("Plans grant on their paid invoices, not on the Checkout Session.")
    return _pack_grant(session)


# Plans ---------------------------------------------------------------------------------------

def _subscription_lock(subscription_id: str) -> None:
    """Serialises, per subscription, "this invoice waits for its subscription" with
    "this subscription is now known, grant what waits": otherwise, on PostgreSQL, the
    two could pass each other uncommitted and leave an invoice waiting for good.
    (SQLite runs one writer at a time already.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"stripe-subscription:{subscription_id}"])


def _subscription_link(*, subscription_id: str, account: Account, plan: CatalogItem) -> Subscription:
    """The subscription's row, created the first time any event tells us whose it is."""
    subscription, _ = Subscription.objects.get_or_create(
        stripe_subscription_id=subscription_id, defaults={"account": account, "plan": plan})
    return subscription


def _subscription_from_checkout(session: dict) -> Outcome:
    metadata = _metadata(session.get("metadata"))
    account = _account(metadata.get("account_id") or session.get("client_reference_id"))
    plan = _item(metadata.get("plan"), CatalogItem.Kind.PLAN)
    subscription_id = _id(session.get("subscription"))
    if account is None or plan is None or not subscription_id:
        return _ignored("The Checkout Session names no account, plan or subscription of ours.", account)
    _remember_customer(account, session.get("customer"))
    _subscription_link(subscription_id=subscription_id, account=account, plan=plan)
    granted = _pending_invoices_apply(subscription_id)
    return _applied(f"Subscription {subscription_id} to {plan.code} linked; credits come with each paid invoice"
                    + (f" ({granted} waiting invoice(s) granted)." if granted else "."), account)


def _invoice_subscription(invoice: dict) -> tuple[str, dict]:
    """(subscription id, its metadata) from an invoice, in any API version's shape."""
    parent = _metadata(invoice.get("parent"))
    details = _metadata(parent.get("subscription_details"))
    legacy = _metadata(invoice.get("subscription_details"))
    subscription_id = _id(details.get("subscription")) or _id(invoice.get("subscription"))
    metadata = _metadata(details.get("metadata")) or _metadata(legacy.get("metadata"))
    return subscription_id, metadata


def _invoice_period_end(invoice: dict) -> datetime | None:
    lines = _metadata(invoice.get("lines")).get("data")
    stamps = [_timestamp(_metadata(line.get("period")).get("end")) for line in lines or [] if isinstance(line, dict)]
    ends = [end for end in stamps if end is not None]
    return max(ends) if ends else _timestamp(invoice.get("period_end"))


def _invoice_payment_ids(invoice: dict) -> list[str]:
    ids = [_id(invoice.get("payment_intent")), _id(invoice.get("charge"))]
    for row in _metadata(invoice.get("payments")).get("data") or []:
        payment = _metadata(_metadata(row).get("payment"))
        ids += [_id(payment.get("payment_intent")), _id(payment.get("charge"))]
    return ids


def _invoice_paid(invoice: dict) -> Outcome:
    invoice_id = _id(invoice)
    subscription_id, metadata = _invoice_subscription(invoice)
    if not invoice_id or not subscription_id:
        return _ignored("Not a subscription invoice.")
    if invoice.get("billing_reason") not in PERIOD_INVOICE_REASONS:
        return _ignored(f"A {invoice.get('billing_reason')} invoice pays no new period.")
    account = _account(metadata.get("account_id"))
    plan = _item(metadata.get("plan"), CatalogItem.Kind.PLAN)
    subscription: Subscription | None
    if account is not None and plan is not None:
        subscription = _subscription_link(subscription_id=subscription_id, account=account, plan=plan)
    else:
        _subscription_lock(subscription_id)
        subscription = Subscription.objects.select_related("account", "plan").filter(
            stripe_subscription_id=subscription_id).first()
        if subscription is None:
            return Outcome(StripeEvent.Outcome.PENDING,
                           f"Subscription {subscription_id} is not known yet; granted when its Checkout "
                           "Session or subscription event arrives.")
        account, plan = subscription.account, subscription.plan
    _remember_customer(account, invoice.get("customer"))
    _remember_payments(invoice_id, *_invoice_payment_ids(invoice))
    period_end = _invoice_period_end(invoice)
    if period_end and (subscription.current_period_end is None or period_end > subscription.current_period_end):
        Subscription.objects.filter(pk=subscription.pk).update(current_period_end=period_end,
                                                               updated_at=timezone.now())
    return _grant(account=account, item=plan, stripe_object_id=invoice_id, reason=f"{plan.name} plan, monthly credits")


def _pending_invoices_apply(subscription_id: str) -> int:
    """Grants the invoices that arrived before we knew their subscription."""
    _subscription_lock(subscription_id)
    granted = 0
    for record in StripeEvent.objects.filter(outcome=StripeEvent.Outcome.PENDING).order_by("received_at", "id"):
        invoice = record.payload["data"]["object"]
        if _invoice_subscription(invoice)[0] != subscription_id:
            continue
        result = _invoice_paid(invoice)
        _record(record, result)
        granted += result.outcome == StripeEvent.Outcome.APPLIED
    return granted


def _invoice_payment_paid(invoice_payment: dict) -> Outcome:
    """Newer API versions tell which payment paid an invoice in a separate object."""
    invoice_id = _id(invoice_payment.get("invoice"))
    payment = _metadata(invoice_payment.get("payment"))
    ids = [_id(payment.get("payment_intent")), _id(payment.get("charge"))]
    if not invoice_id or not any(ids):
        return _ignored("No invoice or payment named.")
    _remember_payments(invoice_id, *ids)
    return _applied(f"Payment of invoice {invoice_id} noted (for refunds).")


def _subscription_changed(subscription: dict) -> Outcome:
    subscription_id = _id(subscription)
    row = Subscription.objects.filter(stripe_subscription_id=subscription_id).first()
    metadata = _metadata(subscription.get("metadata"))
    account = row.account if row else _account(metadata.get("account_id"))
    plan = row.plan if row else _item(metadata.get("plan"), CatalogItem.Kind.PLAN)
    if account is None or plan is None:
        return _ignored("The subscription names no account or plan of ours.")
    row = row or _subscription_link(subscription_id=subscription_id, account=account, plan=plan)
    _remember_customer(account, subscription.get("customer"))
    items = _metadata(subscription.get("items")).get("data") or []
    period_end = _timestamp(subscription.get("current_period_end")) or max(
        (t for t in (_timestamp(_metadata(i).get("current_period_end")) for i in items) if t), default=None)
    changes = {"updated_at": timezone.now(), "cancel_at_period_end": subscription.get("cancel_at_period_end") is True}
    if period_end:
        changes["current_period_end"] = period_end
    if subscription.get("status") in ("canceled", "incomplete_expired"):
        changes.update(status=Subscription.Status.ENDED, ended_at=timezone.now())
    # Never back from ENDED: a deleted subscription does not come back, whatever
    # older event arrives late.
    Subscription.objects.filter(pk=row.pk).exclude(status=Subscription.Status.ENDED).update(**changes)
    granted = _pending_invoices_apply(subscription_id)
    return _applied(f"Subscription {subscription_id} ({plan.code}) is {subscription.get('status')}"
                    + (f"; {granted} waiting invoice(s) granted." if granted else "."), account)


def _subscription_deleted(subscription: dict) -> Outcome:
    subscription_id = _id(subscription)
    row = Subscription.objects.filter(stripe_subscription_id=subscription_id).first()
    if row is None:
        metadata = _metadata(subscription.get("metadata"))
        account, plan = _account(metadata.get("account_id")), _item(metadata.get("plan"), CatalogItem.Kind.PLAN)
        if account is None or plan is None:
            return _ignored("The subscription names no account or plan of ours.")
        row = _subscription_link(subscription_id=subscription_id, account=account, plan=plan)
    Subscription.objects.filter(pk=row.pk).update(status=Subscription.Status.ENDED, ended_at=timezone.now(),
                                                  updated_at=timezone.now())
    return _applied(f"The {row.plan.name} plan ended; credits granted so far stay.", row.account)


# Refunds and disputes ---------------------------------------------------------------------------

def _grant_for_payment(*payment_ids: str) -> LedgerEntry | None:
    ids = [p for p in payment_ids if p]
    if not ids:
        return None
    object_ids = set(StripePayment.objects.filter(payment_id__in=ids).values_list("grant_object_id", flat=True))
    object_ids |= {p for p in ids if p.startswith(("in_", "cs_"))}
    return (LedgerEntry.objects.select_related("account")
            .filter(kind__in=[LedgerEntry.Kind.PURCHASE, LedgerEntry.Kind.SUBSCRIPTION],
                    stripe_object_id__in=object_ids).order_by("id").first())


def _take_back(grant: LedgerEntry, *, share: int, stripe_object_id: str, reason: str) -> Outcome:
    already = grant.available_delta - credits_unspent_of_grant(grant=grant)
    wanted = share - already
    if wanted <= 0:
        return _ignored(f"Credits of {grant.stripe_object_id} were taken back already.", grant.account)
    entry = credits_take_back(grant=grant, amount=wanted, stripe_object_id=stripe_object_id, reason=reason)
    if entry is None:
        return _applied(f"Nothing to take back for {grant.stripe_object_id}: the credits are spent.", grant.account)
    return _applied(f"Took back {entry.credits} unspent credit(s) of {grant.stripe_object_id}.", grant.account)


def _charge_refunded(charge: dict) -> Outcome:
    grant = _grant_for_payment(_id(charge), _id(charge.get("payment_intent")), _id(charge.get("invoice")))
    if grant is None:
        return _ignored("This charge paid for no credits of ours.")
    amount, refunded = charge.get("amount"), charge.get("amount_refunded")
    if charge.get("refunded") or not isinstance(amount, int) or not isinstance(refunded, int) or amount <= 0:
        share = grant.available_delta
    else:  # a partial refund takes back the same share of the credits
        share = min(grant.available_delta, grant.available_delta * max(refunded, 0) // amount)
    return _take_back(grant, share=share, stripe_object_id=_id(charge),
                      reason=f"Refund of {grant.stripe_object_id}")


def _dispute_created(dispute: dict) -> Outcome:
    grant = _grant_for_payment(_id(dispute.get("charge")), _id(dispute.get("payment_intent")))
    if grant is None:
        return _ignored("This dispute is about no credits of ours.")
    return _take_back(grant, share=grant.available_delta, stripe_object_id=_id(dispute),
                      reason=f"Dispute of {grant.stripe_object_id}")


_HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_async_paid,
    "invoice.paid": _invoice_paid,
    "invoice.payment_succeeded": _invoice_paid,
    "invoice_payment.paid": _invoice_payment_paid,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_deleted,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
}
HANDLED_EVENT_TYPES = tuple(_HANDLERS)


def ledger_entry_refund(*, entry: LedgerEntry, reason: str = "Refunded by an operator") -> LedgerEntry | None:
    """An operator takes back the unspent part of a grant, purchase or subscription
    (e.g. after refunding the money in the Stripe dashboard); a later charge.refunded
    for it then finds nothing more to take."""
    return credits_take_back(grant=entry, reason=reason)
