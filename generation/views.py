"""Browser pages for generating and following jobs. They call the same validator
and services as the API (CreativeRequestSerializer, job_create, job_cancel, the
selectors), scoped to the signed-in user's account."""
from __future__ import annotations

import functools
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rest_framework.exceptions import ValidationError

from accounts.forms import form_add_refusal
from accounts.views import current_account
from config.problems import DomainError, NotFound, PayloadTooLarge, ValidationFailed
from generation import engine, limits
from generation.api.serializers import ArchiveQuerySerializer, CreativeRequestSerializer, DownloadQuerySerializer
from generation.downloads import download_response, job_download_archive, output_download
from generation.forms import API_FIELD_NAMES, GenerateForm, JobFilterForm, generate_initial_from_job
from generation.models import Asset, Job, JobOutput, Preset
from generation.representations import job_to_dict
from generation.selectors import (job_get_for_account, job_list_for_account, job_progress_estimate,
                                  output_get_for_account)
from generation.services import Accepted, job_cancel, job_create
from generation.services_assets import asset_create, asset_delete
from generation.services_brand import brand_kit_get
from generation.uploads import capped_upload_handlers

JOBS_PER_PAGE = 20
# The account's owner sees live and test jobs on the pages (test ones are marked);
# the API shows a key only its own mode's jobs.
OWNER_SEES_BOTH_MODES = None
RECENT_JOBS = 6


def _created_job_id(accepted: Accepted) -> str:
    """The id of the job a create call just accepted (it always has one)."""
    if accepted.job_id is None:
        raise RuntimeError("job_create accepted a job without an id")
    return accepted.job_id


def _job_or_404(request: HttpRequest, job_id) -> Job:
    return job_get_for_account(account=current_account(request), job_id=job_id, mode=OWNER_SEES_BOTH_MODES)


def job_context(job: Job) -> dict:
    """What the job page and its live partial show: the job as the API shows it
    (generation.representations.job_to_dict: counts, progress, produced images and
    failures), with the output rows for each card and the product's thumbnail."""
    outputs = sorted(job.outputs.all(), key=lambda o: o.index)
    if job.type == Job.Type.PHOTOSHOOT:
        _label_photoshoot_outputs(job, outputs)
    shown = job_to_dict(job, outputs)
    progress = shown["result"]["progress"]
    product_id = (job.request or {}).get("productImageAssetId")
    done, total = progress["done"], progress["total"]
    # One card is one image: its bar moves with the estimate of the card in progress
    # (selectors.job_progress_estimate, as the API's `progress`), not 0 → 1.
    estimate = job_progress_estimate(job=job, now=timezone.now()) if job.type == Job.Type.PLAYER_CARD else None
    percent = round(100 * estimate) if estimate is not None else (round(100 * done / total) if total else 0)
    preset_id = (job.request or {}).get("preset")
    return {
        "job": job,
        "shown": shown,
        "preset": Preset.objects.filter(pk=preset_id).first() if preset_id else None,
        "archive_formats": _archive_formats(job, shown["result"]["outputs"]),
        "outputs": outputs,
        "produced": shown["result"]["outputs"],
        "failures": shown["result"]["failures"],
        "done": done,
        "total": total,
        "percent": percent,
        "bar_value": percent if estimate is not None else done,
        "bar_max": 100 if estimate is not None else total,
        "is_active": job.status in Job.ACTIVE_STATUSES,
        "product_asset": Asset.objects.filter(pk=product_id, account_id=job.account_id).first() if product_id else None,
        "design": engine.CARD_PRESETS.get(((job.request or {}).get("style") or {}).get("preset", "")),
    }


def _archive_formats(job: Job, produced: list[dict]) -> list[tuple[str, str]]:
    """The file types "Download all" offers: PNG, JPEG and PDF always, WebP where the
    job made WebP; the job's own type first. `produced`: the job's outputs as the API
    shows them."""
    made = {o["contentType"] for o in produced}
    offered = ["png", "jpeg", "pdf"] + (["webp"] if "image/webp" in made else [])
    own = (job.request or {}).get("outputFormat", "png")
    offered.sort(key=lambda f: f != own)
    return [(f, "JPEG" if f == "jpeg" else ("WebP" if f == "webp" else f.upper())) for f in offered]


