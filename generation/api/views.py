from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import request_api_key, request_mode
from accounts.throttling import ApiKeyRateThrottle, PreviewRateThrottle
from config.problems import ValidationFailed
from generation import engine, limits
from generation.api import serializers as s
from generation.downloads import download_response, job_download_archive, output_download
from generation.idempotency import idempotency_key_parse, request_fingerprint
from generation.models import Job
from generation.representations import asset_to_dict, job_to_dict, preset_to_dict
from generation.selectors import job_get_for_account, job_list_for_account, output_get_for_account
from generation.services import job_cancel, job_create
from generation.services_assets import asset_create
from generation.services_photoshoots import photoshoot_recommend
from generation.services_presets import preset_search
from generation.services_previews import preview_image, preview_render
from generation.uploads import capped_upload_handlers

PROBLEM = OpenApiResponse(s.ProblemSerializer, description="Problem document (application/problem+json)")
ACTIVE_CAP_PROBLEM = OpenApiResponse(
    s.ProblemSerializer, description="`too_many_active_jobs`: the account's queued + processing jobs or images are at "
    "their cap (`rate_limited` beyond the request rate); retry after `Retry-After` seconds")
IDEMPOTENCY_HEADER = OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER,
                                      description="Makes retries safe: the same key and body replay the first answer.")


def upload_read(request, *, field: str):
    """The multipart file `field`, read through the size-capped upload handlers."""
    request._request.upload_handlers = capped_upload_handlers(request._request)
    upload = request.FILES.get(field)
    if upload is None:
        raise ValidationFailed(f"Send the image as the multipart field `{field}`.",
                               errors={field: ["This field is required."]})
    return upload


def accepted_response(request, accepted) -> Response:
    response = Response(accepted.body, status=accepted.status_code)
    if accepted.job_id:
        response["Location"] = request.build_absolute_uri(accepted.body.get("pollUrl", ""))
    if accepted.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


class CreativeGenerateApi(APIView):
    @extend_schema(
        operation_id="generate_creatives", request=s.CreativeRequestSerializer, parameters=[IDEMPOTENCY_HEADER],
        responses={202: s.JobAcceptedSerializer, 400: PROBLEM, 401: PROBLEM, 402: PROBLEM, 409: PROBLEM,
                   429: ACTIVE_CAP_PROBLEM},
        summary="Generate ad creatives from a claim",
    )
    def post(self, request):
        key = idempotency_key_parse(request.headers.get("Idempotency-Key"))  # a malformed key is refused first
        serializer = s.CreativeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _job_request_create(request, job_type=Job.Type.CREATIVE, serializer=serializer, key=key)


