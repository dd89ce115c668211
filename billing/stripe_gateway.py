"""The product's only door to Stripe: the one module that imports `stripe`. It creates
Checkout and customer-portal sessions and verifies webhook events; what those mean
for credits is decided in billing.services_stripe."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import stripe
from django.conf import settings

from config.problems import DomainError

logger = logging.getLogger(__name__)

# Explicit, so the transport is the one the tests fake (and not whichever HTTP library
# happens to be installed). Timeouts keep a slow Stripe from holding a web worker.
stripe.default_http_client = stripe.RequestsClient(timeout=20)
stripe.max_network_retries = 2


class BillingNotConfigured(DomainError):
    status, code, title = 503, "billing_not_configured", "Billing is not configured"


class StripeUnavailable(DomainError):
    status, code, title = 502, "stripe_unavailable", "Stripe did not answer"


class WebhookSignatureInvalid(DomainError):
    status, code, title = 400, "invalid_signature", "Invalid Stripe signature"


def checkout_configured() -> bool:
    """Whether people can pay here (a secret key is set)."""
    return bool(settings.STRIPE_SECRET_KEY)


def checkout_require() -> None:
    """Raises BillingNotConfigured unless people can pay here."""
    if not checkout_configured():
        raise BillingNotConfigured("Online payments are off: STRIPE_SECRET_KEY is not set on this installation.")


def webhooks_configured() -> bool:
    return bool(settings.STRIPE_WEBHOOK_SECRET)


def webhook_event_verify(*, payload: bytes, signature: str) -> dict:
    """The event in `payload` as plain JSON, once its `Stripe-Signature` proves it comes
    from Stripe (and is recent); raises WebhookSignatureInvalid otherwise."""
    if not webhooks_configured():
        raise BillingNotConfigured("STRIPE_WEBHOOK_SECRET is not set; Stripe events cannot be verified.")
    try:
        stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
        event = json.loads(payload)
    except stripe.SignatureVerificationError:
        raise WebhookSignatureInvalid("The Stripe-Signature header does not match the body.") from None
    except (ValueError, TypeError, AttributeError):  # not UTF-8, not JSON, not an object
        raise WebhookSignatureInvalid("The body is not a Stripe event.") from None
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str) \
            or not isinstance((event.get("data") or {}).get("object"), dict):
        raise WebhookSignatureInvalid("The body is not a Stripe event.")
    return event


@dataclass(frozen=True)
class RedirectSession:
    id: str
    url: str


def _call(create, **params) -> RedirectSession:
    checkout_require()
    try:
        session = create(api_key=settings.STRIPE_SECRET_KEY, **params)
    except (stripe.APIConnectionError, stripe.APIError) as error:
        logger.warning("Stripe unreachable for %s: %s", create.__qualname__, error)
        raise StripeUnavailable("Stripe could not start the session; try again shortly.") from None
    except stripe.StripeError as error:
        logger.warning("Stripe refused %s: %s", create.__qualname__, error)
        raise StripeUnavailable(f"Stripe refused the request: {error.user_message or 'no reason given'}") from None
    return RedirectSession(id=session.id, url=session.url)


def checkout_session_create(**params) -> RedirectSession:
    """A Stripe Checkout Session with exactly these parameters (see
    billing.services_stripe.checkout_start for what they are)."""
    return _call(stripe.checkout.Session.create, **params)


def portal_session_create(*, customer: str, return_url: str) -> RedirectSession:
    """A customer-portal session where the customer manages or cancels the plan."""
    return _call(stripe.billing_portal.Session.create, customer=customer, return_url=return_url)