def _label_photoshoot_outputs(job: Job, outputs: list[JobOutput]) -> None:
    """Each photoshoot image is labelled with what it shows: its preset's name or its
    custom prompt in quotes."""
    prompts = job.request.get("prompts") or []
    names = dict(Preset.objects.filter(pk__in=[p.get("preset") for p in prompts if p.get("tag") == "preset"])
                 .values_list("pk", "name"))
    for output in outputs:
        prompt = prompts[output.variant] if output.variant < len(prompts) else {}
        if prompt.get("tag") == "preset":
            output.prompt_label = names.get(prompt["preset"], prompt["preset"])  # type: ignore[attr-defined]
        else:
            output.prompt_label = f"“{prompt.get('prompt', output.format)}”"  # type: ignore[attr-defined]


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """`/`: the landing page for visitors, the dashboard for the signed-in (one address,
    so a bookmark and the log-in redirect both land on the right page)."""
    if not request.user.is_authenticated:
        return render(request, "landing.html", {
            "free_credits": settings.FREE_CREDITS, "formats": len(engine.FORMATS), "languages": len(engine.LANGUAGES)})
    account = current_account(request)
    jobs = list(job_list_for_account(account=account, mode=OWNER_SEES_BOTH_MODES)[:RECENT_JOBS])
    return render(request, "generation/dashboard.html", {"account": account, "jobs": jobs})


def upload_page(on_too_large):
    """For a page that takes an image upload: the size cap (uploads.capped_upload_handlers)
    is in place before anything reads the body — the CSRF check included, which runs
    once the cap is — and an upload refused while it streams is answered by
    `on_too_large(request, error)`, since the form's other answers were never read."""
    def decorate(view):
        protected = csrf_protect(view)

        @csrf_exempt  # checked by `protected`, once the cap is in place
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.upload_handlers = capped_upload_handlers(request)
            try:
                return protected(request, *args, **kwargs)
            except PayloadTooLarge as error:
                return on_too_large(request, error)
        return wrapper
    return decorate


def _generate_too_large(request: HttpRequest, error: PayloadTooLarge) -> HttpResponse:
    messages.error(request, f"Product image: {error.detail}")
    account = current_account(request)
    form = GenerateForm(brand_kit=brand_kit_get(account=account))
    return render(request, "generation/generate.html", _generate_context(form, account), status=413)


def _generate_context(form: GenerateForm, account, source: Job | None = None) -> dict:
    """What the Generate page shows besides the form: the presets by category, the
    brand kit's logo, and the assets a job being re-run used."""
    categories = sorted({name for preset in form.presets for name in preset.categories})
    assets = {str(a.pk): a for a in Asset.objects.filter(
        account=account, pk__in=[v for v in (form["logo_asset"].value(), form["product_asset"].value()) if v])}
    selected = next((p for p in form.presets if p.pk == form["preset"].value()), None)
    return {"form": form, "account": account, "presets": form.presets, "preset_categories": categories,
            "selected_preset": selected, "brand_kit": form.brand_kit, "source_job": source,
            "logo_asset": assets.get(form["logo_asset"].value() or ""),
            "product_asset": assets.get(form["product_asset"].value() or ""),
            "formats_max": limits.FORMATS_MAX, "claim_max": limits.CLAIM_MAX_CHARS}