class FirstRendererNegotiation(DefaultContentNegotiation):
    """Renders in JSON whatever the Accept header says: the view itself chooses
    between an image and a JSON document (and errors are always problem documents)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CreativePreviewApi(APIView):
    throttle_classes = [ApiKeyRateThrottle, PreviewRateThrottle]
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        operation_id="preview_creative", request=s.PreviewRequestSerializer,
        responses={(200, "image/png"): OpenApiTypes.BINARY, (200, "application/json"): s.FitReportSerializer,
                   400: PROBLEM, 401: PROBLEM, 422: PROBLEM,
                   429: OpenApiResponse(s.ProblemSerializer, description="`rate_limited`: retry after "
                                                                         "`Retry-After` seconds")},
        summary="Preview a creative for one format (free, not stored)",
        description=f"The body of `POST /api/v1/generate` for one format (`\"formats\": [\"F4\"]`). Free: no "
                    f"credit moves and nothing is stored. Answers a PNG of at most {limits.PREVIEW_MAX_SIDE} px a "
                    f"side, drawn exactly as the job would draw it (test keys: with the TEST mark), or with "
                    f"`Accept: application/json` the fit report: whether the claim fits, at what size and on "
                    f"which lines. A claim that does not fit is `fits: false` in the report (200) and 422 "
                    f"`text_does_not_fit` for the image. Rate-limited separately from the rest of the API "
                    f"(`PREVIEW_RATE_LIMIT`, default {limits.PREVIEW_RATE_LIMIT}).",
    )
    def post(self, request):
        serializer = s.PreviewRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account, watermark = request.user.account, request_mode(request) == Job.Mode.TEST
        wants = request._request.get_preferred_type(["image/png", "application/json"])
        if wants == "application/json":
            preview = preview_render(account=account, request=serializer.to_job_request(), watermark=watermark,
                                     image_index=None)[0]
            return Response(preview.report.to_dict())
        preview = preview_image(account=account, request=serializer.to_job_request(), watermark=watermark)
        response = HttpResponse(preview.png, content_type="image/png")
        response["Cache-Control"] = "no-store"
        return response


def _job_request_create(request, *, job_type: str, serializer, key: str | None) -> Response:
    """Accepts a validated create request through the one pipeline (README, What to expect: Idempotency, Credits)."""
    accepted = job_create(
        account=request.user.account,
        api_key=request_api_key(request),
        job_type=job_type,
        request=serializer.to_job_request(),
        metadata=serializer.validated_data.get("metadata"),
        webhook_url=serializer.validated_data.get("webhookUrl", ""),
        idempotency_key=key,
        fingerprint=request_fingerprint(method=request.method, path=request.path, body=request.data) if key else "",
    )
    return accepted_response(request, accepted)


class PhotoshootCreateApi(APIView):
    @extend_schema(
        operation_id="create_photoshoot", request=s.PhotoshootRequestSerializer, parameters=[IDEMPOTENCY_HEADER],
        responses={202: s.JobAcceptedSerializer, 400: PROBLEM, 401: PROBLEM, 402: PROBLEM, 409: PROBLEM},
        summary="Place a product on up to six styled scenes (one image and one credit per prompt)",
    )
    def post(self, request):
        key = idempotency_key_parse(request.headers.get("Idempotency-Key"))  # a malformed key is refused first
        serializer = s.PhotoshootRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _job_request_create(request, job_type=Job.Type.PHOTOSHOOT, serializer=serializer, key=key)


class PhotoshootRecommendationsApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="recommend_photoshoot",
        request={"multipart/form-data": {"type": "object", "properties": {
            "productImage": {"type": "string", "format": "binary"}, "productName": {"type": "string"}},
            "required": ["productImage"]}},
        responses={200: s.RecommendationsSerializer, 400: PROBLEM, 413: PROBLEM, 415: PROBLEM, 422: PROBLEM},
        summary="Cut the product out of a photo and recommend scenes for it (free)",
    )
    def post(self, request):
        upload = upload_read(request, field="productImage")
        form = s.RecommendationsFormSerializer(data={"productName": request.POST.get("productName", "")})
        form.is_valid(raise_exception=True)
        return Response(photoshoot_recommend(account=request.user.account, data=upload.read(),
                                             original_name=upload.name or "",
                                             product_name=form.validated_data.get("productName", "")))


class JobDetailApi(APIView):
    @extend_schema(operation_id="get_job", responses={200: s.JobSerializer, 404: PROBLEM}, summary="Get a job")
    def get(self, request, job_id):
        job = job_get_for_account(account=request.user.account, job_id=job_id, mode=request_mode(request))
        return Response(job_to_dict(job, list(job.outputs.all())))


class JobListApi(APIView):
    @extend_schema(operation_id="list_jobs", parameters=[s.JobListQuerySerializer],
                   responses={200: s.JobListSerializer, 400: PROBLEM}, summary="List jobs, newest first")
    def get(self, request):
        query = s.JobListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        jobs = job_list_for_account(account=request.user.account, mode=request_mode(request),
                                    status=params.get("status"), type=params.get("type"))
        total = jobs.count()
        page = list(jobs[params["offset"]: params["offset"] + params["limit"]])
        return Response({
            "jobs": [job_to_dict(job, list(job.outputs.all())) for job in page],
            "total": total, "limit": params["limit"], "offset": params["offset"],
            "hasMore": params["offset"] + len(page) < total,
        })


class JobCancelApi(APIView):
    @extend_schema(operation_id="cancel_job", request=None,
                   responses={200: s.JobSerializer, 404: PROBLEM, 409: PROBLEM},
                   summary="Cancel a queued or processing job")
    def post(self, request, job_id):
        job = job_get_for_account(account=request.user.account, job_id=job_id, mode=request_mode(request))
        job = job_cancel(job=job)
        return Response(job_to_dict(job))


class OutputDownloadApi(APIView):
    @extend_schema(operation_id="download_output", parameters=[s.DownloadQuerySerializer],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: PROBLEM, 400: PROBLEM},
                   summary="Download one image as PNG, JPEG, WebP or PDF")
    def get(self, request, job_id, index):
        query = s.DownloadQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        output = output_get_for_account(account=request.user.account, job_id=job_id, index=index,
                                        mode=request_mode(request))
        return download_response(output_download(output=output, file_format=query.validated_data["format"],
                                                 low_resolution=query.validated_data["lowResolution"]))


class JobArchiveApi(APIView):
    @extend_schema(operation_id="download_job_archive", parameters=[s.ArchiveQuerySerializer],
                   responses={(200, "application/zip"): OpenApiTypes.BINARY, 404: PROBLEM, 400: PROBLEM},
                   summary="Download every image of a job as one ZIP (PNG, JPEG, WebP or PDF)",
                   description="The job's produced images at full size, each converted like "
                               "`/outputs/{index}/download` converts it; 404 while the job has none.")
    def get(self, request, job_id):
        query = s.ArchiveQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        job = job_get_for_account(account=request.user.account, job_id=job_id, mode=request_mode(request))
        return download_response(job_download_archive(job=job, file_format=query.validated_data["format"]))


class FormatListApi(APIView):
    @extend_schema(operation_id="list_formats", responses={200: s.FormatSerializer(many=True)},
                   summary="The ad sizes creatives can be rendered in")
    def get(self, request):
        return Response([
            {"code": f.code, "width": f.width, "height": f.height, "name": f.name, "family": f.family,
             "maxBytes": engine.DISPLAY_MAX_BYTES if f.is_display else None}
            for f in engine.FORMATS.values()
        ])


class AssetCreateApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="upload_asset",
        request={"multipart/form-data": {"type": "object",
                                         "properties": {"file": {"type": "string", "format": "binary"}},
                                         "required": ["file"]}},
        responses={201: s.AssetSerializer, 400: PROBLEM, 413: PROBLEM, 415: PROBLEM},
        summary="Upload an image (JPEG, PNG or WebP, up to 12 MB) for logos and product photos",
        description=f"At most {limits.ASSET_MAX_PIXELS / 1e6:g} megapixels, no side over {limits.ASSET_MAX_SIDE} px, "
                    f"sides at most {limits.ASSET_MAX_ASPECT_RATIO}:1 apart (checked before the image is decoded: 400 "
                    f"`validation_error`). The original is kept at full size; logos are drawn from a working copy of "
                    f"at most {limits.ASSET_WORKING_MAX_SIDE} px.",
    )
    def post(self, request):
        upload = upload_read(request, field="file")
        asset = asset_create(account=request.user.account, data=upload.read(), original_name=upload.name or "")
        return Response(asset_to_dict(asset), status=201)


class PresetListApi(APIView):
    @extend_schema(operation_id="list_presets", parameters=[s.PresetQuerySerializer],
                   responses={200: s.PresetSerializer(many=True), 400: PROBLEM},
                   summary="The preset catalog, filterable")
    def get(self, request):
        query = s.PresetQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        presets = preset_search(**{k: v for k, v in query.validated_data.items() if v})
        return Response([preset_to_dict(p) for p in presets])
