"""Browser pages for generating and following jobs. They call the same validator
and services as the API (CreativeRequestSerializer, job_create, job_cancel, the
selectors), scoped to the signed-in user's account."""
from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rest_framework.exceptions import ValidationError

from accounts.forms import form_add_refusal
from accounts.views import current_account
from config.problems import DomainError, NotFound, PayloadTooLarge, ValidationFailed
from generation import engine
from generation.api.serializers import CreativeRequestSerializer, DownloadQuerySerializer
from generation.downloads import output_download
from generation.forms import API_FIELD_NAMES, GenerateForm, JobFilterForm
from generation.models import Asset, Job, JobOutput, Preset
from generation.selectors import job_get_for_account, job_list_for_account, output_get_for_account
from generation.services import job_cancel, job_create
from generation.services_assets import asset_create, asset_delete
from generation.uploads import capped_upload_handlers

JOBS_PER_PAGE = 20
# The account's owner sees live and test jobs on the pages (test ones are marked);
# the API shows a key only its own mode's jobs.
OWNER_SEES_BOTH_MODES = None
RECENT_JOBS = 6


def _job_or_404(request: HttpRequest, job_id) -> Job:
    try:
        return job_get_for_account(account=current_account(request), job_id=job_id, mode=OWNER_SEES_BOTH_MODES)
    except NotFound:
        raise Http404("No such job in your account.") from None


def job_context(job: Job) -> dict:
    """What the job page and its live partial show."""
    outputs = sorted(job.outputs.all(), key=lambda o: o.index)
    if job.type == Job.Type.PHOTOSHOOT:
        _label_photoshoot_outputs(job, outputs)
    product_id = (job.request or {}).get("productImageAssetId")
    done = sum(1 for o in outputs if o.status != JobOutput.Status.PENDING)
    return {
        "job": job,
        "outputs": outputs,
        "produced": [o for o in outputs if o.status == JobOutput.Status.SUCCEEDED],
        "failures": [o for o in outputs if o.status == JobOutput.Status.FAILED],
        "done": done,
        "total": job.requested,
        "percent": round(100 * done / job.requested) if job.requested else 0,
        "is_active": job.status in Job.ACTIVE_STATUSES,
        "product_asset": Asset.objects.filter(pk=product_id, account_id=job.account_id).first() if product_id else None,
    }


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
    form = GenerateForm()
    return render(request, "generation/generate.html",
                  {"form": form, "account": current_account(request), "presets": form.presets}, status=413)


@login_required
@require_http_methods(["GET", "POST"])
@upload_page(_generate_too_large)
def generate(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    form = GenerateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job_id = _generate_submit(account, form)
        except (ValidationError, DomainError) as error:
            form_add_refusal(form, error, API_FIELD_NAMES)
        else:
            return redirect("job", job_id=job_id)
    return render(request, "generation/generate.html",
                  {"form": form, "account": account, "presets": form.presets})


def _generate_submit(account, form: GenerateForm) -> str | None:
    """The API's two calls for one form: upload the product image (POST /api/v1/assets)
    and generate with its id (POST /api/v1/generate). The answers are judged before
    anything is stored; a refused job keeps no upload."""
    body = form.to_api_body()
    serializer = CreativeRequestSerializer(data=body)
    serializer.is_valid(raise_exception=True)
    upload = form.cleaned_data.get("product_image")
    if upload is None:
        return job_create(account=account, api_key=None, job_type=Job.Type.CREATIVE,
                          request=serializer.to_job_request()).job_id
    try:
        asset = asset_create(account=account, data=upload.read(), original_name=upload.name or "")
    except DomainError as error:  # unreadable, not an image, too many pixels: said next to the field
        raise ValidationFailed(error.detail, errors={"file": [error.detail]}) from None
    try:
        serializer = CreativeRequestSerializer(data={**body, "productImageAssetId": str(asset.pk)})
        serializer.is_valid(raise_exception=True)
        return job_create(account=account, api_key=None, job_type=Job.Type.CREATIVE,
                          request=serializer.to_job_request()).job_id
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
    try:
        output = output_get_for_account(account=account, job_id=job_id, index=index, mode=OWNER_SEES_BOTH_MODES)
    except NotFound:
        raise Http404("No such image in your account.") from None
    download = output_download(output=output, file_format=query.validated_data["format"],
                               low_resolution=query.validated_data["lowResolution"])
    response = HttpResponse(download.data, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
