"""The Usage page and its ledger export (read through the same selectors as
GET /api/v1/usage), Settings → Billing, and Stripe's webhook."""
from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.views import current_account, signed_in_user
from billing import stripe_gateway
from billing.selectors import (
    account_plan,
    billing_customer_id,
    catalog_for_sale,
    default_period,
    ledger_for_account,
    ledger_movements_page,
    purchases_for_account,
    usage_summary,
)
from billing.services_stripe import checkout_start, portal_start, stripe_event_process
from config.problems import DomainError, problem_json_response

LEDGER_PER_PAGE = 25
CSV_COLUMNS = ("created_at", "kind", "credits", "available_delta", "reserved_delta", "job_id", "reason")


@login_required
@require_GET
def usage(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    summary = usage_summary(account=account, period=default_period(), mode=None)  # the owner: both modes
    page = ledger_movements_page(account=account, page_number=request.GET.get("page"), per_page=LEDGER_PER_PAGE)
    chart = {"labels": [day["date"] for day in summary["daily"]],
             "credits": [day["credits"] for day in summary["daily"]],
             "images": [day["images"] for day in summary["daily"]]}
    return render(request, "billing/usage.html", {"account": account, "summary": summary, "page": page,
                                                  "chart": chart})


class _Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def ledger_csv(request: HttpRequest) -> StreamingHttpResponse:
    account = current_account(request)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for entry in ledger_for_account(account=account).iterator(chunk_size=500):
            yield writer.writerow([
                entry.created_at.isoformat(), entry.kind, entry.credits, entry.available_delta,
                entry.reserved_delta, entry.job_id or "", entry.reason,
            ])

    filename = f"creative-studio-ledger-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Settings → Billing ------------------------------------------------------------------------

PURCHASES_LISTED = 20


@login_required
@require_GET
def billing_settings(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    result = request.GET.get("checkout")
    if result == "success":
        messages.success(request, "Thank you! Your payment went through; the credits appear here as soon as "
                                  "Stripe confirms it, usually within seconds.")
    elif result == "canceled":
        messages.info(request, "Checkout canceled; nothing was charged.")
    context = {
        "account": account,
        "subscription": account_plan(account=account),
        "catalog": catalog_for_sale(),
        "checkout_enabled": stripe_gateway.checkout_configured(),
        "has_customer": bool(billing_customer_id(account=account)),
        "purchases": purchases_for_account(account=account)[:PURCHASES_LISTED],
    }
    return render(request, "billing/billing.html", context)


@login_required
@require_POST
def billing_checkout(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    code = request.POST.get("code", "")[:40]
    page = request.build_absolute_uri(reverse("settings-billing"))
    try:
        session = checkout_start(account=account, email=signed_in_user(request).email, code=code,
                                 success_url=f"{page}?checkout=success", cancel_url=f"{page}?checkout=canceled")
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("settings-billing")
    return redirect(session.url)


@login_required
@require_POST
def billing_portal(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    try:
        session = portal_start(account=account, return_url=request.build_absolute_uri(reverse("settings-billing")))
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("settings-billing")
    return redirect(session.url)


# --- Stripe's webhook ------------------------------------------------------------------------------

@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """POST /billing/stripe/webhook: Stripe's events, verified by their signature (no
    session, no CSRF token: the signature is the authentication)."""
    try:
        event = stripe_gateway.webhook_event_verify(payload=request.body,
                                                    signature=request.headers.get("Stripe-Signature", ""))
    except RequestDataTooBig:
        return problem_json_response(request, status=413, code="payload_too_large", title="Payload too large",
                                detail="A Stripe event is never this large.")
    except DomainError as error:
        return problem_json_response(request, status=error.status, code=error.code, title=error.title,
                                     detail=error.detail)
    record, applied = stripe_event_process(event=event)
    return JsonResponse({"received": True, "duplicate": not applied, "outcome": record.outcome})
