"""The Generate page's live preview: the form's answers, judged by the API's validator
and drawn by the same preview service as POST /api/v1/previews, for the signed-in
browser (session and CSRF), with the same rate limit."""
from __future__ import annotations

import base64

from django.utils.text import Truncator
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.throttling import PreviewRateThrottle
from config.problems import DomainError, problem_for_exception
from generation import engine
from generation.api.serializers import CreativeRequestSerializer
from generation.api.views import FirstRendererNegotiation
from generation.engine import FitReport
from generation.forms import API_FIELD_NAMES, GenerateForm
from generation.services_previews import preview_render


def fit_report_text(report: FitReport) -> str:
    """The fit report as the page says it, e.g. "Fits at 64 px on 2 lines"."""
    fmt = engine.FORMATS[report.format_code]
    if not report.fits:
        return (f"Too long for {fmt.code} ({fmt.width}×{fmt.height}) even at the smallest readable size: shorten "
                f"the claim or untick {fmt.code} (an image that cannot be made gives its credit back).")
    lines = len(report.lines)
    where = f"{report.font_size_px} px on {lines} line{'s' if lines != 1 else ''}"
    if report.shortened:
        part = {"first_sentence": "its first sentence", "first_clause": "its first clause"}.get(report.kept, "")
        shown = Truncator(" ".join(report.lines)).chars(60)
        return f"Too long for {fmt.code} in full: shortened to {part + ', ' if part else ''}“{shown}”, {where}"
    return f"Fits at {where}"


def _form_errors(error: Exception) -> dict[str, list[str]]:
    """A refusal's messages by the form field that shows them."""
    body, _ = problem_for_exception(error) or ({"errors": {"body": [str(error)]}}, {})
    errors: dict[str, list[str]] = {}
    for name, messages in (body.get("errors") or {"body": [body.get("detail", "")]}).items():
        errors.setdefault(API_FIELD_NAMES.get(name, name), []).extend(messages)
    return errors


@extend_schema(exclude=True)  # a page's endpoint, not the API: POST /api/v1/previews is documented
class GeneratePreviewPage(APIView):
    authentication_classes = [SessionAuthentication]  # the page's session, CSRF checked
    throttle_classes = [PreviewRateThrottle]
    parser_classes = [FormParser, MultiPartParser]
    content_negotiation_class = FirstRendererNegotiation

    def post(self, request):
        form = GenerateForm(request.POST)
        form.is_valid()  # the form only collects; the serializer judges
        serializer = CreativeRequestSerializer(data=form.to_api_body())
        try:
            serializer.is_valid(raise_exception=True)
            body = serializer.to_job_request()
            try:
                index = min(max(int(request.POST.get("preview_index", 0)), 0), len(body["formats"]) - 1)
            except ValueError:
                index = 0
            previews = preview_render(account=request.user.account, request=body, image_index=index)
        except (ValidationError, DomainError) as error:
            status = getattr(error, "status", 400)
            return Response({"errors": _form_errors(error)}, status=status)
        image = next(((i, p) for i, p in enumerate(previews) if p.png is not None), None)
        return Response({
            "reports": [{"index": i, **p.report.to_dict(), "text": fit_report_text(p.report)}
                        for i, p in enumerate(previews)],
            "image": None if image is None else {
                "index": image[0], "format": image[1].report.format_code, "width": image[1].width,
                "height": image[1].height, "src": "data:image/png;base64," + base64.b64encode(image[1].png).decode()},
        })
