"""Settings → Brand: the account's brand kit (README, Brand kit)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.exceptions import ValidationError

from accounts.forms import form_add_refusal
from accounts.views import current_account
from config.problems import DomainError, PayloadTooLarge
from generation.api.serializers import BrandSerializer
from generation.forms import BrandKitForm
from generation.services_brand import brand_kit_get, brand_kit_save
from generation.views import upload_page

_FIELD_NAMES = {"primaryColor": "primary_color", "secondaryColor": "secondary_color", "file": "logo"}


def _page(request: HttpRequest, form: BrandKitForm, status: int = 200) -> HttpResponse:
    kit = brand_kit_get(account=current_account(request))
    return render(request, "generation/brand.html", {"form": form, "kit": kit}, status=status)


def _too_large(request: HttpRequest, error: PayloadTooLarge) -> HttpResponse:
    form = BrandKitForm()
    form.add_error("logo", error.detail)
    return _page(request, form, status=413)


@login_required
@require_http_methods(["GET", "POST"])
@upload_page(_too_large)
def brand_settings(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    kit = brand_kit_get(account=account)
    initial = {}
    if kit is not None:
        initial = {"primary_color": (kit.primary_color or "#1d4ed8").lower(),
                   "secondary_color": (kit.secondary_color or "#f59e0b").lower()}
    form = BrandKitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        colours = BrandSerializer(data={"primaryColor": form.cleaned_data["primary_color"] or None,
                                        "secondaryColor": form.cleaned_data["secondary_color"] or None})
        upload = form.cleaned_data.get("logo")
        try:
            colours.is_valid(raise_exception=True)
            brand_kit_save(account=account, primary_color=colours.validated_data.get("primaryColor") or "",
                           secondary_color=colours.validated_data.get("secondaryColor") or "",
                           logo_data=upload.read() if upload else None, logo_name=upload.name if upload else "",
                           remove_logo=form.cleaned_data["remove_logo"])
        except DomainError as error:  # the upload was refused (size, type, pixels)
            form.add_error("logo", error.detail)
        except ValidationError as error:  # a colour that is not #RRGGBB
            form_add_refusal(form, error, _FIELD_NAMES)
        else:
            messages.success(request, "Brand kit saved. The Generate page starts with it; the API uses it when a "
                                      "request sends \"brand\": \"default\".")
            return redirect("settings-brand")
    return _page(request, form, status=400 if form.errors else 200)
