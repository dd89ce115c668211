"""Settings → Webhooks: endpoints, secrets, the delivery log, resend and test events.
Thin: each action calls the same service as the API."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.exceptions import ValidationError

from accounts.forms import form_add_refusal
from accounts.views import current_account
from config.problems import DomainError
from webhooks.api import EndpointCreateSerializer
from webhooks.forms import EndpointCreateForm
from webhooks.selectors import (
    endpoint_get_for_account,
    endpoint_list_for_account,
    message_get_for_account,
    message_list_for_account,
)
from webhooks.services import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_enable,
    webhook_endpoint_secret,
    webhook_endpoint_send_test,
    webhook_message_resend,
    webhook_signing_secret_get,
    webhook_signing_secret_rotate,
)

LOG_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def webhooks_settings(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    form = EndpointCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = EndpointCreateSerializer(data=form.to_api_body())
        try:
            data.is_valid(raise_exception=True)
            endpoint, _ = webhook_endpoint_create(
                account=account, url=data.validated_data["url"], description=data.validated_data["description"],
                event_types=data.validated_data["eventTypes"],
            )
        except (ValidationError, DomainError) as error:
            form_add_refusal(form, error, field_names={"eventTypes": "event_types"})
        else:
            messages.success(request, f"Endpoint added: {endpoint.url}. Its signing secret is shown below.")
            return redirect(f"{request.path}?reveal={endpoint.pk}#endpoint-{endpoint.pk}")
    reveal = request.GET.get("reveal", "")
    endpoints = list(endpoint_list_for_account(account=account))
    for endpoint in endpoints:
        secret = webhook_endpoint_secret(endpoint=endpoint) if reveal == str(endpoint.pk) else None
        endpoint.revealed_secret = secret  # type: ignore[attr-defined]
    context = {
        "form": form,
        "endpoints": endpoints,
        "default_secret": webhook_signing_secret_get(account=account) if reveal == "default" else None,
        "log": list(message_list_for_account(account=account)[:LOG_SIZE]),
    }
    return render(request, "webhooks/settings.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("settings-webhooks")


def _own_endpoint(request: HttpRequest, endpoint_id):
    return endpoint_get_for_account(account=current_account(request), endpoint_id=endpoint_id)


@login_required
@require_POST
def endpoint_delete(request: HttpRequest, endpoint_id) -> HttpResponse:
    endpoint = _own_endpoint(request, endpoint_id)
    webhook_endpoint_delete(endpoint=endpoint)
    messages.success(request, f"Endpoint deleted: {endpoint.url}.")
    return _back(request)


@login_required
@require_POST
def endpoint_enable(request: HttpRequest, endpoint_id) -> HttpResponse:
    endpoint = _own_endpoint(request, endpoint_id)
    webhook_endpoint_enable(endpoint=endpoint)
    messages.success(request, f"Endpoint enabled again: {endpoint.url}.")
    return _back(request)


@login_required
@require_POST
def endpoint_send_test(request: HttpRequest, endpoint_id) -> HttpResponse:
    endpoint = _own_endpoint(request, endpoint_id)
    try:
        webhook_endpoint_send_test(endpoint=endpoint)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, f"A webhook.test event is on its way to {endpoint.url}; "
                                  "reload to see the attempt in the log.")
    return _back(request)


@login_required
@require_POST
def message_resend(request: HttpRequest, message_id) -> HttpResponse:
    message = message_get_for_account(account=current_account(request), message_id=message_id)
    try:
        webhook_message_resend(message=message)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, f"Resending {message.event_type} ({message.msg_id}) to {message.url}.")
    return _back(request)


@login_required
@require_POST
def signing_secret_rotate(request: HttpRequest) -> HttpResponse:
    webhook_signing_secret_rotate(account=current_account(request))
    messages.success(request, "New default secret created; deliveries to per-request webhookUrl use it from now on.")
    return redirect(reverse("settings-webhooks") + "?reveal=default#default-secret")
