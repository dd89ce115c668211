"""The player-card API (README, Player cards API), compatible with Pro Clubs clients:
snake_case bodies in a `data` envelope, problem documents whose `code` is the upper-case
form of the platform's codes. Cards are jobs: the same pipeline, ledger, idempotency
and webhooks as every other job."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import request_api_key, request_mode
from config.problems import problem_exception_handler
from generation.api import card_serializers as s
from generation.api.serializers import ProblemSerializer
from generation.idempotency import idempotency_key_parse, request_fingerprint
from generation.models import Job
from generation.services import job_create
from generation.services_cards import card_accepted_body, card_get_for_account, card_presets, card_to_dict


def card_problem_handler(exc, context):
    """The platform's problem document, with `code` upper-cased as Pro Clubs clients
    expect (`validation_error` → `VALIDATION_ERROR`)."""
    response = problem_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and isinstance(response.data.get("code"), str):
        response.data["code"] = response.data["code"].upper()
    return response


class CardApiView(APIView):
    def get_exception_handler(self):
        return card_problem_handler


PROBLEM = OpenApiResponse(ProblemSerializer, description="Problem document (application/problem+json); `code` in "
                                                         "upper case, e.g. VALIDATION_ERROR")
REQUIRED_IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="Required. The same key and body replay the first 202 (same image_id); the same key with "
                "another body is 409 IDEMPOTENCY_KEY_REUSED_WITH_DIFFERENT_PAYLOAD.")


class ImageCreateApi(CardApiView):
    @extend_schema(
        operation_id="create_image", request=s.PlayerCardRequestSerializer, parameters=[REQUIRED_IDEMPOTENCY_HEADER],
        responses={202: s.CardAcceptedSerializer, 400: PROBLEM, 401: PROBLEM, 402: PROBLEM, 409: PROBLEM,
                   429: PROBLEM},
        summary="Make a player card from a profile and a photo (one credit once it is made)",
        description="The photo is fetched by a worker, so the answer is immediate; poll "
                    "GET /api/v1/images/{image_id} (or receive the job.* webhooks). `estimated_completion_at` comes "
                    "from the measured times of recent cards and the work queued ahead.",
    )
    def post(self, request):
        key = idempotency_key_parse(request.headers.get("Idempotency-Key"), required=True)
        serializer = s.PlayerCardRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        accepted = job_create(
            account=request.user.account, api_key=request_api_key(request), job_type=Job.Type.PLAYER_CARD,
            request=serializer.to_job_request(), metadata=serializer.validated_data.get("metadata"),
            webhook_url=serializer.validated_data.get("webhook_url", ""), idempotency_key=key,
            fingerprint=request_fingerprint(method=request.method, path=request.path, body=request.data),
            accepted_body=card_accepted_body, webhook_url_field="webhook_url",
        )
        response = Response(accepted.body, status=accepted.status_code)
        response["Location"] = request.build_absolute_uri(f"/api/v1/images/{accepted.body['data']['image_id']}")
        if accepted.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class ImageDetailApi(CardApiView):
    @extend_schema(operation_id="get_image", responses={200: s.CardSerializer, 401: PROBLEM, 404: PROBLEM},
                   summary="A player card: processing, completed (with result.image_url) or failed (with failure)")
    def get(self, request, image_id):
        job = card_get_for_account(account=request.user.account, image_id=image_id, mode=request_mode(request))
        return Response(card_to_dict(job))


class ImagePresetListApi(CardApiView):
    @extend_schema(operation_id="list_image_presets", responses={200: s.CardPresetListSerializer, 401: PROBLEM},
                   summary="The card designs (style.preset), with preview images")
    def get(self, request):
        return Response({"data": card_presets()})
