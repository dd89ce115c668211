"""The Photoshoot page (README, Using the web app): upload → cut-out and recommendations → prompts →
the job page. It calls the same services and validator as the API."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods
from rest_framework.exceptions import ValidationError

from accounts.forms import form_add_refusal
from accounts.views import current_account
from config.problems import DomainError, PayloadTooLarge
from generation.api.serializers import PhotoshootRequestSerializer
from generation.forms import PHOTOSHOOT_FIELD_NAMES, PhotoshootForm, PhotoshootUploadForm
from generation.limits import PHOTOSHOOT_PROMPTS_MAX, PRODUCT_NAME_MAX_CHARS
from generation.models import Job, Preset
from generation.services import job_create
from generation.services_photoshoots import photoshoot_recommend, photoshoot_recommendations_for
from generation.views import upload_page


def _upload_too_large(request: HttpRequest, error: PayloadTooLarge) -> HttpResponse:
    form = PhotoshootUploadForm()
    form_add_refusal(form, error, {"file": "product_image"})
    return render(request, "generation/photoshoot_upload.html",
                  {"form": form, "account": current_account(request)}, status=413)


@login_required
@require_http_methods(["GET", "POST"])
@upload_page(_upload_too_large)
def photoshoot_upload(request: HttpRequest) -> HttpResponse:
    form = PhotoshootUploadForm(request.POST or None, request.FILES or None)
    account = current_account(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("product_image")
        if upload is None:
            form.add_error("product_image", "Choose a photo of your product.")
        else:
            try:
                answer = photoshoot_recommend(account=account, data=upload.read(), original_name=upload.name or "",
                                              product_name=form.cleaned_data.get("product_name") or "")
            except DomainError as error:
                form_add_refusal(form, error, {"productImage": "product_image", "file": "product_image"})
                if error.errors:  # the field says what; the top of the form says why and what to do
                    form.add_error(None, error.detail)
            else:
                query = {"name": form.cleaned_data["product_name"]} if form.cleaned_data.get("product_name") else {}
                url = reverse("photoshoot-prompts", args=[answer["backgroundRemovedImageAssetId"]])
                return redirect(f"{url}?{urlencode(query)}" if query else url)
    return render(request, "generation/photoshoot_upload.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def photoshoot_prompts(request: HttpRequest, asset_id) -> HttpResponse:
    account = current_account(request)
    answer = photoshoot_recommendations_for(account=account, asset_id=asset_id,
                                            product_name=request.GET.get("name", "")[:PRODUCT_NAME_MAX_CHARS])
    recommended = answer["recommendedPresetIds"]
    presets = sorted(Preset.objects.filter(is_active=True),
                     key=lambda p: (recommended.index(p.pk) if p.pk in recommended else len(recommended), p.sort_order))
    initial = {"product_name": answer["productInfo"]["productName"],
               "product_description": answer["productInfo"]["productDescription"],
               "presets": recommended, "use_style_reference": True}
    form = PhotoshootForm(request.POST or None, initial=initial, presets=presets)
    custom_prompts = request.POST.getlist("custom_prompts") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        serializer = PhotoshootRequestSerializer(data=form.to_api_body(
            asset_id=answer["backgroundRemovedImageAssetId"], custom_prompts=custom_prompts))
        try:
            serializer.is_valid(raise_exception=True)
            accepted = job_create(account=account, api_key=None, job_type=Job.Type.PHOTOSHOOT,
                                  request=serializer.to_job_request())
        except (ValidationError, DomainError) as error:
            form_add_refusal(form, error, PHOTOSHOOT_FIELD_NAMES)
        else:
            return redirect("job", job_id=accepted.job_id)
    slots = (custom_prompts + [""] * PHOTOSHOOT_PROMPTS_MAX)[:PHOTOSHOOT_PROMPTS_MAX]
    return render(request, "generation/photoshoot_prompts.html", {
        "form": form, "account": account, "answer": answer, "presets": presets, "recommended": recommended,
        "custom_slots": slots, "suggested_prompts": answer["recommendedPrompts"], "prompts_max": PHOTOSHOOT_PROMPTS_MAX,
    })