@login_required
@require_http_methods(["GET", "POST"])
@upload_page(_generate_too_large)
def generate(request: HttpRequest) -> HttpResponse:
    """The Generate page; `?from=<job id>` fills it in with that job's request (Edit and re-run)."""
    account = current_account(request)
    kit = brand_kit_get(account=account)
    source = None
    if request.method == "GET" and request.GET.get("from"):
        source = _creative_job_or_none(request, request.GET["from"])
    initial = generate_initial_from_job(source) if source is not None else None
    form = GenerateForm(request.POST or None, request.FILES or None, brand_kit=kit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            job_id = _generate_submit(account, form)
        except (ValidationError, DomainError) as error:
            form_add_refusal(form, error, API_FIELD_NAMES)
        else:
            return redirect("job", job_id=job_id)
    return render(request, "generation/generate.html", _generate_context(form, account, source))


def _creative_job_or_none(request: HttpRequest, job_id: str) -> Job | None:
    try:
        job = _job_or_404(request, uuid.UUID(job_id))
    except (ValueError, NotFound):
        messages.error(request, "That job is not in your account; the form starts empty.")
        return None
    return job if job.type == Job.Type.CREATIVE else None


def _generate_submit(account, form: GenerateForm) -> str | None:
    """The API's two calls for one form: upload the product image (POST /api/v1/assets)
    and generate with its id (POST /api/v1/generate). The answers are judged before
    anything is stored; a refused job keeps no upload."""
    body = form.to_api_body()
    serializer = CreativeRequestSerializer(data=body)
    serializer.is_valid(raise_exception=True)
    upload = form.cleaned_data.get("product_image")
    if upload is None:  # no new upload: the product of the job re-run, if any, stays
        return _created_job_id(job_create(account=account, api_key=None, job_type=Job.Type.CREATIVE,
                          request=serializer.to_job_request()))

    def create(asset_id: str) -> str:
        serializer = CreativeRequestSerializer(data={**body, "productImageAssetId": asset_id})
        serializer.is_valid(raise_exception=True)
        return _created_job_id(job_create(account=account, api_key=None, job_type=Job.Type.CREATIVE,
                          request=serializer.to_job_request()))

    return upload_then_create(account=account, upload=upload, create=create)


def upload_then_create(*, account, upload, create) -> str:
    """Stores a page's upload as the account's asset (POST /api/v1/assets), then calls
    `create(asset_id)`; the asset is removed again when that is refused."""
    try:
        asset = asset_create(account=account, data=upload.read(), original_name=upload.name or "")
    except DomainError as error:  # unreadable, not an image, too many pixels: said next to the field
        raise ValidationFailed(error.detail, errors={"file": [error.detail]}) from None
    try:
        return create(str(asset.pk))
    except Exception:
        asset_delete(asset=asset)
        raise


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    filters = JobFilterForm(request.GET or None)
    status = type_ = None
    if filters.is_valid():
        status, type_ = filters.cleaned_data["status"] or None, filters.cleaned_data["type"] or None
    jobs = job_list_for_account(account=account, mode=OWNER_SEES_BOTH_MODES, status=status, type=type_)
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "generation/jobs.html", {
        "page": page, "filters": filters, "filtered": bool(status or type_), "query": query.urlencode(),
    })


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id) -> HttpResponse:
    job = _job_or_404(request, job_id)
    return render(request, "generation/job.html", job_context(job))


@login_required
@require_GET
def job_live(request: HttpRequest, job_id) -> HttpResponse:
    """The part of the job page that changes, polled by htmx while the job runs."""
    job = _job_or_404(request, job_id)
    return render(request, "generation/_job_live.html", job_context(job))


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, job_id) -> HttpResponse:
    job = _job_or_404(request, job_id)
    try:
        job = job_cancel(job=job)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        spent = job.credits_consumed
        messages.success(request, f"Job canceled. {spent} credit{'' if spent == 1 else 's'} spent on the images "
                                  "already made; the rest went back to your balance.")
    return redirect("job", job_id=job.pk)


@login_required
@require_GET
def output_download_view(request: HttpRequest, job_id, index: int) -> HttpResponse:
    """One image as PNG, JPEG or PDF, full size or low resolution: the API's download
    (same query, same converter) for the signed-in browser."""
    query = DownloadQuerySerializer(data=request.GET)
    if not query.is_valid():
        return HttpResponseBadRequest("Use format=png, jpeg or pdf, and lowResolution=true or false.")
    account = current_account(request)
    output = output_get_for_account(account=account, job_id=job_id, index=index, mode=OWNER_SEES_BOTH_MODES)
    download = output_download(output=output, file_format=query.validated_data["format"],
                               low_resolution=query.validated_data["lowResolution"])
    return download_response(download)


@login_required
@require_GET
def job_archive_view(request: HttpRequest, job_id) -> HttpResponse:
    """Download all: every image of the job in one ZIP (the API's archive, same converter)."""
    query = ArchiveQuerySerializer(data=request.GET)
    if not query.is_valid():
        return HttpResponseBadRequest("Use format=png, jpeg, webp or pdf.")
    job = _job_or_404(request, job_id)
    return download_response(job_download_archive(job=job, file_format=query.validated_data["format"]))
